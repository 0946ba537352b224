// The equations of spec 04 (paper eqs. 1–21) as pure functions, the action decoder (§3 [R] index
// layout) and the local state encoding, plus `evaluateSlot`, which applies them to one slot's joint
// choice. Units: bit, cycle, cycle/s, Hz, W, J, s; "cost" = J + β·s (eq. 12).
//
// Cost of user i in a slot (eqs. 13/21 with the [R] resolutions):
//   local (P = 0):                    C^L = E^L + β·D^L
//   offload, γ > γ̄_n, W_all ≤ W̄:     C^E + C^T
//   offload, γ > γ̄_n, W_all > W̄:     C^E + C^T + ω
//   offload, γ ≤ γ̄_n:                C^T + ϖ               (γ = γ̄ fails: resolution 4)
// with C^E = E^E + β·D^E, C^T = E^T + β·D^T, D^T = min(d/R, delayCap) for EVERY offloader and
// E^T = P·D^T (resolution 1), and W_all = Σ d·ν over the received offloads (`wAllCounts:
// 'received'`) or over every offload (`'attempted'`); `W_all = W̄` pays no waiting cost (resolution 4).
// Next local state (§3): L = 1 iff offloaded, I = 1 iff γ > γ̄_n (0 for a local user), J = 1 iff
// W_all ≤ W̄ (the gateway's broadcast, the same for everyone); encoded 4L + 2I + J.

import {
  coChannelInterference,
  computeDelay,
  IDLE_CHANNEL,
  perCycleEnergy,
  powerTimeEnergy,
  shannonRate,
  sinr as sinrOf,
  sinrSuccess,
  transmissionTime,
} from '../common/index.js';
import { fail, integerIn } from '../check.js';

/** The two radio access technologies. */
export type IotRat = 'lora' | 'wifi';

/** A decoded action: local execution, or offload on (RAT, sub-channel, power level). */
export type IotChoice =
  | { readonly kind: 'local' }
  | {
      readonly kind: 'offload';
      readonly rat: IotRat;
      /** Sub-channel m within the RAT, 0-based. */
      readonly subchannel: number;
      /** Power level within the RAT, 0-based (indexes P_1..P_X). */
      readonly level: number;
      /** Flat channel index: m (LoRa) or M_L + m (WiFi). */
      readonly channel: number;
      /** P, W. */
      readonly powerW: number;
    };

/** What the decoder needs: sub-channel counts and power levels per RAT. */
export interface ActionLayout {
  readonly loraSubchannels: number;
  readonly wifiSubchannels: number;
  readonly loraPowerLevelsW: readonly number[];
  readonly wifiPowerLevelsW: readonly number[];
}

/** The local action's index. */
export const LOCAL_ACTION = 0;

/** Number of actions `1 + M_L·X_L + M_W·X_W` of a layout. */
export function actionCount(l: ActionLayout): number {
  return 1 + l.loraSubchannels * l.loraPowerLevelsW.length + l.wifiSubchannels * l.wifiPowerLevelsW.length;
}

/**
 * Decode an action index (spec 04 §3 [R] layout): 0 = local; LoRa (ch, level) at
 * `1 + ch·X_L + level`; WiFi (ch, level) at `1 + M_L·X_L + ch·X_W + level` (ch, level 0-based).
 * Paper sizes: 191 actions; 1 = LoRa ch 0 at 0.05 W, 60 = LoRa ch 9 at 0.30 W, 61 = WiFi ch 0 at
 * 0.1 W, 190 = WiFi ch 12 at 1.0 W.
 */
export function decodeIotAction(action: number, l: ActionLayout): IotChoice {
  const n = actionCount(l);
  integerIn('decodeIotAction', 'action', action, 0, n - 1);
  if (action === LOCAL_ACTION) return { kind: 'local' };
  const xl = l.loraPowerLevelsW.length, xw = l.wifiPowerLevelsW.length;
  const a = action - 1;
  if (a < l.loraSubchannels * xl) {
    const subchannel = Math.floor(a / xl), level = a % xl;
    return { kind: 'offload', rat: 'lora', subchannel, level, channel: subchannel, powerW: l.loraPowerLevelsW[level] as number };
  }
  const b = a - l.loraSubchannels * xl;
  const subchannel = Math.floor(b / xw), level = b % xw;
  return { kind: 'offload', rat: 'wifi', subchannel, level, channel: l.loraSubchannels + subchannel, powerW: l.wifiPowerLevelsW[level] as number };
}

