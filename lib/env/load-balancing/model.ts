// System model of the load-balancing env (spec 02 §2–3, paper eqs. 5–11, 13–20): one named pure
// function per equation, built on lib/env/common, and `evaluateStep`, which applies them to every
// user and server for one step. Units are SI: bit, cycle, s, W, Hz, cycle/s.
//
// One step (spec 02 §3 and the final resolutions), given the start-of-step backlogs Q_m(t):
//   1. N_up = the users with a_n >= 1 (`offloading`) or N (`allUsers`); eq. (5) rate of each offloader;
//   2. t_local = C/f_local (a_n = 0, eq. 6; a free local CPU, A12); t_up = L/r (eq. 7);
//      forwarding t_tran = L/μ for m >= 2 (eq. 9, store-and-forward after the full upload, resolution 3);
//   3. arrival at server m: arr_n = t_up + t_tran; FCFS order by arr, ties → lower user index;
//      `paper`: t_resp = (Q_m + Σ_{i before n} C_i)/f_m + C_n/f_m (eq. 8, arrivals treated as simultaneous);
//      `event`: finish_k = max(finish_{k−1}, arr_k) + C_k/f_m, finish_0 = Q_m/f_m, t_resp = finish − arr;
//   4. t_n (eqs. 10–11) = t_local | t_up + t_resp | t_up + t_resp + t_tran;
//   5. post-decision load LD⁺_m = (Q_m + Σ_{n→m} C_n)/f_m (eqs. 13/15, A6), var = population variance (eq. 19);
//      R_n = −ω1·t_n − ω2·var(LD⁺) (eq. 20; t_n capped at `rewardDelayCapS` inside the reward only when set);
//   6. drain: `paper` Q_m(t+1) = max(0, Q_m + Σ C_n − f_m·Δt) (step 5 as written); `event`: the work still
//      unprocessed at Δt under exact FCFS with the actual arrivals (resolution 2): per job k (the backlog
//      is job 0, start 0, finish Q/f): C_k if start_k >= Δt, else f_m·(finish_k − Δt) if finish_k > Δt, else 0.

import {
  drainBacklog,
  edgeQueueTimesEvent,
  edgeQueueTimesPaper,
  gainFromPathLossDb,
  macro3gppPathLossDb,
  shannonRate,
} from '../common/index.js';
import type { BandwidthSplit, LoadBalancingConfig } from './config.js';
import { log1p } from '../../math/index.js';

/**
 * Channel gain g_n = 10^(−PL/10)·|h|², PL = 128.1 + 37.6·log10(d_km) dB (3GPP macro, spec §2 [R]).
 * Example: d = 100 m, |h|² = 1 ⇒ PL = 128.1 − 37.6 = 90.5 dB ⇒ g = 10^(−9.05) = 8.9125e−10.
 */
export function channelGain(distanceM: number, fadingPower: number): number {
  return gainFromPathLossDb(macro3gppPathLossDb(distanceM / 1000)) * fadingPower;
}

/**
 * Eq. (5): `r_n = (W/N_up)·log2(1 + p·g/((W/N_up)·N0))`, bit/s. When 1 + SNR rounds to 1, the
 * same quantity as `(W/N_up)·log1p(SNR)/ln 2`, so a positive SNR never gives a zero rate.
 * Example: W = 2e7, N_up = 2, p = 0.5, g = 1e−12, N0 = 4e−21 ⇒ w = 1e7, SNR = 5e−13/4e−14 = 12.5,
 * r = 1e7·log2(13.5) = 3.7549e7 bit/s.
 */
export function uplinkRate(bandwidthHz: number, numUp: number, txPowerW: number, gain: number, noisePsd: number): number {
  const w = bandwidthHz / numUp;
  const snr = (txPowerW * gain) / (w * noisePsd);
  const r = shannonRate(w, snr);
  return r === 0 && snr > 0 ? (w * log1p(snr)) / Math.LN2 : r;
}

/** N_up of eq. (5) (A2): the number of users with a_n >= 1 (`offloading`, at least 1) or N (`allUsers`). */
export function uplinkSharers(actions: ArrayLike<number>, split: BandwidthSplit): number {
  if (split === 'allUsers') return actions.length;
  let k = 0;
  for (let n = 0; n < actions.length; n++) if ((actions[n] as number) >= 1) k++;
  return k > 0 ? k : 1;
}

