// System model of the small-cell env (spec 01 §2, paper eqs. 1–13, 12 and 23): one named pure
// function per equation, built on lib/env/common, and `evaluateSlot`, which applies them to every
// UE of every cell for one slot. Units are SI: W, J, s, bit, cycle, cycle/s, Hz.
//
// Conventions (spec 01):
//   - a UE with α = 0 transmits nothing: no channel, p = 0, f = 0, OffT = OffE = 0, and it does not
//     interfere ([R] A2: only UEs actually transmitting on channel k interfere);
//   - T_n = max(LocT_n, OffT_n), with OffT_n = 0 when α_n = 0 and LocT_n = 0 when α_n = 1 (both follow
//     from the formulas, since 0 bits/cycles take 0 s);
//   - an offloading UE always has a channel and p >= pFloor > 0, so its rate is > 0; `evaluateSlot`
//     asserts it (and that every delay/energy is finite) and throws naming the UE otherwise.

import {
  computeDelay,
  IDLE_CHANNEL,
  interferencePerChannel,
  NO_CHANNEL,
  perCycleEnergy,
  shannonRate,
  sinr,
  transmissionEnergy,
  transmissionTime,
} from '../common/index.js';
import type { CellDecision } from './decode.js';
import { log1p } from '../../math/index.js';

/**
 * Task deadline (spec 01 §2 parameters, "0.9 × local latency"): `T̃_n = factor·ω_n / C_n`, s.
 * Example: ω = 2e9 cycle, C_n = 1e9 cycle/s, factor 0.9 ⇒ 1.8 s.
 * @param cycles - ω_n, cycle (>= 0); @param ueCpuHz - C_n, cycle/s (> 0); @param factor - 0.9 in the paper.
 */
export function taskDeadline(cycles: number, ueCpuHz: number, factor: number): number {
  return (factor * cycles) / ueCpuHz;
}

/**
 * SINR of UE n at its SBS m on channel k, inside eq. (1): `p_n·h_{n,k}^{(m)} / (N0·B + I_k^{(m)})`
 * (dimensionless).
 * @param powerW - p_n, W; @param gain - h_{n,k}^{(m)} = L(d_{n,m})·|g|²; @param noiseW - N0·B, W;
 * @param interferenceW - I_k^{(m)}, W (co-channel transmitters of other cells only, [R] A2).
 */
export function uplinkSinr(powerW: number, gain: number, noiseW: number, interferenceW: number): number {
  return sinr(powerW, gain, noiseW, interferenceW);
}

/**
 * Eq. (1): `r_{n,k}^{(m)} = B·log2(1 + SINR)`, bit/s. When `1 + SINR` rounds to 1 in floating point
 * (SINR < 1.1e−16, a deep fade at the power floor) the same quantity is evaluated as
 * `B·log1p(SINR)/ln 2`, so a positive SINR never gives a zero rate.
 * Example: B = 1e7 Hz, SINR = 40 ⇒ 1e7·log2(41) = 5.3576e7 bit/s.
 * @param bandwidthHz - B, Hz; @param sinrValue - SINR (>= 0).
 */
export function uplinkRate(bandwidthHz: number, sinrValue: number): number {
  const r = shannonRate(bandwidthHz, sinrValue);
  return r === 0 && sinrValue > 0 ? (bandwidthHz * log1p(sinrValue)) / Math.LN2 : r;
}

/**
 * Eq. (2): `U_n^{(m)} = Σ_k b_{n,k}·r_{n,k}^{(m)}`, bit/s, with b one-hot at `channel` (C4): the rate
 * on the assigned channel, or 0 for a UE without a channel.
 * @param channel - assigned channel, or −1; @param rateOnChannelBps - r_{n,channel}^{(m)}, bit/s.
 */
export function offloadRate(channel: number, rateOnChannelBps: number): number {
  return channel === NO_CHANNEL ? 0 : rateOnChannelBps;
}

/**
 * Eq. (3): `LocT_n = (1 − α_n)·ω_n / C_n`, s.
 * Example: α = 0.25, ω = 2e9, C_n = 1e9 ⇒ 1.5 s.
 */
export function localDelay(alpha: number, cycles: number, ueCpuHz: number): number {
  return computeDelay((1 - alpha) * cycles, ueCpuHz);
}

/**
 * Eq. (4): `LocE_n = (1 − α_n)·ω_n·ε_n`, J (ε_n in J/cycle).
 * Example: α = 0.25, ω = 2e9, ε = 1e−9 ⇒ 1.5 J.
 */
