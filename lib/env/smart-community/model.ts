// The pure equations of spec 05 (Chen et al., IEEE TMC 2024) and the settlement of one community's
// sub-slot (§2.2 step 4 with the "readings left open" resolutions). No state, no randomness: the env
// (env.ts) owns buffers, batteries, reservations and draws, and calls these.
//
//   (1)  r    = w·B_avail·log2(1 + P·g/(σ²·l))                               communityUplinkRate
//   (2)  T^tr = D/r             (3) E^tr = P·T^tr                          transmissionTime/-Energy (common)
//   (4)  T^l  = C/f             (5) E^l  = k·C·f²                          computeDelay, dynamicPowerEnergy (common)
//   (6)  T^m  = C/(β·F_avail)   (7) E^m  = P_m·T^m                         computeDelay, powerTimeEnergy (common)
//   (8)–(11) battery b ← min(max(b + e_t − charge, 0), b_max)              updateBattery (common)
//   (12) upload failure charge   P·min(τ_s, T^tr)                          uploadFailureCharge   (A8, resolution 4)
//   (13) MEC failure charge      E^tr + clip((τ_s − T^tr)/T^m, 0, 1)·E^m   mecFailureCharge      (A9 `literal`: ·E^tr)
//   (14) T = (1−α)T^l + α(T^tr + T^m) + T^w                                communityTaskDelay
//   (15) E = (1−α)E^l + α(E^tr + E^m)                                      (nominal energy of a decided task)
//   (19) reward −(q_t·T + q_e·E) on success, −q_p on a C2/C3 failure       taskReward
//
// Settlement of a task started in sub-slot t (outcome fixed at decision time, resolution 4):
//   local    success iff T^w + T^l ≤ T_d and E^l ≤ b(t); either way E^l is charged (eqs. 9, 10).
//   offload  success iff T^w + T^tr + T^m ≤ T_d and E_dev ≤ b(t), E_dev = E^tr + E^m (E^tr only when
//            `chargeMecEnergyToDevice` is false); failure IN UPLOAD iff T^w + T^tr > T_d or E^tr > b(t)
//            (charge 12), else failure AT THE MEC (charge 13).
//   b(t) is the level at the start of the sub-slot, before its harvest (resolution 3).
//   Cause: C2 (deadline) if the delay bound is violated, else C3 (battery); both ⇒ C2 and
//   `bothViolated` (resolution 5).
// A zero upload rate (possible only when log2(1 + SNR) underflows) gives T^tr = ∞: an upload
// failure charged P·τ_s, whose nominal energy is recorded as that charge (eq. 15 is infinite). [choice]

import {
  computeDelay,
  dynamicPowerEnergy,
  powerTimeEnergy,
  ratioFromTanh,
  sinr,
  spectralEfficiency,
} from '../common/index.js';
import type { Eq13Mode, FailureReward } from './config.js';

/** (1) r = bandwidthHz·log2(1 + P·g/(σ²·l)) [bit/s]; `bandwidthHz` = w·B_avail. */
export function communityUplinkRate(bandwidthHz: number, txPowerW: number, gain: number, noisePowerW: number, distanceM: number): number {
  return bandwidthHz * spectralEfficiency(sinr(txPowerW, gain / distanceM, noisePowerW));
}

/** (12) with A8/resolution 4: `P·min(τ_s, T^tr)` [J] (the ratio τ_s/T^tr clipped to [0, 1] times E^tr = P·T^tr). */
export function uploadFailureCharge(txPowerW: number, txTimeS: number, subSlotS: number): number {
  return txPowerW * Math.min(subSlotS, txTimeS);
}

