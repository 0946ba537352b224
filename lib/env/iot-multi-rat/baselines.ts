// The two baselines of spec 04 §4 (Fig. 7), as functions from one slot's information to one action
// index per user (so they drive the env through the ordinary `step`).
//
// Centralized [R] (§4, resolution 3): the gateway knows every gain and task size. For each user i
// the local cost C^L_i; for every sub-channel and power level whose interference-free SNR
// `P·h/σ_n²` exceeds γ̄_n, the offload cost C^E + C^T (D^T capped at delayCap). Repeatedly assign
// the (user, sub-channel, level) with the largest saving `C^L − (C^E + C^T) − Δω` to a free
// sub-channel, until no saving is positive, or users or sub-channels run out. Δω (waitingAware,
// default) is the increase of the total waiting cost: ω·(n_off + 1) if this assignment makes W_all
// exceed W̄ for the first time, ω if W_all already exceeds W̄, else 0; with `waitingAware: false`
// Δω = 0. One user per sub-channel, so every assigned link works and W_all = Σ d·ν of the assigned
// users. Ties (measure zero) break by lowest power-level index, then lowest user index, then LoRa
// before WiFi, then lowest sub-channel: the scan visits candidates in that order and keeps the first
// strict maximum.
//
// Random (§4): each user draws a RAT uniformly from {local, LoRa, WiFi} (`integer(rng, 0, 3)`:
// 0 local, 1 LoRa, 2 WiFi), then, unless local, a sub-channel `integer(rng, 0, M_n)` and a level
// `integer(rng, 0, X_n)` of that RAT; users in index order.

import type { Rng } from '../../random/index.js';
import { integer } from '../../random/index.js';
import { encodeIotAction, LOCAL_ACTION, localDelay, localEnergy, edgeDelay, edgeEnergy, linkRate, txDelay, txEnergy, uplinkSinr, weightedCost, type SlotInput, type SlotParams, type ActionLayout } from './model.js';

/** One slot's information available to the centralized gateway (full CSI and task sizes). */
export type CentralizedInput = Omit<SlotInput, 'choices'>;

/** Options of the centralized greedy. */
export interface CentralizedOptions {
  /** Include Δω in the saving (default true, resolution 3); false ignores the waiting cost. */
  readonly waitingAware: boolean;
}

/**
 * The centralized greedy allocation (file header). Returns one action index per user.
 * @param numUsers - U.
 */
export function centralizedActions(numUsers: number, input: CentralizedInput, p: SlotParams, options: CentralizedOptions = { waitingAware: true }): number[] {
  const U = numUsers, ML = p.loraSubchannels, MW = p.wifiSubchannels, C = ML + MW;
  const XL = p.loraPowerLevelsW.length, XW = p.wifiPowerLevelsW.length;
  // saving0[i][c][x] = C^L_i − (C^E + C^T) for a feasible link, −Infinity otherwise; c flat, x < X of its RAT.
  const X = Math.max(XL, XW);
  const saving0 = new Float64Array(U * C * X).fill(-Infinity);
  const cycles = new Float64Array(U);
  for (let i = 0; i < U; i++) {
    const d = input.taskBits[i] as number;
    cycles[i] = d * p.cyclesPerBit;
    const cL = weightedCost(localEnergy(d, p.cyclesPerBit, p.localJoulesPerCycle), localDelay(d, p.cyclesPerBit, input.userCpuHz[i] as number), p.beta);
    const cE = weightedCost(edgeEnergy(d, p.cyclesPerBit, p.edgeJoulesPerCycle), edgeDelay(d, p.cyclesPerBit, p.edgeCpuHz), p.beta);
    for (let c = 0; c < C; c++) {
      const lora = c < ML;
      const levels = lora ? p.loraPowerLevelsW : p.wifiPowerLevelsW;
      const h = (input.largeScale[i] as number) * (input.fading[i * C + c] as number);
      for (let x = 0; x < levels.length; x++) {
        const P = levels[x] as number;
        const snr = uplinkSinr(P, h, lora ? p.loraNoiseW : p.wifiNoiseW, 0);
        if (!(snr > (lora ? p.loraThreshold : p.wifiThreshold))) continue;
        const dT = txDelay(d, linkRate(lora ? p.loraBandwidthHz : p.wifiBandwidthHz, snr), p.delayCap);
        const cT = weightedCost(txEnergy(P, dT), dT, p.beta);
        saving0[(i * C + c) * X + x] = cL - (cE + cT);
      }
    }
  }
  const actions = new Array<number>(U).fill(LOCAL_ACTION);
  const assigned = new Uint8Array(U), used = new Uint8Array(C);
  let wAll = 0, nOff = 0;
  for (let round = 0; round < Math.min(U, C); round++) {
    let best = 0, bi = -1, bc = -1, bx = -1; // only a strictly positive saving is taken
    for (let x = 0; x < X; x++) {
      for (let i = 0; i < U; i++) {
        if (assigned[i] === 1) continue;
        let dOmega = 0;
        if (options.waitingAware) {
          if (wAll > p.edgeCapacity) dOmega = p.waitingCost;
          else if (wAll + (cycles[i] as number) > p.edgeCapacity) dOmega = p.waitingCost * (nOff + 1);
        }
        // LoRa sub-channels come first in the flat order, so this loop is "LoRa before WiFi, then lowest sub-channel".
        for (let c = 0; c < C; c++) {
          if (used[c] === 1 || x >= (c < ML ? XL : XW)) continue;
          const s = (saving0[(i * C + c) * X + x] as number) - dOmega;
          if (s > best) {
            best = s;
            bi = i;
            bc = c;
            bx = x;
          }
        }
      }
    }
    if (bi < 0) break;
    assigned[bi] = 1;
    used[bc] = 1;
    wAll += cycles[bi] as number;
    nOff++;
    actions[bi] = encodeIotAction(bc < ML ? { kind: 'offload', rat: 'lora', subchannel: bc, level: bx } : { kind: 'offload', rat: 'wifi', subchannel: bc - ML, level: bx }, p);
  }
  return actions;
}

/** The Random baseline (file header): one action index per user, drawn from `rng`. */
export function randomActions(rng: Rng, numUsers: number, l: ActionLayout): number[] {
  const out: number[] = [];
  for (let i = 0; i < numUsers; i++) {
    const r = integer(rng, 0, 3);
    if (r === 0) {
      out.push(LOCAL_ACTION);
      continue;
    }
    const lora = r === 1;
    const subchannel = integer(rng, 0, lora ? l.loraSubchannels : l.wifiSubchannels);
    const level = integer(rng, 0, lora ? l.loraPowerLevelsW.length : l.wifiPowerLevelsW.length);
    out.push(encodeIotAction({ kind: 'offload', rat: lora ? 'lora' : 'wifi', subchannel, level }, l));
  }
  return out;
}