export function localEnergy(alpha: number, cycles: number, ueJoulesPerCycle: number): number {
  return perCycleEnergy((1 - alpha) * cycles, ueJoulesPerCycle);
}

/**
 * Eq. (5): `OffT_n^tr = α_n·d_n / U_n`, s; with [R] `maxTxTime` (s, or null) the time is capped.
 * 0 bits ⇒ 0 s; U = 0 with bits > 0 ⇒ +Infinity (or the cap) — never reached for an offloading UE.
 * Example: α = 0.5, d = 2e6 bit, U = 5e7 bit/s ⇒ 0.02 s.
 */
export function txDelay(alpha: number, bits: number, rateBps: number, maxTxTime: number | null): number {
  return transmissionTime(alpha * bits, rateBps, maxTxTime);
}

/**
 * Eq. (6): `OffE_n^tr = p_n·α_n·d_n / U_n`, J, computed on the (possibly capped) time of eq. (5).
 * Example: p = 0.2 W, α = 0.5, d = 2e6 bit, U = 5e7 bit/s ⇒ 0.2·0.02 = 0.004 J.
 */
export function txEnergy(powerW: number, alpha: number, bits: number, rateBps: number, maxTxTime: number | null): number {
  return transmissionEnergy(powerW, alpha * bits, rateBps, maxTxTime);
}

/**
 * Eq. (7): `OffT_n^ex = α_n·ω_n / (f_n·C̄^{(m)})`, s (f_n the CPU share, C̄ in cycle/s).
 * Example: α = 0.5, ω = 2e9, f = 0.5, C̄ = 5e10 ⇒ 1e9/2.5e10 = 0.04 s.
 */
export function edgeExecDelay(alpha: number, cycles: number, cpuShare: number, sbsCpuHz: number): number {
  return computeDelay(alpha * cycles, sbsCpuHz, cpuShare);
}

/**
 * Eq. (8): `OffE_n^ex = α_n·ω_n·ε̄^{(m)}`, J (ε̄ in J/cycle).
 * Example: α = 0.5, ω = 2e9, ε̄ = 1e−11 ⇒ 0.01 J.
 */
export function edgeExecEnergy(alpha: number, cycles: number, sbsJoulesPerCycle: number): number {
  return perCycleEnergy(alpha * cycles, sbsJoulesPerCycle);
}

/** Eq. (9): `OffT_n = OffT_n^tr + OffT_n^ex`, s (0 when α_n = 0). */
export function offloadDelay(txDelayS: number, execDelayS: number): number {
  return txDelayS + execDelayS;
}

/** Eq. (10): `OffE_n = OffE_n^tr + OffE_n^ex`, J. */
export function offloadEnergy(txEnergyJ: number, execEnergyJ: number): number {
  return txEnergyJ + execEnergyJ;
}

/** Task delay (spec 01 §2, constraint C1): `T_n = max(LocT_n, OffT_n)`, s (local and edge parts run in parallel). */
export function taskDelay(localDelayS: number, offloadDelayS: number): number {
  return localDelayS > offloadDelayS ? localDelayS : offloadDelayS;
}

/**
 * Eq. (13) with [R] floor: `V_n = G(T̃_n − T_n)`, `G(x) = β` if `x >= 0`, else `x`; then
 * `V_n = max(V_n, floor)` when `floor` is not null. Mixed units as in the paper: β is a reward, x in s.
 * Examples (β = 1, floor −10): T̃ = 1.8, T = 1.5 ⇒ 1;  T̃ = 1.8, T = 2 ⇒ −0.2;  T̃ = 1.8, T = 100 ⇒ −10.
 */
export function latencyTerm(deadlineS: number, delayS: number, beta: number, floor: number | null): number {
  const x = deadlineS - delayS;
  const v = x >= 0 ? beta : x;
  return floor !== null && v < floor ? floor : v;
}

/** Per-UE term of eqs. (12) and (23): `−LocE_n − OffE_n + V_n`. */
export function ueRewardTerm(localEnergyJ: number, offloadEnergyJ: number, latency: number): number {
  return -localEnergyJ - offloadEnergyJ + latency;
}

/**
 * Eq. (23), local reward of SBS m (F-DRL, IL-DRL): `R_m^FL = Σ_{n∈N_m} (−LocE_n − OffE_n + V_n)`,
 * summed in UE order.
 */
export function localReward(ueTerms: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < ueTerms.length; i++) s += ueTerms[i] as number;
  return s;
}