/** (13) with A9/resolution 4: `E^tr + clip((τ_s − T^tr)/T^m, 0, 1)·X`, X = E^m (`corrected`) or E^tr (`literal`). */
export function mecFailureCharge(txEnergyJ: number, mecEnergyJ: number, txTimeS: number, mecTimeS: number, subSlotS: number, mode: Eq13Mode): number {
  const raw = mecTimeS > 0 ? (subSlotS - txTimeS) / mecTimeS : subSlotS >= txTimeS ? 1 : 0;
  const frac = raw < 0 ? 0 : raw > 1 ? 1 : raw;
  return txEnergyJ + frac * (mode === 'corrected' ? mecEnergyJ : txEnergyJ);
}

/** (14) T = (1−α)·T^l + α·(T^tr + T^m) + T^w with binary α. */
export function communityTaskDelay(alpha: 0 | 1, localS: number, txS: number, mecS: number, waitS: number): number {
  return (alpha === 0 ? localS : txS + mecS) + waitS;
}

/** (19) instant reward of one task: `−(q_t·T + q_e·E)` on success; on failure `−q_p` (`paper`) or `−q_p − (q_t·T + q_e·E)` (`penaltyPlusCost`, T and E spent). */
export function taskReward(success: boolean, qT: number, qE: number, qP: number, delayS: number, energyJ: number, failureReward: FailureReward): number {
  const cost = qT * delayS + qE * energyJ;
  if (success) return -cost;
  return failureReward === 'paper' ? -qP : -qP - cost;
}

/** Spec §3 decoding of one community's tanh action [α_1..α_n, w_1..w_n, β_1..β_n]. */
export interface CommunityDecision {
  /** α_j ∈ {0, 1}: 1 iff the tanh output > 0. */
  readonly offload: Uint8Array;
  /** Raw bandwidth weight `(a + 1)/2 + ε` (normalised over the tasks offloaded in the sub-slot). */
  readonly wRaw: Float64Array;
  /** Raw compute weight `(a + 1)/2 + ε`. */
  readonly betaRaw: Float64Array;
}

/** Decode a tanh action of length 3n (spec §3: α iff > 0; raw shares (a+1)/2 + shareEpsilon). */
export function decodeCommunityAction(a: ArrayLike<number>, n: number, shareEpsilon: number): CommunityDecision {
  const offload = new Uint8Array(n), wRaw = new Float64Array(n), betaRaw = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    offload[j] = (a[j] as number) > 0 ? 1 : 0;
    wRaw[j] = ratioFromTanh(a[n + j] as number) + shareEpsilon;
    betaRaw[j] = ratioFromTanh(a[2 * n + j] as number) + shareEpsilon;
  }
  return { offload, wRaw, betaRaw };
}

/** Failure cause (resolution 3/5): `deadline` = C2 (also when C3 is violated too), `battery` = C3, `timeout` = queue time-out. */
export type FailureCause = 'deadline' | 'battery' | 'timeout';

/** The settled outcome of one task. */
export interface TaskOutcome {
  readonly device: number;
  readonly alpha: 0 | 1;
  readonly success: boolean;
  /** null on success. */
  readonly cause: FailureCause | null;
  /** Both C2 and C3 violated (counted as `deadline`). */
  readonly bothViolated: boolean;
  /** Offload failures: 'upload' (eq. 12) or 'mec' (eq. 13); otherwise null. */
  readonly failedIn: 'upload' | 'mec' | null;
  /** T^w [s] (for a time-out: the waiting time at the time-out). */
  readonly waitS: number;
  /** T of eq. (14) [s] (time-out: the waiting time). */
  readonly delayS: number;
  /** E of eq. (15) [J] (time-out: 0). */
  readonly nominalEnergyJ: number;
  /** Energy charged by eqs. (9)–(13) [J] (time-out: 0). */
  readonly chargedEnergyJ: number;
  /** Part of `chargedEnergyJ` taken from the ED battery [J]. */
  readonly deviceChargeJ: number;
  /** β_j (normalised share of F_avail) of an offloaded task; 0 for local tasks. */
  readonly beta: number;
  /** Bandwidth [Hz] and compute [cycle/s] reserved, and until when [s] (offloads; 0 otherwise). */
  readonly bandwidthHz: number;
  readonly bandwidthUntilS: number;
  readonly computeHz: number;
  readonly computeUntilS: number;
  /** When the ED is free again [s]. */
  readonly busyUntilS: number;
  /** Reward of eq. (19) (before `rewardScale`). */
  readonly reward: number;
}

