// Unit conversions used by the five MEC papers (spec 00 "Conventions"). Everything downstream works
// in SI: W, J, s, bit, cycle, cycle/s, Hz. Decimal prefixes unless a function says otherwise.

import { fail, finite, nonNegative, positive } from './validate.js';
import { log10, pow } from '../../math/index.js';

/**
 * Power in dBm to watts: `P[W] = 10^((P[dBm] − 30)/10)`. Spec 00 conventions; 01 P_max, 02 noise.
 * Example: 23 dBm = 10^(−0.7) = 0.19953 W.
 *
 * @param dbm - power in dBm, any finite number.
 * @returns power in W, > 0.
 */
export function dbmToWatts(dbm: number): number {
  finite('dbmToWatts', 'dbm', dbm);
  return pow(10, (dbm - 30) / 10);
}

/**
 * Power in watts to dBm: `10·log10(P[W]) + 30`. Inverse of {@link dbmToWatts}.
 *
 * @param watts - power in W, finite and >= 0 (0 W gives −Infinity dBm).
 * @returns power in dBm.
 */
export function wattsToDbm(watts: number): number {
  nonNegative('wattsToDbm', 'watts', watts);
  return 10 * log10(watts) + 30;
}

/**
 * Decibels to a linear power ratio: `10^(dB/10)`. Used for SINR thresholds (04: −15 dB = 0.03162,
 * 10 dB = 10) and path-loss gains.
 *
 * @param db - ratio in dB, any finite number.
 * @returns linear ratio, > 0.
 */
export function dbToLinear(db: number): number {
  finite('dbToLinear', 'db', db);
  return pow(10, db / 10);
}

/**
 * Linear power ratio to decibels: `10·log10(x)`.
 *
 * @param ratio - linear ratio, finite and >= 0 (0 gives −Infinity dB).
 * @returns ratio in dB.
 */
export function linearToDb(ratio: number): number {
  nonNegative('linearToDb', 'ratio', ratio);
  return 10 * log10(ratio);
}

/**
 * Thermal-noise power over a band from its power spectral density: `N0[W/Hz]·B` with
 * `N0[W/Hz] = 10^((psd[dBm/Hz] − 30)/10)`. 01 (`N0·B`, eq. 1), 02 (eq. 5 with `B = W/N_up`),
 * 04 (σ_n² written `psd + 10·log10(B_n)` dBm).
 * Example: −174 dBm/Hz over 10 MHz = 3.981e−21 W/Hz · 1e7 Hz = 3.981e−14 W.
 *
 * @param psdDbmPerHz - noise PSD in dBm/Hz, any finite number (thermal: −174).
 * @param bandwidthHz - bandwidth in Hz, finite and > 0.
 * @returns noise power in W, > 0.
 */
export function noisePowerW(psdDbmPerHz: number, bandwidthHz: number): number {
  finite('noisePowerW', 'psdDbmPerHz', psdDbmPerHz);
  positive('noisePowerW', 'bandwidthHz', bandwidthHz);
  return pow(10, (psdDbmPerHz - 30) / 10) * bandwidthHz;
}

/**
 * Bits in one kilobyte: 8 000 (decimal, the default of every spec: 01 A9, 02 A1, 05 A4) or 8 192
 * (binary, `kiloByteBits` option).
 */
export type KiloByteBits = 8000 | 8192;

function checkKiloByteBits(fn: string, kiloByteBits: KiloByteBits): void {
  if (kiloByteBits !== 8000 && kiloByteBits !== 8192) {
    fail(fn, 'kiloByteBits', '8000 or 8192', kiloByteBits, typeof kiloByteBits !== 'number');
  }
}

/**
 * Kilobytes to bits: `kB · kiloByteBits`. 01 (task size U[200, 300] KB), 02 (U[300, 500] KB).
 * Example: 200 KB = 1.6e6 bit (decimal) or 1 638 400 bit (binary).
 *
 * @param kiloBytes - size in KB, finite and >= 0.
 * @param kiloByteBits - 8000 (default) or 8192.
 * @returns size in bit.
 */