/**
 * Eq. (12), cooperative reward (MA-DRL), the same for every agent:
 * `R^Co = Σ_{m'} Σ_{n∈N_{m'}} (−LocE_n − OffE_n + V_n)`, evaluated as `Σ_m R_m^FL` in agent order
 * (so it equals the system reward of spec 01 A8 bit for bit).
 */
export function cooperativeReward(localRewards: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < localRewards.length; i++) s += localRewards[i] as number;
  return s;
}

/** Physical and reward parameters of the model (a resolved `SmallCellConfig` plus `noiseW`). */
export interface ModelParams {
  readonly bandwidthHz: number;
  /** N0·B, W. */
  readonly noiseW: number;
  readonly ueCpuHz: number;
  readonly sbsCpuHz: number;
  readonly ueJoulesPerCycle: number;
  readonly sbsJoulesPerCycle: number;
  readonly beta: number;
  readonly latencyPenaltyFloor: number | null;
  readonly maxTxTime: number | null;
}

/** One slot's inputs. UE index j = m·N_m + n (cell m, UE n). */
export interface SlotInput {
  readonly numCells: number;
  readonly uesPerCell: number;
  readonly numChannels: number;
  /** L(d) of every UE → SBS link, `[ue][sbs]` (length N·M). */
  readonly largeScale: Float64Array;
  /** Rayleigh power gains |g|² of every (UE, SBS, channel), `[ue][sbs][channel]` (length N·M·K). */
  readonly fading: Float64Array;
  /** d_j, bit (length N). */
  readonly taskBits: Float64Array;
  /** ω_j, cycle (length N). */
  readonly taskCycles: Float64Array;
  /** T̃_j, s (length N). */
  readonly deadline: Float64Array;
  /** One decision per cell (length M). */
  readonly decisions: readonly CellDecision[];
}

/** Everything computed for one slot; per-UE arrays have length N (UE j = m·N_m + n). */
export interface SlotOutcome {
  /** SINR at the own SBS on the assigned channel (0 for a local UE). */
  readonly sinr: Float64Array;
  /** U_j, bit/s (eq. 2; 0 for a local UE). */
  readonly rateBps: Float64Array;
  readonly localDelayS: Float64Array;
  readonly txDelayS: Float64Array;
  readonly execDelayS: Float64Array;
  readonly offloadDelayS: Float64Array;
  /** T_j = max(LocT, OffT). */
  readonly delayS: Float64Array;
  readonly localEnergyJ: Float64Array;
  readonly txEnergyJ: Float64Array;
  readonly execEnergyJ: Float64Array;
  readonly offloadEnergyJ: Float64Array;
  /** LocE + OffE. */
  readonly energyJ: Float64Array;
  /** V_j (eq. 13 with the floor). */
  readonly latency: Float64Array;
  /** −LocE − OffE + V. */
  readonly rewardTerm: Float64Array;
  /** 1 when T_j <= T̃_j. */
  readonly latencyMet: Uint8Array;
  /** R_m^FL per cell (eq. 23), length M. */
  readonly cellReward: Float64Array;
  /** R^Co = Σ_m R_m^FL (eq. 12). */
  readonly cooperativeReward: number;
  /** I_k^{(m)} measured at SBS m on channel k during this slot, `[sbs][channel]` (length M·K), W. */
  readonly interference: Float64Array;
}

/**
 * Evaluate one slot: interference at every SBS (co-channel transmitters of other cells, [R] A2),
 * then eqs. (1)–(10), T, V (13) and the rewards (23), (12) for every UE.
 * @throws Error naming the UE when an offloading UE has no channel, a zero rate, or a non-finite
 *   delay or energy (cannot happen with decoded actions and pFloor > 0).
 */