/** Eq. (6): `t_local = C/f_local`, s. Example: C = 1e9, f = 4e8 ⇒ 2.5 s. */
export function localDelay(cycles: number, localCpuHz: number): number {
  return cycles / localCpuHz;
}

/** Eq. (7): `t_up = L/r`, s. */
export function uploadDelay(bits: number, rateBps: number): number {
  return bits / rateBps;
}

/** Eq. (9): `t_tran = L/μ`, s (only m >= 2). Example: L = 3.2e6, μ = 1e9 ⇒ 3.2 ms. */
export function forwardDelay(bits: number, forwardRateBps: number): number {
  return bits / forwardRateBps;
}

/** Eq. (19): population variance `(1/M) Σ (x_m − mean)²` (A10). Example: [1, 2, 3] ⇒ 2/3. */
export function populationVariance(x: ArrayLike<number>): number {
  const M = x.length;
  let s = 0;
  for (let m = 0; m < M; m++) s += x[m] as number;
  const mean = s / M;
  let v = 0;
  for (let m = 0; m < M; m++) { const d = (x[m] as number) - mean; v += d * d; }
  return v / M;
}

/** Eq. (20): `R_n = −ω1·t_n − ω2·var`, with t_n replaced by min(t_n, cap) when `capS` is a number. */
export function userReward(delayS: number, loadVariance: number, omega1: number, omega2: number, capS: number | null): number {
  const t = capS !== null && delayS > capS ? capS : delayS;
  return -omega1 * t - omega2 * loadVariance;
}

/**
 * Resolution 2 (`event` drain): the work [cycle] still unprocessed at `stepS` under exact FCFS, with
 * the backlog as job 0 (start 0, finish Q/f) and each task's start/finish times (s from the step start).
 * Example: Q = 1e9, f = 1e10, Δt = 0.2, one task C = 2e9 arriving at 0.15 (start 0.15, finish 0.35):
 * backlog done at 0.1 ⇒ 0; task 1e10·(0.35 − 0.2) = 1.5e9 ⇒ 1.5e9 (idle 0.1–0.15 is not work).
 */
export function eventRemainingWork(backlogCycles: number, frequency: number, stepS: number, cycles: ArrayLike<number>, startS: ArrayLike<number>, finishS: ArrayLike<number>): number {
  const q0Finish = backlogCycles / frequency;
  let rem = q0Finish > stepS ? frequency * (q0Finish - stepS) : 0;
  for (let k = 0; k < cycles.length; k++) {
    const s = startS[k] as number, f = finishS[k] as number;
    if (s >= stepS) rem += cycles[k] as number;
    else if (f > stepS) rem += frequency * (f - stepS);
  }
  return rem;
}

/** What one step needs (the env's current state and the users' decisions). Arrays indexed by user n / server m−1. */
export interface StepInput {
  /** a_n ∈ {0, …, M} (0 = local, m = server m). */
  readonly actions: ArrayLike<number>;
  /** L_n, bit. */
  readonly taskBits: ArrayLike<number>;
  /** C_n, cycle. */
  readonly taskCycles: ArrayLike<number>;
  /** g_n (path loss × fading). */
  readonly gain: ArrayLike<number>;
  /** f_local,n, cycle/s. */
  readonly localCpuHz: ArrayLike<number>;
  /** f_m, cycle/s (length M). */
  readonly serverCpuHz: ArrayLike<number>;
  /** Q_m(t), cycle (length M). */
  readonly backlogCycles: ArrayLike<number>;
}

/** Model constants of a step (a resolved config has all of them). */
export type StepParams = Pick<LoadBalancingConfig, 'bandwidthHz' | 'txPowerW' | 'noisePsdWPerHz' | 'forwardRateBps' | 'stepDurationS' | 'omega1' | 'omega2' | 'bandwidthSplit' | 'queueModel' | 'rewardDelayCapS'>;

