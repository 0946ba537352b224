// Action decoder of the small-cell env (spec 01 §3 "Action of agent m"): the actor's raw output
// u ∈ [0,1]^{actDim} (after noise and clipping) → the paper's decision {α, b, p, f} for one cell.
// Pure; replay buffers and critics keep `u`, only the env decodes.
//
// Layout, per UE n = 0..N_m−1 (block of `blockSize` entries starting at n·blockSize):
//   channelDecoding 'scores' (default): [α, p, f, score_0, …, score_{K−1}]   blockSize K + 3
//   channelDecoding 'index':            [α, p, f, idx]                         blockSize 4
// Decoding, in the spec's order:
//   1. α_n = snapAlpha(u_α, alphaSnap)            (α < snap ⇒ 0, α > 1 − snap ⇒ 1)
//   2. channels among the UEs with α_n > 0: greedy score matching (ties: lower UE, then lower
//      channel) or index decoding (collisions: larger α keeps it, the other moves to the lowest
//      free channel); a UE left without a channel is forced local (α_n = 0, `forcedLocal[n] = 1`)
//   3. p_n = max(pFloor, u_p·P_max) for offloading UEs, 0 for local ones
//   4. f_n = normalizeShares(u_f + 1e−6 over offloading UEs, cpuShareMode), 0 for local ones

import type { ShareMode } from '../common/index.js';
import { greedyChannelMatching, indexChannelMatching, NO_CHANNEL, normalizeShares, powerWithFloor, snapAlpha } from '../common/index.js';
import type { SmallCellChannelDecoding } from './config.js';

/** Added to every offloading UE's raw CPU output before normalisation (spec 01 §3 step 4). */
export const CPU_SHARE_OFFSET = 1e-6;

/** Offsets inside a UE's block. */
export const BLOCK_ALPHA = 0;
export const BLOCK_POWER = 1;
export const BLOCK_CPU = 2;
/** First channel score ('scores') or the channel index output ('index'). */
export const BLOCK_CHANNEL = 3;

/** The decision of one cell, per UE n (spec 01 §2 decision variables). */
export interface CellDecision {
  /** α_n ∈ [0, 1], offloaded fraction of the task. */
  readonly alpha: Float64Array;
  /** Channel k ∈ [0, K) of an offloading UE (b_{n,k} = 1), or −1 (`NO_CHANNEL`) for a local UE. */
  readonly channel: Int32Array;
  /** p_n, W: in (0, P_max] when offloading, 0 when local. */
  readonly powerW: Float64Array;
  /** f_n, share of the SBS CPU: in (0, 1] when offloading, 0 when local; Σ f_n <= 1. */
  readonly cpuShare: Float64Array;
  /** 1 for a UE with α > 0 after snapping that got no channel and was forced local (step 2), else 0. */
  readonly forcedLocal: Uint8Array;
}

/** What the decoder needs (a resolved `SmallCellConfig` has all of it). */
export interface DecodeParams {
  readonly uesPerCell: number;
  readonly numChannels: number;
  readonly channelDecoding: SmallCellChannelDecoding;
  readonly alphaSnap: number;
  readonly maxPowerW: number;
  readonly pFloor: number;
  readonly cpuShareMode: ShareMode;
}

/** Entries per UE block: K + 3 (`scores`) or 4 (`index`). */
export function blockSize(numChannels: number, channelDecoding: SmallCellChannelDecoding): number {
  return channelDecoding === 'scores' ? numChannels + 3 : 4;
}

/**
 * Decode one cell's raw action (spec 01 §3; see the file header for the layout and the order).
 * @param u - raw action in [0, 1]^{actDim}, `actDim = N_m·blockSize`.
 * @throws RangeError when `u` has the wrong length or an entry outside [0, 1].
 */
