// small-cell action decoder (spec 01 §3): per-UE blocks [α, p, f, score_0..score_{K−1}] (or
// [α, p, f, idx]) → {α, channel, p, f}, worked by hand, plus decision validation.

import { describe, expect, it } from 'vitest';
import type { DecodeParams } from '../../../lib/env/small-cell/index.js';
import { decodeCellAction, validateCellDecision } from '../../../lib/env/small-cell/index.js';
import { expectAllRel, expectRel, tinyDecisions } from './helpers.js';

const P_MAX = 0.2;
const BASE: DecodeParams = {
  uesPerCell: 2,
  numChannels: 2,
  channelDecoding: 'scores',
  alphaSnap: 0.01,
  maxPowerW: P_MAX,
  pFloor: 1e-3 * P_MAX,
  cpuShareMode: 'sumToOne',
};

/** Concatenate per-UE blocks. */
const u = (...blocks: number[][]): Float64Array => Float64Array.from(blocks.flat());

describe('small-cell decoder', () => {
  it('alpha snapping: < 0.01 ⇒ local (no channel, p = 0, f = 0), > 0.99 ⇒ 1, in between kept', () => {
    // UE 0: α 0.005 ⇒ 0; UE 1: α 0.995 ⇒ 1
    const d = decodeCellAction(u([0.005, 0.5, 0.5, 0.9, 0.1], [0.995, 0.5, 0.5, 0.2, 0.8]), BASE);
    expect(Array.from(d.alpha)).toEqual([0, 1]);
    expect(Array.from(d.channel)).toEqual([-1, 1]);
    expect(d.powerW[0]).toBe(0);
    expect(d.cpuShare[0]).toBe(0);
    expect(Array.from(d.forcedLocal)).toEqual([0, 0]);
    // alphaSnap 0 disables snapping
    const raw = decodeCellAction(u([0.005, 0.5, 0.5, 0.9, 0.1], [0.995, 0.5, 0.5, 0.2, 0.8]), { ...BASE, alphaSnap: 0 });
    expect(Array.from(raw.alpha)).toEqual([0.005, 0.995]);
    // 0.01 itself is kept (strict inequality)
    expect(decodeCellAction(u([0.01, 0, 0, 0, 0], [0, 0, 0, 0, 0]), BASE).alpha[0]).toBe(0.01);
  });

  it('greedy channel matching: highest score first; ties go to the lower UE, then the lower channel', () => {
    // scores UE 0 [0.9, 0.8], UE 1 [0.9, 0.3]: the 0.9 tie on channel 0 goes to UE 0; UE 1 takes channel 1
    let d = decodeCellAction(u([0.5, 1, 1, 0.9, 0.8], [0.5, 1, 1, 0.9, 0.3]), BASE);
    expect(Array.from(d.channel)).toEqual([0, 1]);
    // UE 1 has the single highest score (0.95 on channel 0) ⇒ it gets channel 0, UE 0 gets channel 1
    d = decodeCellAction(u([0.5, 1, 1, 0.9, 0.8], [0.5, 1, 1, 0.95, 0.3]), BASE);
    expect(Array.from(d.channel)).toEqual([1, 0]);
    // all scores equal: UE 0 → channel 0 (lower channel), UE 1 → channel 1
    d = decodeCellAction(u([0.5, 1, 1, 0.4, 0.4], [0.5, 1, 1, 0.4, 0.4]), BASE);
    expect(Array.from(d.channel)).toEqual([0, 1]);
  });

  it('forced local when the channels run out (K = 1 < 2 offloading UEs)', () => {
    const one = { ...BASE, numChannels: 1 };
    // UE 0 score 0.3, UE 1 score 0.7 ⇒ UE 1 gets channel 0; UE 0 is forced local
    const d = decodeCellAction(u([0.6, 0.5, 0.2, 0.3], [0.4, 0.5, 0.6, 0.7]), one);
    expect(Array.from(d.alpha)).toEqual([0, 0.4]);
    expect(Array.from(d.channel)).toEqual([-1, 0]);
    expect(Array.from(d.forcedLocal)).toEqual([1, 0]);
    expect(d.powerW[0]).toBe(0);
    // the CPU goes to the only offloading UE: (0.6 + 1e−6)/(0.6 + 1e−6) = 1
    expect(Array.from(d.cpuShare)).toEqual([0, 1]);
  });

  it('power floor: p = max(pFloor, u_p·P_max)', () => {
    // u_p = 0 ⇒ pFloor = 1e−3·0.2 = 2e−4 W; u_p = 0.5 ⇒ 0.1 W; u_p = 1e−4 ⇒ 2e−5 < 2e−4 ⇒ 2e−4
    let d = decodeCellAction(u([0.5, 0, 1, 1, 0], [0.5, 0.5, 1, 0, 1]), BASE);
    expectAllRel(d.powerW, [2e-4, 0.1], 1e-15);
    d = decodeCellAction(u([0.5, 1e-4, 1, 1, 0], [0.5, 1, 1, 0, 1]), BASE);
    expectAllRel(d.powerW, [2e-4, 0.2], 1e-15);
  });

  it("CPU shares: 'sumToOne' = raw/Σraw, 'capAtOne' divides only when Σraw > 1 (raw = u_f + 1e−6)", () => {
    const action = u([0.5, 1, 0.2, 1, 0], [0.5, 1, 0.6, 0, 1]);
    // sumToOne: 0.200001/0.800002 = 0.2500006, 0.600001/0.800002 = 0.7499994
    expectAllRel(decodeCellAction(action, BASE).cpuShare, [0.200001 / 0.800002, 0.600001 / 0.800002], 1e-12);
    expectAllRel(decodeCellAction(action, BASE).cpuShare, [0.2500006, 0.7499994], 1e-7);
    // capAtOne: Σ = 0.800002 <= 1 ⇒ kept: [0.200001, 0.600001]
    expectAllRel(decodeCellAction(action, { ...BASE, cpuShareMode: 'capAtOne' }).cpuShare, [0.200001, 0.600001], 1e-12);
    // capAtOne with Σ = 1.000002 + 0.5 > 1 ⇒ divided: 1.000001/1.500002, 0.500001/1.500002
    const big = u([0.5, 1, 1, 1, 0], [0.5, 1, 0.5, 0, 1]);
    expectAllRel(decodeCellAction(big, { ...BASE, cpuShareMode: 'capAtOne' }).cpuShare, [1.000001 / 1.500002, 0.500001 / 1.500002], 1e-12);
    // u_f = 0 for both ⇒ equal shares from the 1e−6 offset: 0.5, 0.5 (sumToOne)
    expectAllRel(decodeCellAction(u([0.5, 1, 0, 1, 0], [0.5, 1, 0, 0, 1]), BASE).cpuShare, [0.5, 0.5], 1e-12);
  });

  it("'index' decoding: channel = min(K − 1, floor(u·K)); a collision keeps the larger α, the other moves to the lowest free channel", () => {
    const idx: DecodeParams = { ...BASE, channelDecoding: 'index', numChannels: 3 };
    // UE 0: α 0.6, u 0.5 ⇒ floor(1.5) = 1; UE 1: α 0.8, u 0.4 ⇒ floor(1.2) = 1 ⇒ collision: UE 1 (larger α) keeps 1, UE 0 → channel 0
    let d = decodeCellAction(u([0.6, 1, 1, 0.5], [0.8, 1, 1, 0.4]), idx);
    expect(Array.from(d.channel)).toEqual([0, 1]);
    // u = 1 ⇒ floor(3) = 3 ⇒ clamped to K − 1 = 2; u = 0 ⇒ 0
    d = decodeCellAction(u([0.6, 1, 1, 1], [0.8, 1, 1, 0]), idx);
    expect(Array.from(d.channel)).toEqual([2, 0]);
    // actDim = 4·N_m; a wrong length is rejected
    expect(() => decodeCellAction(new Float64Array(10), idx)).toThrow(/length N_m·4 = 8, got 10/);
    expect(() => decodeCellAction(new Float64Array(8), BASE)).toThrow(/length N_m·\(K \+ 3\) = 10, got 8/);
  });

  it('out-of-range raw values are rejected by the common decoders', () => {
    expect(() => decodeCellAction(u([1.5, 1, 1, 1, 0], [0.5, 1, 1, 0, 1]), BASE)).toThrow(/alpha/);
  });

  it('validateCellDecision enforces C2–C7 and names the UE', () => {
    const params = { uesPerCell: 2, numChannels: 2, maxPowerW: P_MAX };
    const [ok] = tinyDecisions();
    expect(() => validateCellDecision('d', ok!, params)).not.toThrow();
    const dup = { ...ok!, channel: Int32Array.of(1, 1) };
    expect(() => validateCellDecision('d', dup, params)).toThrow(/UE 1: channel 1 is already used by UE 0/);
    const over = { ...ok!, cpuShare: Float64Array.of(0.6, 0.5) };
    expect(() => validateCellDecision('d', over, params)).toThrow(/sum to 1.1 > 1/);
    const noPower = { ...ok!, powerW: Float64Array.of(0, 0.2) };
    expect(() => validateCellDecision('d', noPower, params)).toThrow(/UE 0: powerW/);
    const localWithChannel = { ...ok!, alpha: Float64Array.of(0, 1) };
    expect(() => validateCellDecision('d', localWithChannel, params)).toThrow(/UE 0: a local UE/);
    const wrongType = { ...ok!, alpha: [0.5, 1] } as unknown as typeof ok;
    expect(() => validateCellDecision('d', wrongType!, params)).toThrow(/alpha must be a Float64Array/);
  });

  it('decoding never produces an offloading UE without a channel, power or CPU share', () => {
    // 200 random actions, K = 3 < N_m = 4 so some UEs are forced local
    let seed = 1;
    const rand = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const p: DecodeParams = { ...BASE, uesPerCell: 4, numChannels: 3 };
    for (let t = 0; t < 200; t++) {
      const a = Float64Array.from({ length: 4 * 6 }, rand);
      const d = decodeCellAction(a, p);
      expect(() => validateCellDecision(`draw ${t}`, d, { uesPerCell: 4, numChannels: 3, maxPowerW: P_MAX })).not.toThrow();
      let offloading = 0;
      for (let n = 0; n < 4; n++) if ((d.alpha[n] as number) > 0) offloading++;
      expect(offloading).toBeLessThanOrEqual(3);
      const sum = d.cpuShare.reduce((s, f) => s + f, 0);
      if (offloading > 0) expectRel(sum, 1, 1e-12);
    }
  });
});
