// Per-step metrics of the small-cell env (spec 01 §5), built from one slot's outcome:
//   - per cell (the agent's `infos[sbs_m]`): the local reward R_m^FL, energy sums split local / edge
//     (transmit + execution), UE counts, latency hits, delays, and per-UE arrays;
//   - system-wide (`infos[sbs_m].system`, the same object for every agent, and `env.lastStepMetrics`):
//     the system reward Σ_m R_m^FL (spec 01 A8), energy sums, latency-guaranteed count and rate, and
//     per-UE energy arrays over all N UEs (so an experiment can take means, medians and trimmed means).
// Energies in J, delays in s, rates in bit/s; sums are taken in UE order (cell by cell).
// Everything is plain JSON (numbers, booleans, arrays), so infos print and serialise as they are.

import type { CellDecision } from './decode.js';
import type { SlotOutcome } from './model.js';

/** Per-UE values of one cell, index n = UE n of the cell. */
export type SmallCellUeMetrics = {
  /** Decided α_n (after snapping and forced-local). */
  readonly alpha: readonly number[];
  /** Channel, or −1 for a local UE. */
  readonly channel: readonly number[];
  readonly powerW: readonly number[];
  readonly cpuShare: readonly number[];
  /** True when the UE asked to offload but got no channel (forced local). */
  readonly forcedLocal: readonly boolean[];
  /** SINR at the own SBS (0 when local). */
  readonly sinr: readonly number[];
  /** U_n, bit/s (0 when local). */
  readonly rateBps: readonly number[];
  /** LocT (eq. 3). */
  readonly localDelayS: readonly number[];
  /** OffT^tr (eq. 5). */
  readonly txDelayS: readonly number[];
  /** OffT^ex (eq. 7). */
  readonly execDelayS: readonly number[];
  /** T_n = max(LocT, OffT). */
  readonly delayS: readonly number[];
  /** T̃_n. */
  readonly deadlineS: readonly number[];
  /** LocE (eq. 4). */
  readonly localEnergyJ: readonly number[];
  /** OffE^tr (eq. 6). */
  readonly txEnergyJ: readonly number[];
  /** OffE^ex (eq. 8). */
  readonly execEnergyJ: readonly number[];
  /** LocE + OffE. */
  readonly energyJ: readonly number[];
  /** V_n (eq. 13, floored). */
  readonly latencyTerm: readonly number[];
  /** T_n <= T̃_n. */
  readonly latencyMet: readonly boolean[];
};

/** Metrics of one cell for one slot: `infos[sbs_m]` without `system`. */
export type SmallCellCellMetrics = {
  /** Cell index m. */
  readonly cell: number;
  /** R_m^FL (eq. 23), whatever the reward mode. */
  readonly localReward: number;
  /** N_m. */
  readonly numUes: number;
  /** UEs with α > 0. */
  readonly offloadingUes: number;
  /** UEs with α = 1. */
  readonly fullyOffloadedUes: number;
  /** UEs with α = 0 (forced-local ones included). */
  readonly localOnlyUes: number;
  /** UEs forced local for want of a channel. */
  readonly forcedLocalUes: number;
  /** UEs with T_n <= T̃_n. */
  readonly latencyHits: number;
  /** Σ LocE. */
  readonly localEnergyJ: number;
  /** Σ OffE^tr. */
  readonly txEnergyJ: number;
  /** Σ OffE^ex. */
  readonly execEnergyJ: number;
  /** Σ OffE = Σ (OffE^tr + OffE^ex). */
  readonly edgeEnergyJ: number;
  /** Σ (LocE + OffE). */
  readonly totalEnergyJ: number;
  /** max_n T_n. */
  readonly maxDelayS: number;
  /** mean_n T_n. */
  readonly meanDelayS: number;
  readonly ue: SmallCellUeMetrics;
};

/** System-wide metrics of one slot (spec 01 §5). Per-UE arrays are over all N UEs, j = m·N_m + n. */
export type SmallCellSystemMetrics = {
  /** Slot index within the episode, 0-based (the step that produced these metrics). */
  readonly slot: number;
  /** Σ_m R_m^FL (spec 01 A8; equals the cooperative reward R^Co). */
  readonly systemReward: number;
  /** R_m^FL of every cell, in agent order. */
  readonly cellRewards: readonly number[];
  /** N = M·N_m. */
  readonly numUes: number;
  readonly offloadingUes: number;
  readonly fullyOffloadedUes: number;
  readonly localOnlyUes: number;
  readonly forcedLocalUes: number;
  /** Latency-guaranteed UE-tasks (T <= T̃). */
  readonly latencyHits: number;
  /** latencyHits / N. */
  readonly latencyHitRate: number;
  readonly localEnergyJ: number;
  readonly txEnergyJ: number;
  readonly execEnergyJ: number;
  readonly edgeEnergyJ: number;
  readonly totalEnergyJ: number;
  /** totalEnergyJ / N (the Fig. 6 normalisation, per UE per slot). */
  readonly meanEnergyPerUeJ: number;
  readonly maxDelayS: number;
  /** LocE + OffE per UE. */
  readonly ueEnergyJ: readonly number[];
  /** LocE per UE. */
  readonly ueLocalEnergyJ: readonly number[];
  /** OffE^tr + OffE^ex per UE. */
  readonly ueEdgeEnergyJ: readonly number[];
  /** OffE^tr per UE. */
  readonly ueTxEnergyJ: readonly number[];
  /** OffE^ex per UE. */
  readonly ueExecEnergyJ: readonly number[];
};