export function decodeCellAction(u: ArrayLike<number>, params: DecodeParams): CellDecision {
  const { uesPerCell: Nm, numChannels: K, channelDecoding, alphaSnap, maxPowerW, pFloor, cpuShareMode } = params;
  const stride = blockSize(K, channelDecoding);
  if (u.length !== Nm * stride) {
    throw new RangeError(`small-cell decodeCellAction: u must have length N_m·${channelDecoding === 'scores' ? '(K + 3)' : '4'} = ${Nm * stride}, got ${u.length}`);
  }
  const alpha = new Float64Array(Nm);
  const offloading = new Uint8Array(Nm);
  for (let n = 0; n < Nm; n++) {
    alpha[n] = snapAlpha(u[n * stride + BLOCK_ALPHA] as number, alphaSnap);
    offloading[n] = (alpha[n] as number) > 0 ? 1 : 0;
  }
  const channel = channelDecoding === 'scores'
    ? greedyChannelMatching(u, Nm, K, offloading, { offset: BLOCK_CHANNEL, rowStride: stride })
    : indexChannelMatching(u, alpha, K, offloading, BLOCK_CHANNEL, stride);
  const forcedLocal = new Uint8Array(Nm);
  const powerW = new Float64Array(Nm);
  const rawCpu = new Float64Array(Nm);
  for (let n = 0; n < Nm; n++) {
    if (offloading[n] && channel[n] === NO_CHANNEL) {
      alpha[n] = 0;
      offloading[n] = 0;
      forcedLocal[n] = 1;
    }
    if (offloading[n]) powerW[n] = powerWithFloor(u[n * stride + BLOCK_POWER] as number, maxPowerW, pFloor);
    rawCpu[n] = u[n * stride + BLOCK_CPU] as number;
  }
  const cpuShare = normalizeShares(rawCpu, { mode: cpuShareMode, offset: CPU_SHARE_OFFSET, selected: offloading });
  return { alpha, channel, powerW, cpuShare, forcedLocal };
}

/** Slack allowed on Σ f_n <= 1 when validating a decision given directly (rounding of 1/N_m shares). */
export const CPU_SHARE_SUM_TOLERANCE = 1e-9;

/**
 * Check that a decision given directly (not decoded) satisfies the paper's constraints C2–C7 and
 * the env's conventions: α ∈ [0, 1]; α > 0 ⇒ channel ∈ [0, K), p ∈ (0, P_max], f ∈ (0, 1];
 * α = 0 ⇒ channel = −1, p = 0, f = 0; distinct channels within the cell (C5); Σ f <= 1 (+1e−9).
 * @param where - prefix of the error, e.g. `small-cell.stepDecisions: decisions[1]`.
 * @throws TypeError/RangeError naming the UE, the field and the rule.
 */
export function validateCellDecision(where: string, d: CellDecision, params: Pick<DecodeParams, 'uesPerCell' | 'numChannels' | 'maxPowerW'>): void {
  const { uesPerCell: Nm, numChannels: K, maxPowerW } = params;
  if (typeof d !== 'object' || d === null) throw new TypeError(`${where} must be a CellDecision object`);
  const arrays: [keyof CellDecision, new (n: number) => ArrayLike<number>][] = [['alpha', Float64Array], ['channel', Int32Array], ['powerW', Float64Array], ['cpuShare', Float64Array], ['forcedLocal', Uint8Array]];
  for (const [key, ctor] of arrays) {
    const a = d[key] as unknown;
    if (!(a instanceof ctor) || (a as ArrayLike<number>).length !== Nm) throw new TypeError(`${where}.${key} must be a ${ctor.name} of length N_m = ${Nm}`);
  }
  const taken = new Int32Array(K).fill(-1);
  let shareSum = 0;
  for (let n = 0; n < Nm; n++) {
    const a = d.alpha[n] as number;
    const ch = d.channel[n] as number;
    const p = d.powerW[n] as number;
    const f = d.cpuShare[n] as number;
    const ue = `${where}: UE ${n}`;
    if (!(a >= 0 && a <= 1)) throw new RangeError(`${ue}: alpha must be in [0, 1], got ${a}`);
    if (a > 0) {
      if (!(ch >= 0 && ch < K)) throw new RangeError(`${ue}: an offloading UE (alpha ${a}) needs a channel in [0, ${K - 1}], got ${ch}`);
      if (taken[ch] !== -1) throw new RangeError(`${ue}: channel ${ch} is already used by UE ${taken[ch]} of the same cell (C5)`);
      taken[ch] = n;
      if (!(p > 0 && p <= maxPowerW)) throw new RangeError(`${ue}: powerW of an offloading UE must be in (0, P_max = ${maxPowerW}], got ${p}`);
      if (!(f > 0 && f <= 1)) throw new RangeError(`${ue}: cpuShare of an offloading UE must be in (0, 1], got ${f}`);
      shareSum += f;
    } else if (ch !== NO_CHANNEL || p !== 0 || f !== 0) {
      throw new RangeError(`${ue}: a local UE (alpha 0) must have channel −1, powerW 0 and cpuShare 0, got ${ch}, ${p}, ${f}`);
    }
  }
  if (!(shareSum <= 1 + CPU_SHARE_SUM_TOLERANCE)) throw new RangeError(`${where}: the CPU shares sum to ${shareSum} > 1 (C7)`);
}