/** What the settlement needs of one community at the start of sub-slot t. */
export interface SubSlotInput {
  /** Sub-slot start [s] (t·τ_s). */
  readonly nowS: number;
  /** Next sub-slot's start [s] ((t+1)·τ_s, computed the same way, so "free at the next sub-slot" compares exactly). */
  readonly nextS: number;
  readonly subSlotS: number;
  readonly deadlineS: number;
  /** Per ED: head task of an idle ED (null if busy or empty): D [bit], C [cycle], T^w [s]. */
  readonly head: readonly ({ readonly dataBits: number; readonly cycles: number; readonly waitS: number } | null)[];
  /** Per ED: b(t) [J] (before this sub-slot's harvest). */
  readonly battery: ArrayLike<number>;
  readonly txPowerW: ArrayLike<number>;
  readonly cpuHz: ArrayLike<number>;
  readonly distanceM: ArrayLike<number>;
  readonly gain: ArrayLike<number>;
  /** B_avail, F_avail at the start of the sub-slot. */
  readonly bandwidthAvailHz: number;
  readonly computeAvailHz: number;
  /** Totals B_i, F_i (for `minShare`). */
  readonly bandwidthHz: number;
  readonly computeHz: number;
  readonly q: { readonly t: number; readonly e: number; readonly p: number };
}

/** Model constants of the settlement. */
export interface SettleParams {
  readonly capacitance: number;
  readonly noisePowerW: number;
  readonly mecPowerW: number;
  readonly minShare: number;
  readonly eq13Mode: Eq13Mode;
  readonly chargeMecEnergyToDevice: boolean;
  readonly failureReward: FailureReward;
}

/** Local execution of a task started now (eqs. 4, 5, 9, 10). */
export function settleLocal(device: number, task: { dataBits: number; cycles: number; waitS: number }, s: SubSlotInput, p: SettleParams): TaskOutcome {
  const f = s.cpuHz[device] as number, b = s.battery[device] as number;
  const tl = computeDelay(task.cycles, f);
  const el = dynamicPowerEnergy(task.cycles, f, p.capacitance);
  const late = task.waitS + tl > s.deadlineS, poor = el > b;
  const success = !late && !poor;
  const delay = communityTaskDelay(0, tl, 0, 0, task.waitS);
  const spentDelay = success ? delay : task.waitS + s.subSlotS;
  return {
    device, alpha: 0, success, cause: success ? null : late ? 'deadline' : 'battery', bothViolated: late && poor, failedIn: null,
    waitS: task.waitS, delayS: delay, nominalEnergyJ: el, chargedEnergyJ: el, deviceChargeJ: el, beta: 0,
    bandwidthHz: 0, bandwidthUntilS: 0, computeHz: 0, computeUntilS: 0,
    busyUntilS: success ? s.nowS + tl : s.nextS,
    reward: taskReward(success, s.q.t, s.q.e, s.q.p, success ? delay : spentDelay, el, p.failureReward),
  };
}