/** Inverse of {@link decodeIotAction}: the index of local, or of (rat, sub-channel, level). */
export function encodeIotAction(choice: { readonly kind: 'local' } | { readonly kind: 'offload'; readonly rat: IotRat; readonly subchannel: number; readonly level: number }, l: ActionLayout): number {
  if (choice.kind === 'local') return LOCAL_ACTION;
  const xl = l.loraPowerLevelsW.length, xw = l.wifiPowerLevelsW.length;
  if (choice.rat === 'lora') {
    integerIn('encodeIotAction', 'subchannel', choice.subchannel, 0, l.loraSubchannels - 1);
    integerIn('encodeIotAction', 'level', choice.level, 0, xl - 1);
    return 1 + choice.subchannel * xl + choice.level;
  }
  if (choice.rat !== 'wifi') fail('encodeIotAction', 'rat', '"lora" or "wifi"', choice.rat);
  integerIn('encodeIotAction', 'subchannel', choice.subchannel, 0, l.wifiSubchannels - 1);
  integerIn('encodeIotAction', 'level', choice.level, 0, xw - 1);
  return 1 + l.loraSubchannels * xl + choice.subchannel * xw + choice.level;
}

/** Local state index `4L + 2I + J` (§3), each bit 0 or 1. */
export function stateIndex(L: 0 | 1, I: 0 | 1, J: 0 | 1): number {
  return 4 * L + 2 * I + J;
}

/** The bits (L, I, J) of a state index in [0, 7]. */
export function stateBits(s: number): { readonly L: 0 | 1; readonly I: 0 | 1; readonly J: 0 | 1 } {
  integerIn('stateBits', 's', s, 0, 7);
  return { L: (s >> 2) as 0 | 1, I: ((s >> 1) & 1) as 0 | 1, J: (s & 1) as 0 | 1 };
}

/** [R] initial state (L, I, J) = (0, 0, 1) ⇒ index 1. */
export const INITIAL_STATE = 1;

/** Eq. (1): local energy `E^L = d·ν·e_L`, J. */
export function localEnergy(bits: number, cyclesPerBit: number, localJoulesPerCycle: number): number {
  return perCycleEnergy(bits * cyclesPerBit, localJoulesPerCycle);
}

/** Eq. (2): local delay `D^L = d·ν/f_i`, s. */
export function localDelay(bits: number, cyclesPerBit: number, userCpuHz: number): number {
  return computeDelay(bits * cyclesPerBit, userCpuHz);
}

/** Eq. (3): edge delay `D^E = d·ν/f`, s (A10: no sharing of f). */
export function edgeDelay(bits: number, cyclesPerBit: number, edgeCpuHz: number): number {
  return computeDelay(bits * cyclesPerBit, edgeCpuHz);
}

/** Eq. (4): edge energy `E^E = d·ν·e_E`, J. */
export function edgeEnergy(bits: number, cyclesPerBit: number, edgeJoulesPerCycle: number): number {
  return perCycleEnergy(bits * cyclesPerBit, edgeJoulesPerCycle);
}

/** Eq. (5): rate `R = B·log2(1 + γ)`, bit/s. */
export function linkRate(bandwidthHz: number, sinrValue: number): number {
  return shannonRate(bandwidthHz, sinrValue);
}

/** Eq. (7) with resolution 1: `D^T = min(d/R, delayCap)`, s (R = 0 ⇒ delayCap). */
export function txDelay(bits: number, rateBps: number, delayCap: number): number {
  return transmissionTime(bits, rateBps, delayCap);
}

/** Eq. (8) on the capped time: `E^T = P·D^T`, J. */
export function txEnergy(powerW: number, txDelayS: number): number {
  return powerTimeEnergy(powerW, txDelayS);
}

/** Eqs. (12)/(14): `C = E + β·D`. */
export function weightedCost(energyJ: number, delayS: number, beta: number): number {
  return energyJ + beta * delayS;
}

/** Eq. (9): SINR `P_i h_i / (σ_n² + Σ_{z≠i} δ_z h_z P_z)` (A4: z's own gain to the gateway). */
export function uplinkSinr(powerW: number, gain: number, noiseW: number, interferenceW: number): number {
  return sinrOf(powerW, gain, noiseW, interferenceW);
}

