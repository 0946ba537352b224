// Computation delay and energy, and transmission time and energy (spec 00 §2 "Computation and
// energy"). Units: cycles, cycle/s, s, J, W, bit, bit/s.
//
// Degenerate cases are defined, not errors, because envs hit them in normal play:
//   - no work (0 cycles / 0 bits) takes 0 s and 0 J whatever the speed or rate;
//   - positive work at zero speed (CPU share 0, rate 0) takes +Infinity s, unless a cap is given
//     (transmission: `maxTxTimeS`, 01 [R] `maxTxTime`, 04 [R] `delayCap`);
//   - zero transmit power spends 0 J even over an infinite time.

import { fail, inRange, nonNegative, positive } from './validate.js';

/**
 * Execution delay `cycles / (share·f)` in s. 01 eq. (3) `LocT = (1−α)ω/C_n` (share 1) and eq. (7)
 * `OffT^ex = αω/(f_n·C̄)`; 02 eq. (6); 04 eqs. (2), (3); 05 eq. (4) and eq. (6) `C/(β·F)`.
 * Example: 2.4e9 cycles on half of a 50 GHz server ⇒ 2.4e9/(0.5·5e10) = 0.096 s.
 *
 * @param cycles - work in cycles, finite and >= 0 (0 ⇒ 0 s).
 * @param frequency - CPU frequency in cycle/s, finite and > 0.
 * @param share - fraction of the CPU, in [0, 1] (default 1; 0 with positive work ⇒ +Infinity).
 */
export function computeDelay(cycles: number, frequency: number, share = 1): number {
  nonNegative('computeDelay', 'cycles', cycles);
  positive('computeDelay', 'frequency', frequency);
  inRange('computeDelay', 'share', share, 0, 1);
  if (cycles === 0) return 0;
  return share === 0 ? Infinity : cycles / (share * frequency);
}

/**
 * Per-cycle CPU energy `ε·C` in J. 01 eq. (4) (ε_n = 1e−9 J/cycle) and eq. (8) (ε̄ = 1e−11);
 * 04 eqs. (1), (4) (`d·ν·e`, [R] A1: local 1e−7, edge 1e−8 J/cycle).
 *
 * @param cycles - work in cycles, finite and >= 0.
 * @param joulesPerCycle - ε in J/cycle, finite and >= 0.
 */
export function perCycleEnergy(cycles: number, joulesPerCycle: number): number {
  nonNegative('perCycleEnergy', 'cycles', cycles);
  nonNegative('perCycleEnergy', 'joulesPerCycle', joulesPerCycle);
  return joulesPerCycle * cycles;
}

/**
 * Dynamic-power CPU energy `k·C·f²` in J (05 eq. 5, [R] A1: k = 1e−26).
 * Example: k = 1e−26, C = 1e9, f = 1e9 ⇒ 1e−26·1e9·1e18 = 10 J.
 *
 * @param cycles - work C in cycles, finite and >= 0.
 * @param frequency - CPU frequency f in cycle/s, finite and >= 0.
 * @param capacitance - effective switched capacitance k in J·s²/cycle³, finite and >= 0.
 */
export function dynamicPowerEnergy(cycles: number, frequency: number, capacitance: number): number {
  nonNegative('dynamicPowerEnergy', 'cycles', cycles);
  nonNegative('dynamicPowerEnergy', 'frequency', frequency);
  nonNegative('dynamicPowerEnergy', 'capacitance', capacitance);
  return capacitance * cycles * frequency * frequency;
}

/**
 * Per-workload energy `φ·ℓ` in J (03: local `e_c = φ_c·ℓ_c`, MEC `e_o = φ_o·ℓ_o`, eq. 7).
 *
 * @param workload - ℓ in workload units (03: wu), finite and >= 0.
 * @param joulesPerUnit - φ in J per workload unit, finite and >= 0.
 */
export function workloadEnergy(workload: number, joulesPerUnit: number): number {
  nonNegative('workloadEnergy', 'workload', workload);
  nonNegative('workloadEnergy', 'joulesPerUnit', joulesPerUnit);
  return joulesPerUnit * workload;
}

/**
 * Power × time energy `P·T` in J. 05 eq. (7) `E^m = P_m·T^m`, eq. (3); 04 eq. (8); 03 (AP carrier
 * `p·t_b`, reception `p_{a,r}·t_a`).
 *
 * @param powerW - power in W, finite and >= 0.
 * @param durationS - time in s, >= 0 (+Infinity allowed; 0 W × ∞ s = 0 J).
 */
export function powerTimeEnergy(powerW: number, durationS: number): number {
  nonNegative('powerTimeEnergy', 'powerW', powerW);
  if (typeof durationS !== 'number' || !(durationS >= 0)) {
    fail('powerTimeEnergy', 'durationS', 'a number >= 0 (+Infinity allowed)', durationS, typeof durationS !== 'number');
  }
  return powerW === 0 ? 0 : powerW * durationS;
}

function checkCap(fn: string, maxTxTimeS: number | null | undefined): void {
  if (maxTxTimeS !== null && maxTxTimeS !== undefined) positive(fn, 'maxTxTimeS', maxTxTimeS);
}

/**
 * Transmission time `bits / rate` in s. 01 eq. (5), 02 eq. (7), 04 eq. (7), 05 eq. (2).
 * 0 bits ⇒ 0 s (even at rate 0); rate 0 with bits > 0 ⇒ +Infinity, or `maxTxTimeS` if given.
 * With a cap the result is `min(bits/rate, maxTxTimeS)` (01 [R] `maxTxTime`, 04 [R] `delayCap`).
 *
 * @param bits - data in bit, finite and >= 0.
 * @param rateBps - rate in bit/s, finite and >= 0.
 * @param maxTxTimeS - optional cap in s, finite and > 0; `null`/omitted = no cap.
 */
export function transmissionTime(bits: number, rateBps: number, maxTxTimeS: number | null = null): number {
  nonNegative('transmissionTime', 'bits', bits);
  nonNegative('transmissionTime', 'rateBps', rateBps);
  checkCap('transmissionTime', maxTxTimeS);
  if (bits === 0) return 0;
  const t = rateBps === 0 ? Infinity : bits / rateBps;
  return maxTxTimeS !== null && t > maxTxTimeS ? maxTxTimeS : t;
}

/**
 * Transmission energy `p · bits / rate` in J, computed on the (possibly capped) transmission time
 * of {@link transmissionTime}. 01 eq. (6), 04 eq. (8), 05 eq. (3). Zero-rate case: +Infinity J if
 * `p > 0` and no cap; 0 J if `p = 0` or `bits = 0`.
 * Example: 0.2 W, 2e6 bit at 5e7 bit/s ⇒ 0.2·0.04 = 0.008 J.
 *
 * @param powerW - transmit power in W, finite and >= 0.
 * @param bits - data in bit, finite and >= 0.
 * @param rateBps - rate in bit/s, finite and >= 0.
 * @param maxTxTimeS - optional cap on the time in s, finite and > 0; `null`/omitted = no cap.
 */
export function transmissionEnergy(powerW: number, bits: number, rateBps: number, maxTxTimeS: number | null = null): number {
  nonNegative('transmissionEnergy', 'powerW', powerW);
  nonNegative('transmissionEnergy', 'bits', bits);
  nonNegative('transmissionEnergy', 'rateBps', rateBps);
  checkCap('transmissionEnergy', maxTxTimeS);
  if (powerW === 0) return 0;
  return powerW * transmissionTime(bits, rateBps, maxTxTimeS);
}