/** Offloaded execution with bandwidth `bwHz` and compute `cpuHz` (eqs. 1–3, 6, 7, 11–13). */
export function settleOffload(device: number, task: { dataBits: number; cycles: number; waitS: number }, bwHz: number, cpuHz: number, beta: number, s: SubSlotInput, p: SettleParams): TaskOutcome {
  const P = s.txPowerW[device] as number, b = s.battery[device] as number;
  const rate = communityUplinkRate(bwHz, P, s.gain[device] as number, p.noisePowerW, s.distanceM[device] as number);
  const ttr = rate > 0 ? task.dataBits / rate : Infinity;
  const etr = P * ttr;
  const tm = computeDelay(task.cycles, cpuHz);
  const em = powerTimeEnergy(p.mecPowerW, tm);
  const eDev = p.chargeMecEnergyToDevice ? etr + em : etr;
  const late = task.waitS + ttr + tm > s.deadlineS, poor = eDev > b;
  const success = !late && !poor;
  const next = s.nextS;
  let charged: number, failedIn: 'upload' | 'mec' | null = null;
  if (success) charged = etr + em;
  else if (task.waitS + ttr > s.deadlineS || etr > b) {
    failedIn = 'upload';
    charged = uploadFailureCharge(P, ttr, s.subSlotS);
  } else {
    failedIn = 'mec';
    charged = mecFailureCharge(etr, em, ttr, tm, s.subSlotS, p.eq13Mode);
  }
  // With `chargeMecEnergyToDevice: false` the battery pays only the upload part of the charge.
  const deviceCharge = p.chargeMecEnergyToDevice ? charged : Math.min(charged, failedIn === 'upload' ? charged : etr);
  const nominal = Number.isFinite(ttr) ? etr + em : charged;
  const delay = communityTaskDelay(1, 0, ttr, tm, task.waitS);
  return {
    device, alpha: 1, success, cause: success ? null : late ? 'deadline' : 'battery', bothViolated: late && poor, failedIn,
    waitS: task.waitS, delayS: Number.isFinite(delay) ? delay : task.waitS + s.subSlotS, nominalEnergyJ: nominal, chargedEnergyJ: charged, deviceChargeJ: deviceCharge, beta,
    bandwidthHz: bwHz, bandwidthUntilS: success ? s.nowS + ttr : next,
    computeHz: cpuHz, computeUntilS: success ? s.nowS + ttr + tm : next,
    busyUntilS: success ? s.nowS + ttr + tm : next,
    reward: taskReward(success, s.q.t, s.q.e, s.q.p, success ? delay : task.waitS + s.subSlotS, charged, p.failureReward),
  };
}

/**
 * Settles one community's sub-slot: for every idle ED with a head task, the decision's α; the
 * offloaded tasks share B_avail and F_avail by their raw weights normalised over the offloaded tasks
 * of this sub-slot (C4, C5, A21). An offloaded task whose bandwidth or compute share is zero or below
 * `minShare` of the total stays queued (no outcome; shares are not redistributed). [choice]
 * Returns the outcomes in device order; queued devices are listed in `queued`.
 */
export function settleSubSlot(s: SubSlotInput, d: CommunityDecision, p: SettleParams): { readonly outcomes: TaskOutcome[]; readonly queued: number[] } {
  const n = s.head.length;
  let wSum = 0, bSum = 0;
  for (let j = 0; j < n; j++) {
    if (s.head[j] !== null && d.offload[j] === 1) {
      wSum += d.wRaw[j] as number;
      bSum += d.betaRaw[j] as number;
    }
  }
  const outcomes: TaskOutcome[] = [], queued: number[] = [];
  for (let j = 0; j < n; j++) {
    const task = s.head[j];
    if (task === null || task === undefined) continue;
    if (d.offload[j] === 0) {
      outcomes.push(settleLocal(j, task, s, p));
      continue;
    }
    const w = (d.wRaw[j] as number) / wSum, beta = (d.betaRaw[j] as number) / bSum;
    const bw = w * s.bandwidthAvailHz, cpu = beta * s.computeAvailHz;
    if (!(bw > 0) || !(cpu > 0) || bw < p.minShare * s.bandwidthHz || cpu < p.minShare * s.computeHz) {
      queued.push(j);
      continue;
    }
    outcomes.push(settleOffload(j, task, bw, cpu, beta, s, p));
  }
  return { outcomes, queued };
}