/** The per-slot constants `evaluateSlot` needs (from the config and its dims). */
export interface SlotParams extends ActionLayout {
  readonly loraBandwidthHz: number;
  readonly wifiBandwidthHz: number;
  readonly loraNoiseW: number;
  readonly wifiNoiseW: number;
  readonly loraThreshold: number;
  readonly wifiThreshold: number;
  readonly cyclesPerBit: number;
  readonly localJoulesPerCycle: number;
  readonly edgeJoulesPerCycle: number;
  readonly edgeCpuHz: number;
  readonly beta: number;
  readonly edgeCapacity: number;
  readonly waitingCost: number;
  readonly failurePenalty: number;
  readonly delayCap: number;
  readonly wAllCounts: 'received' | 'attempted';
}

/** One slot's inputs. Gains are `h_i^c = largeScale_i · fading[i·C + c]` with the flat channel c. */
export interface SlotInput {
  /** Per user, d_i^(−a). */
  readonly largeScale: ArrayLike<number>;
  /** Per user and flat channel (LoRa 0..M_L−1, WiFi M_L..), |g|², row-major `[user][channel]`. */
  readonly fading: ArrayLike<number>;
  /** Per user, d (bit). */
  readonly taskBits: ArrayLike<number>;
  /** Per user, f_i (cycle/s). */
  readonly userCpuHz: ArrayLike<number>;
  /** Per user, the decoded choice. */
  readonly choices: readonly IotChoice[];
}

/** Everything one slot produced. Arrays are per user. */
export interface SlotOutcome {
  /** C_i (eq. 21). */
  readonly cost: Float64Array;
  /** γ_i (0 for a local user). */
  readonly sinr: Float64Array;
  /** R_i, bit/s (0 for a local user). */
  readonly rate: Float64Array;
  /** D^T_i, s, capped (0 for a local user). */
  readonly txDelay: Float64Array;
  /** 1 iff offloaded and γ > γ̄. */
  readonly success: Uint8Array;
  /** 1 iff the user paid ω. */
  readonly waiting: Uint8Array;
  /** Next local state 4L + 2I + J. */
  readonly nextState: Int32Array;
  /** W_all, cycles. */
  readonly wAll: number;
  /** W_all > W̄ (the J bit is 0). */
  readonly overCapacity: boolean;
  readonly localUsers: number;
  readonly loraUsers: number;
  readonly wifiUsers: number;
  /** LoRa sub-channels with ≥ 2 users (A14: they may all succeed by capture). */
  readonly loraSharedSubchannels: number;
  /** WiFi sub-channels with ≥ 2 users (the primary "collision" count, resolution 2). */
  readonly wifiCollidedSubchannels: number;
  /** Of those, the ones where every user failed. */
  readonly wifiCollidedAllFailed: number;
  /** Failed users on collided WiFi sub-channels. */
  readonly wifiFailedUsersInCollisions: number;
  /** Failures by RAT. */
  readonly loraFailed: number;
  readonly wifiFailed: number;
  /** Failures by cause: alone on the sub-channel (noise-limited) or sharing it (interference). */
  readonly failedAlone: number;
  readonly failedShared: number;
  /** Offloaders whose d/R exceeded delayCap. */
  readonly delayCapped: number;
  /** Sub-channels (of both RATs) nobody used. */
  readonly idleSubchannels: number;
  /** Users per LoRa / WiFi power level (length X_L / X_W). */
  readonly loraLevelCounts: Int32Array;
  readonly wifiLevelCounts: Int32Array;
}

/**
 * Apply eqs. 1–21 to one slot's joint choice (see the file header). Interference sums run over the
 * other users in index order; W_all sums in user order. Pure: reads the inputs, returns new arrays.
 */