export function evaluateSlot(input: SlotInput, params: ModelParams): SlotOutcome {
  const { numCells: M, uesPerCell: Nm, numChannels: K, largeScale, fading, taskBits, taskCycles, deadline, decisions } = input;
  const N = M * Nm;
  const channelOf = new Int32Array(N);
  const power = new Float64Array(N);
  for (let m = 0; m < M; m++) {
    const d = decisions[m] as CellDecision;
    for (let n = 0; n < Nm; n++) {
      const j = m * Nm + n;
      const offloads = (d.alpha[n] as number) > 0;
      channelOf[j] = offloads ? (d.channel[n] as number) : IDLE_CHANNEL;
      power[j] = offloads ? (d.powerW[n] as number) : 0;
      if (offloads && channelOf[j] === NO_CHANNEL) {
        throw new Error(`small-cell: UE ${n} of cell ${m} offloads (alpha ${d.alpha[n]}) without a channel; the decoder forces such UEs local`);
      }
    }
  }

  // Interference at every SBS m on every channel: transmitters of the other cells only.
  const interference = new Float64Array(M * K);
  const channelAtM = new Int32Array(N);
  const gainToM = new Float64Array(N);
  for (let m = 0; m < M; m++) {
    for (let j = 0; j < N; j++) {
      const ch = channelOf[j] as number;
      const foreign = Math.floor(j / Nm) !== m;
      channelAtM[j] = foreign ? ch : IDLE_CHANNEL;
      gainToM[j] = foreign && ch !== IDLE_CHANNEL ? (largeScale[j * M + m] as number) * (fading[(j * M + m) * K + ch] as number) : 0;
    }
    interferencePerChannel(interference.subarray(m * K, (m + 1) * K), channelAtM, power, gainToM);
  }

  const out = {
    sinr: new Float64Array(N),
    rateBps: new Float64Array(N),
    localDelayS: new Float64Array(N),
    txDelayS: new Float64Array(N),
    execDelayS: new Float64Array(N),
    offloadDelayS: new Float64Array(N),
    delayS: new Float64Array(N),
    localEnergyJ: new Float64Array(N),
    txEnergyJ: new Float64Array(N),
    execEnergyJ: new Float64Array(N),
    offloadEnergyJ: new Float64Array(N),
    energyJ: new Float64Array(N),
    latency: new Float64Array(N),
    rewardTerm: new Float64Array(N),
    latencyMet: new Uint8Array(N),
  };
  const cellReward = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    const d = decisions[m] as CellDecision;
    for (let n = 0; n < Nm; n++) {
      const j = m * Nm + n;
      const alpha = d.alpha[n] as number;
      const ch = channelOf[j] as number;
      const bits = taskBits[j] as number;
      const cycles = taskCycles[j] as number;
      let s = 0;
      let rate = 0;
      if (ch !== IDLE_CHANNEL) {
        const h = (largeScale[j * M + m] as number) * (fading[(j * M + m) * K + ch] as number);
        s = uplinkSinr(power[j] as number, h, params.noiseW, interference[m * K + ch] as number);
        rate = offloadRate(ch, uplinkRate(params.bandwidthHz, s));
        if (!(rate > 0)) {
          throw new Error(`small-cell: UE ${n} of cell ${m} offloads (alpha ${alpha}) on channel ${ch} with power ${power[j]} W but its ` +
            `uplink rate is ${rate} bit/s (SINR ${s}); an offloading UE must have a positive rate (pFloor > 0 and a positive gain)`);
        }
      }
      const locT = localDelay(alpha, cycles, params.ueCpuHz);
      const locE = localEnergy(alpha, cycles, params.ueJoulesPerCycle);
      const trT = txDelay(alpha, bits, rate, params.maxTxTime);
      const trE = txEnergy(power[j] as number, alpha, bits, rate, params.maxTxTime);
      const exT = edgeExecDelay(alpha, cycles, d.cpuShare[n] as number, params.sbsCpuHz);
      const exE = edgeExecEnergy(alpha, cycles, params.sbsJoulesPerCycle);
      const offT = offloadDelay(trT, exT);
      const offE = offloadEnergy(trE, exE);
      const delay = taskDelay(locT, offT);
      if (!Number.isFinite(delay) || !Number.isFinite(locE + offE)) {
        throw new Error(`small-cell: UE ${n} of cell ${m} has a non-finite delay (${delay} s) or energy (${locE + offE} J) ` +
          `(alpha ${alpha}, rate ${rate} bit/s, cpuShare ${d.cpuShare[n]})`);
      }
      const v = latencyTerm(deadline[j] as number, delay, params.beta, params.latencyPenaltyFloor);
      out.sinr[j] = s;
      out.rateBps[j] = rate;
      out.localDelayS[j] = locT;
      out.txDelayS[j] = trT;
      out.execDelayS[j] = exT;
      out.offloadDelayS[j] = offT;
      out.delayS[j] = delay;
      out.localEnergyJ[j] = locE;
      out.txEnergyJ[j] = trE;
      out.execEnergyJ[j] = exE;
      out.offloadEnergyJ[j] = offE;
      out.energyJ[j] = locE + offE;
      out.latency[j] = v;
      out.rewardTerm[j] = ueRewardTerm(locE, offE, v);
      out.latencyMet[j] = delay <= (deadline[j] as number) ? 1 : 0;
    }
    cellReward[m] = localReward(out.rewardTerm.subarray(m * Nm, (m + 1) * Nm));
  }
  return { ...out, cellReward, cooperativeReward: cooperativeReward(cellReward), interference };
}