/** Everything one step produced. Per-user arrays have length N, per-server arrays length M (index m − 1). */
export interface StepOutcome {
  readonly numUp: number;
  /** r_n, bit/s (0 for local users). */
  readonly rateBps: Float64Array;
  /** t_local (local users), else 0. */
  readonly localS: Float64Array;
  /** t_up (offloaders), else 0. */
  readonly uploadS: Float64Array;
  /** t_tran (m >= 2), else 0. */
  readonly forwardS: Float64Array;
  /** Arrival time at the server t_up + t_tran (offloaders), else 0. */
  readonly arrivalS: Float64Array;
  /** t^wait, s (offloaders), else 0. */
  readonly waitS: Float64Array;
  /** t^comp = C/f_m, s (offloaders), else 0. */
  readonly computeS: Float64Array;
  /** t_n of eqs. (10)–(11), s. */
  readonly delayS: Float64Array;
  /** R_n (eq. 20). */
  readonly reward: Float64Array;
  /** LD⁺_m, s. */
  readonly loadAfter: Float64Array;
  /** var(LD⁺), s². */
  readonly loadVariance: number;
  /** Σ_{n→m} C_n, cycle. */
  readonly arrivedCycles: Float64Array;
  /** Tasks sent to server m this step. */
  readonly tasksPerServer: Int32Array;
  /** Q_m(t+1), cycle. */
  readonly nextBacklog: Float64Array;
}

/** One step of the model (see the file header). Inputs are assumed validated (the env does it). */
export function evaluateStep(input: StepInput, p: StepParams): StepOutcome {
  const { actions, taskBits, taskCycles, gain, localCpuHz, serverCpuHz, backlogCycles } = input;
  const N = actions.length, M = serverCpuHz.length;
  const numUp = uplinkSharers(actions, p.bandwidthSplit);
  const rateBps = new Float64Array(N), localS = new Float64Array(N), uploadS = new Float64Array(N), forwardS = new Float64Array(N);
  const arrivalS = new Float64Array(N), waitS = new Float64Array(N), computeS = new Float64Array(N), delayS = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const a = actions[n] as number;
    if (a === 0) {
      localS[n] = localDelay(taskCycles[n] as number, localCpuHz[n] as number);
      continue;
    }
    rateBps[n] = uplinkRate(p.bandwidthHz, numUp, p.txPowerW, gain[n] as number, p.noisePsdWPerHz);
    uploadS[n] = uploadDelay(taskBits[n] as number, rateBps[n] as number);
    forwardS[n] = a >= 2 ? forwardDelay(taskBits[n] as number, p.forwardRateBps) : 0;
    arrivalS[n] = (uploadS[n] as number) + (forwardS[n] as number);
  }
  const loadAfter = new Float64Array(M), arrivedCycles = new Float64Array(M), tasksPerServer = new Int32Array(M), nextBacklog = new Float64Array(M);
  for (let m = 1; m <= M; m++) {
    const users: number[] = [];
    for (let n = 0; n < N; n++) if (actions[n] === m) users.push(n);
    const f = serverCpuHz[m - 1] as number, q = backlogCycles[m - 1] as number;
    const cyc = users.map((n) => taskCycles[n] as number), arr = users.map((n) => arrivalS[n] as number);
    let arrived = 0;
    for (const c of cyc) arrived += c;
    if (p.queueModel === 'paper') {
      const t = edgeQueueTimesPaper(q, cyc, arr, f);
      users.forEach((n, k) => { waitS[n] = t.waitS[k] as number; computeS[n] = t.computeS[k] as number; delayS[n] = (uploadS[n] as number) + (t.responseS[k] as number) + (forwardS[n] as number); });
      nextBacklog[m - 1] = drainBacklog(q, arrived, f, p.stepDurationS);
    } else {
      const t = edgeQueueTimesEvent(q, cyc, arr, f);
      const start = users.map((_, k) => (arr[k] as number) + (t.waitS[k] as number));
      const finish = users.map((_, k) => (arr[k] as number) + (t.responseS[k] as number));
      users.forEach((n, k) => { waitS[n] = t.waitS[k] as number; computeS[n] = t.computeS[k] as number; delayS[n] = (arrivalS[n] as number) + (t.responseS[k] as number); });
      nextBacklog[m - 1] = eventRemainingWork(q, f, p.stepDurationS, cyc, start, finish);
    }
    arrivedCycles[m - 1] = arrived;
    tasksPerServer[m - 1] = users.length;
    loadAfter[m - 1] = (q + arrived) / f;
  }
  for (let n = 0; n < N; n++) if (actions[n] === 0) delayS[n] = localS[n] as number;
  const loadVariance = populationVariance(loadAfter);
  const reward = new Float64Array(N);
  for (let n = 0; n < N; n++) reward[n] = userReward(delayS[n] as number, loadVariance, p.omega1, p.omega2, p.rewardDelayCapS);
  return { numUp, rateBps, localS, uploadS, forwardS, arrivalS, waitS, computeS, delayS, reward, loadAfter, loadVariance, arrivedCycles, tasksPerServer, nextBacklog };
}