export function evaluateSlot(input: SlotInput, p: SlotParams): SlotOutcome {
  const U = input.choices.length;
  const ML = p.loraSubchannels, C = ML + p.wifiSubchannels;
  const channelOf = new Int32Array(U).fill(IDLE_CHANNEL);
  const powerW = new Float64Array(U);
  const ownGain = new Float64Array(U);
  for (let i = 0; i < U; i++) {
    const ch = input.choices[i] as IotChoice;
    if (ch.kind === 'local') continue;
    channelOf[i] = ch.channel;
    powerW[i] = ch.powerW;
    ownGain[i] = (input.largeScale[i] as number) * (input.fading[i * C + ch.channel] as number);
  }
  const sinr = new Float64Array(U), rate = new Float64Array(U), dT = new Float64Array(U), eT = new Float64Array(U);
  const success = new Uint8Array(U), waiting = new Uint8Array(U), nextState = new Int32Array(U);
  const usersOn = new Int32Array(C);
  for (let i = 0; i < U; i++) if (channelOf[i] !== IDLE_CHANNEL) usersOn[channelOf[i] as number]! += 1;

  let wAll = 0, delayCapped = 0;
  for (let i = 0; i < U; i++) {
    const ch = input.choices[i] as IotChoice;
    if (ch.kind === 'local') continue;
    const lora = ch.rat === 'lora';
    const interference = coChannelInterference(ch.channel, channelOf, powerW, ownGain, i);
    sinr[i] = uplinkSinr(ch.powerW, ownGain[i] as number, lora ? p.loraNoiseW : p.wifiNoiseW, interference);
    rate[i] = linkRate(lora ? p.loraBandwidthHz : p.wifiBandwidthHz, sinr[i] as number);
    const d = input.taskBits[i] as number;
    dT[i] = txDelay(d, rate[i] as number, p.delayCap);
    if (rate[i] === 0 || d / (rate[i] as number) > p.delayCap) delayCapped++;
    eT[i] = txEnergy(ch.powerW, dT[i] as number);
    success[i] = sinrSuccess(sinr[i] as number, lora ? p.loraThreshold : p.wifiThreshold) ? 1 : 0;
    if (success[i] === 1 || p.wAllCounts === 'attempted') wAll += d * p.cyclesPerBit;
  }
  const overCapacity = wAll > p.edgeCapacity;
  const J = overCapacity ? 0 : 1;

  const cost = new Float64Array(U);
  let localUsers = 0, loraUsers = 0, wifiUsers = 0, loraFailed = 0, wifiFailed = 0, failedAlone = 0, failedShared = 0;
  const loraLevelCounts = new Int32Array(p.loraPowerLevelsW.length), wifiLevelCounts = new Int32Array(p.wifiPowerLevelsW.length);
  for (let i = 0; i < U; i++) {
    const ch = input.choices[i] as IotChoice;
    const d = input.taskBits[i] as number;
    if (ch.kind === 'local') {
      localUsers++;
      cost[i] = weightedCost(localEnergy(d, p.cyclesPerBit, p.localJoulesPerCycle), localDelay(d, p.cyclesPerBit, input.userCpuHz[i] as number), p.beta);
      nextState[i] = stateIndex(0, 0, J as 0 | 1);
      continue;
    }
    if (ch.rat === 'lora') {
      loraUsers++;
      loraLevelCounts[ch.level]! += 1;
    } else {
      wifiUsers++;
      wifiLevelCounts[ch.level]! += 1;
    }
    const cT = weightedCost(eT[i] as number, dT[i] as number, p.beta);
    if (success[i] === 1) {
      const cE = weightedCost(edgeEnergy(d, p.cyclesPerBit, p.edgeJoulesPerCycle), edgeDelay(d, p.cyclesPerBit, p.edgeCpuHz), p.beta);
      cost[i] = overCapacity ? cE + cT + p.waitingCost : cE + cT;
      if (overCapacity) waiting[i] = 1;
      nextState[i] = stateIndex(1, 1, J as 0 | 1);
    } else {
      cost[i] = cT + p.failurePenalty;
      if (ch.rat === 'lora') loraFailed++;
      else wifiFailed++;
      if ((usersOn[ch.channel] as number) >= 2) failedShared++;
      else failedAlone++;
      nextState[i] = stateIndex(1, 0, J as 0 | 1);
    }
  }

  let loraSharedSubchannels = 0, wifiCollidedSubchannels = 0, wifiCollidedAllFailed = 0, wifiFailedUsersInCollisions = 0, idleSubchannels = 0;
  for (let c = 0; c < C; c++) {
    const n = usersOn[c] as number;
    if (n === 0) idleSubchannels++;
    if (n < 2) continue;
    if (c < ML) {
      loraSharedSubchannels++;
      continue;
    }
    wifiCollidedSubchannels++;
    let failed = 0;
    for (let i = 0; i < U; i++) if (channelOf[i] === c && success[i] === 0) failed++;
    wifiFailedUsersInCollisions += failed;
    if (failed === n) wifiCollidedAllFailed++;
  }

  return {
    cost, sinr, rate, txDelay: dT, success, waiting, nextState, wAll, overCapacity,
    localUsers, loraUsers, wifiUsers, loraSharedSubchannels, wifiCollidedSubchannels, wifiCollidedAllFailed, wifiFailedUsersInCollisions,
    loraFailed, wifiFailed, failedAlone, failedShared, delayCapped, idleSubchannels, loraLevelCounts, wifiLevelCounts,
  };
}