/** `infos[sbs_m]` after a step: the cell's metrics plus the shared system metrics. */
export type SmallCellInfo = SmallCellCellMetrics & { readonly system: SmallCellSystemMetrics };

/** Everything of one step: `env.lastStepMetrics`. */
export type SmallCellStepMetrics = {
  readonly system: SmallCellSystemMetrics;
  /** Per cell, in agent order. */
  readonly cells: readonly SmallCellCellMetrics[];
};

function sum(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] as number;
  return s;
}

function count(a: ArrayLike<number>, from: number, to: number, pred: (v: number) => boolean): number {
  let c = 0;
  for (let i = from; i < to; i++) if (pred(a[i] as number)) c++;
  return c;
}

function max(a: ArrayLike<number>, from: number, to: number): number {
  let m = -Infinity;
  for (let i = from; i < to; i++) if ((a[i] as number) > m) m = a[i] as number;
  return m;
}

/** Build the step metrics from a slot's outcome and the decisions that produced it. */
export function buildStepMetrics(slot: number, outcome: SlotOutcome, decisions: readonly CellDecision[], deadline: Float64Array): SmallCellStepMetrics {
  const M = decisions.length;
  const Nm = (decisions[0] as CellDecision).alpha.length;
  const N = M * Nm;
  const cells: SmallCellCellMetrics[] = [];
  const slice = (a: ArrayLike<number>, from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => a[from + i] as number);
  for (let m = 0; m < M; m++) {
    const d = decisions[m] as CellDecision;
    const lo = m * Nm;
    const hi = lo + Nm;
    const localEnergyJ = sum(outcome.localEnergyJ, lo, hi);
    const txEnergyJ = sum(outcome.txEnergyJ, lo, hi);
    const execEnergyJ = sum(outcome.execEnergyJ, lo, hi);
    cells.push({
      cell: m,
      localReward: outcome.cellReward[m] as number,
      numUes: Nm,
      offloadingUes: count(d.alpha, 0, Nm, (a) => a > 0),
      fullyOffloadedUes: count(d.alpha, 0, Nm, (a) => a === 1),
      localOnlyUes: count(d.alpha, 0, Nm, (a) => a === 0),
      forcedLocalUes: count(d.forcedLocal, 0, Nm, (f) => f !== 0),
      latencyHits: count(outcome.latencyMet, lo, hi, (v) => v !== 0),
      localEnergyJ,
      txEnergyJ,
      execEnergyJ,
      edgeEnergyJ: sum(outcome.offloadEnergyJ, lo, hi),
      totalEnergyJ: sum(outcome.energyJ, lo, hi),
      maxDelayS: max(outcome.delayS, lo, hi),
      meanDelayS: sum(outcome.delayS, lo, hi) / Nm,
      ue: {
        alpha: Array.from(d.alpha),
        channel: Array.from(d.channel),
        powerW: Array.from(d.powerW),
        cpuShare: Array.from(d.cpuShare),
        forcedLocal: Array.from(d.forcedLocal, (f) => f !== 0),
        sinr: slice(outcome.sinr, lo, hi),
        rateBps: slice(outcome.rateBps, lo, hi),
        localDelayS: slice(outcome.localDelayS, lo, hi),
        txDelayS: slice(outcome.txDelayS, lo, hi),
        execDelayS: slice(outcome.execDelayS, lo, hi),
        delayS: slice(outcome.delayS, lo, hi),
        deadlineS: slice(deadline, lo, hi),
        localEnergyJ: slice(outcome.localEnergyJ, lo, hi),
        txEnergyJ: slice(outcome.txEnergyJ, lo, hi),
        execEnergyJ: slice(outcome.execEnergyJ, lo, hi),
        energyJ: slice(outcome.energyJ, lo, hi),
        latencyTerm: slice(outcome.latency, lo, hi),
        latencyMet: Array.from(outcome.latencyMet.subarray(lo, hi), (v) => v !== 0),
      },
    });
  }
  const totalCells = (key: 'offloadingUes' | 'fullyOffloadedUes' | 'localOnlyUes' | 'forcedLocalUes' | 'latencyHits'): number => cells.reduce((s, c) => s + c[key], 0);
  const latencyHits = totalCells('latencyHits');
  const totalEnergyJ = sum(outcome.energyJ, 0, N);
  const system: SmallCellSystemMetrics = {
    slot,
    systemReward: outcome.cooperativeReward,
    cellRewards: Array.from(outcome.cellReward),
    numUes: N,
    offloadingUes: totalCells('offloadingUes'),
    fullyOffloadedUes: totalCells('fullyOffloadedUes'),
    localOnlyUes: totalCells('localOnlyUes'),
    forcedLocalUes: totalCells('forcedLocalUes'),
    latencyHits,
    latencyHitRate: latencyHits / N,
    localEnergyJ: sum(outcome.localEnergyJ, 0, N),
    txEnergyJ: sum(outcome.txEnergyJ, 0, N),
    execEnergyJ: sum(outcome.execEnergyJ, 0, N),
    edgeEnergyJ: sum(outcome.offloadEnergyJ, 0, N),
    totalEnergyJ,
    meanEnergyPerUeJ: totalEnergyJ / N,
    maxDelayS: max(outcome.delayS, 0, N),
    ueEnergyJ: Array.from(outcome.energyJ),
    ueLocalEnergyJ: Array.from(outcome.localEnergyJ),
    ueEdgeEnergyJ: Array.from(outcome.offloadEnergyJ),
    ueTxEnergyJ: Array.from(outcome.txEnergyJ),
    ueExecEnergyJ: Array.from(outcome.execEnergyJ),
  };
  return { system, cells };
}
