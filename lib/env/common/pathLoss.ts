// Large-scale path-loss models of papers 01–05 (spec 00 §2 "Path-loss models"). The dB models
// return the loss PL in dB; turn it into a linear power gain with gainFromPathLossDb. The power-law
// and inverse-distance models return the linear gain directly, as their papers write them.
// Every model is meaningless at d → 0 (PL → −∞, gain → ∞): pass distances through
// minDistanceGuard first (01 [R] minLinkDistance = 10 m).

import { finite, nonNegative, positive } from './validate.js';
import { log10, pow } from '../../math/index.js';

/**
 * Okumura–Hata urban macro path loss of paper 01 (§V setup): `PL = 137.74 + 35.22·log10(d)`,
 * d in **km**. Example: d = 0.1 km ⇒ 137.74 + 35.22·(−1) = 102.52 dB.
 *
 * @param distanceKm - UE–SBS distance in km, finite and > 0 (guard with {@link minDistanceGuard}).
 * @returns path loss in dB.
 */
export function okumuraHataPathLossDb(distanceKm: number): number {
  positive('okumuraHataPathLossDb', 'distanceKm', distanceKm);
  return 137.74 + 35.22 * log10(distanceKm);
}

/**
 * Log-distance path loss of paper 03 (§IV): `L = 20 + 20·log10(d)` dB, d in **m** (log10, [R] A14).
 * Example: d = 7.071 m ⇒ 36.99 dB; d = 10 m ⇒ 40 dB.
 *
 * @param distanceM - user–AP distance in m, finite and > 0.
 * @returns path loss in dB.
 */
export function logDistancePathLossDb(distanceM: number): number {
  positive('logDistancePathLossDb', 'distanceM', distanceM);
  return 20 + 20 * log10(distanceM);
}

/**
 * 3GPP macro-cell path loss (TR 36.814), the [R] channel of paper 02:
 * `PL = 128.1 + 37.6·log10(d)` dB, d in **km**. Example: d = 1 km ⇒ 128.1 dB.
 *
 * @param distanceKm - user–eNB distance in km, finite and > 0.
 * @returns path loss in dB.
 */
export function macro3gppPathLossDb(distanceKm: number): number {
  positive('macro3gppPathLossDb', 'distanceKm', distanceKm);
  return 128.1 + 37.6 * log10(distanceKm);
}

/**
 * Linear large-scale power gain from a path loss in dB: `10^(−PL/10)`. 01 (`L(d)`), 02, 03
 * (`h = sqrt(10^(−L/10))·h̃` — take the square root for the amplitude).
 *
 * @param pathLossDb - path loss in dB, any finite number.
 * @returns linear power gain, > 0.
 */
export function gainFromPathLossDb(pathLossDb: number): number {
  finite('gainFromPathLossDb', 'pathLossDb', pathLossDb);
  return pow(10, -pathLossDb / 10);
}

/**
 * Power-law large-scale gain of paper 04 (Table I): `d^(−a)`, d in **m**, a = 2.5.
 * Example: d = 1000 m, a = 2.5 ⇒ 10^(−7.5) = 3.1623e−8.
 *
 * @param distanceM - user–gateway distance in m, finite and > 0.
 * @param exponent - path-loss exponent a, finite and >= 0.
 * @returns linear power gain.
 */
export function powerLawGain(distanceM: number, exponent: number): number {
  positive('powerLawGain', 'distanceM', distanceM);
  nonNegative('powerLawGain', 'exponent', exponent);
  return pow(distanceM, -exponent);
}

/**
 * Inverse-distance gain of paper 05 (eq. 1, [R] A20: the SNR is `P·g/(σ²·l)`, linear in l):
 * `1/l`, l in **m**. Multiply the fading gain g by it to get the link gain.
 *
 * @param distanceM - ED–AP distance in m, finite and > 0.
 * @returns linear power gain `1/l` (1/m).
 */
export function inverseDistanceGain(distanceM: number): number {
  positive('inverseDistanceGain', 'distanceM', distanceM);
  return 1 / distanceM;
}

/**
 * Minimum-distance guard `max(d, dMin)` (01 [R] `minLinkDistance = 10 m`; any model, any unit —
 * d and dMin must share it).
 *
 * @param distance - distance, finite and >= 0.
 * @param minDistance - floor, finite and > 0, same unit as `distance`.
 * @returns `max(distance, minDistance)`.
 */
export function minDistanceGuard(distance: number, minDistance: number): number {
  nonNegative('minDistanceGuard', 'distance', distance);
  positive('minDistanceGuard', 'minDistance', minDistance);
  return distance > minDistance ? distance : minDistance;
}