export function kiloBytesToBits(kiloBytes: number, kiloByteBits: KiloByteBits = 8000): number {
  nonNegative('kiloBytesToBits', 'kiloBytes', kiloBytes);
  checkKiloByteBits('kiloBytesToBits', kiloByteBits);
  return kiloBytes * kiloByteBits;
}

/**
 * Megabytes to bits. Decimal: 1 MB = 1 000 KB = 8e6 bit (05: D ∈ [0.5, 1.5] MB = [4e6, 1.2e7] bit).
 * Binary (`kiloByteBits = 8192`): 1 MB = 1 024 KB = 8 388 608 bit — the prefix step follows the
 * kilobyte's base, so the two options are 10³ and 2¹⁰ throughout.
 *
 * @param megaBytes - size in MB, finite and >= 0.
 * @param kiloByteBits - 8000 (default) or 8192.
 * @returns size in bit.
 */
export function megaBytesToBits(megaBytes: number, kiloByteBits: KiloByteBits = 8000): number {
  nonNegative('megaBytesToBits', 'megaBytes', megaBytes);
  checkKiloByteBits('megaBytesToBits', kiloByteBits);
  return megaBytes * (kiloByteBits === 8000 ? 1000 : 1024) * kiloByteBits;
}

/**
 * CPU frequency in GHz to cycle/s: `× 1e9`. 01 (C_n = 1 GHz, C̄ = 50 GHz), 02, 04, 05.
 *
 * @param gigaHertz - frequency in GHz, finite and >= 0.
 * @returns cycle/s.
 */
export function gigaHertzToCyclesPerSecond(gigaHertz: number): number {
  nonNegative('gigaHertzToCyclesPerSecond', 'gigaHertz', gigaHertz);
  return gigaHertz * 1e9;
}

/**
 * CPU frequency in MHz to cycle/s: `× 1e6`. 02 (f_local ∈ U[300, 500] MHz).
 *
 * @param megaHertz - frequency in MHz, finite and >= 0.
 * @returns cycle/s.
 */
export function megaHertzToCyclesPerSecond(megaHertz: number): number {
  nonNegative('megaHertzToCyclesPerSecond', 'megaHertz', megaHertz);
  return megaHertz * 1e6;
}

/**
 * Bandwidth in MHz to Hz: `× 1e6`. 01 (B = 10 MHz), 02 (W = 20 MHz), 05 (B_i = 15 MHz).
 *
 * @param megaHertz - bandwidth in MHz, finite and >= 0.
 * @returns Hz.
 */
export function megaHertzToHertz(megaHertz: number): number {
  nonNegative('megaHertzToHertz', 'megaHertz', megaHertz);
  return megaHertz * 1e6;
}

/**
 * Gigacycles to cycles: `× 1e9`. A task "of x GHz" means x·1e9 cycles (spec 00; 05 C ∈ [1, 1.2]).
 *
 * @param gigaCycles - work in Gcycle, finite and >= 0.
 * @returns cycles.
 */
export function gigaCyclesToCycles(gigaCycles: number): number {
  nonNegative('gigaCyclesToCycles', 'gigaCycles', gigaCycles);
  return gigaCycles * 1e9;
}

/**
 * Megacycles to cycles: `× 1e6`. 02 (C ∈ U[800, 1200] Mcycles).
 *
 * @param megaCycles - work in Mcycle, finite and >= 0.
 * @returns cycles.
 */
export function megaCyclesToCycles(megaCycles: number): number {
  nonNegative('megaCyclesToCycles', 'megaCycles', megaCycles);
  return megaCycles * 1e6;
}

/**
 * Energy per gigacycle to energy per cycle: `J/Gcycle × 1e−9`. 01: ε = 1 J/Gcycle = 1e−9 J/cycle,
 * ε̄ = 10 mJ/Gcycle = 0.01 J/Gcycle = 1e−11 J/cycle.
 *
 * @param joulesPerGigaCycle - J/Gcycle, finite and >= 0.
 * @returns J/cycle.
 */
export function joulesPerGigaCycleToJoulesPerCycle(joulesPerGigaCycle: number): number {
  nonNegative('joulesPerGigaCycleToJoulesPerCycle', 'joulesPerGigaCycle', joulesPerGigaCycle);
  return joulesPerGigaCycle * 1e-9;
}
