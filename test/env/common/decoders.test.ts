// Action decoders: scalar maps, snapping thresholds, share normalisation edge cases, and the
// channel matchings of paper 01 worked by hand.
import { describe, expect, it } from 'vitest';
import { deriveStream, uniform } from '../../../lib/random/index.js';
import {
  NO_CHANNEL,
  ratioFromSigmoid,
  ratioFromTanh,
  indexFromUnit,
  binaryFromTanh,
  binaryFromUnit,
  snapAlpha,
  powerWithFloor,
  normalizeShares,
  greedyChannelMatching,
  indexChannelMatching,
  type ShareMode,
} from '../../../lib/env/common/index.js';
import { expectAllRel, expectRel } from './helpers.js';

describe('scalar decoders', () => {
  it('sigmoid / tanh output → ratio', () => {
    expect(ratioFromSigmoid(0.3)).toBe(0.3);
    // (a + 1)/2: −1 → 0, 0 → 0.5, 0.5 → 0.75, 1 → 1
    expect([-1, 0, 0.5, 1].map(ratioFromTanh)).toEqual([0, 0.5, 0.75, 1]);
  });

  it('floor(u·K) with clamp to K − 1', () => {
    // K = 16: 0 → 0; 0.0625·16 = 1 → 1; 0.5·16 = 8; 0.999·16 = 15.98 → 15; 1·16 = 16 → clamp 15
    expect([0, 0.0625, 0.5, 0.999, 1].map((u) => indexFromUnit(u, 16))).toEqual([0, 1, 8, 15, 15]);
    expect(indexFromUnit(1, 1)).toBe(0);
  });

  it('rounding to {0, 1}: 1 iff tanh output > 0 (05), or sigmoid output > 0.5', () => {
    expect([-1, -0.3, 0, 1e-9, 1].map(binaryFromTanh)).toEqual([0, 0, 0, 1, 1]);
    expect([0, 0.5, 0.51, 1].map(binaryFromUnit)).toEqual([0, 0, 1, 1]);
  });

  it('alpha snapping (01 alphaSnap = 0.01): strict thresholds', () => {
    // α < 0.01 ⇒ 0; α > 0.99 ⇒ 1; 0.01 and 0.99 themselves are kept
    expect(snapAlpha(0.005)).toBe(0);
    expect(snapAlpha(0.0099)).toBe(0);
    expect(snapAlpha(0.01)).toBe(0.01);
    expect(snapAlpha(0.5)).toBe(0.5);
    expect(snapAlpha(0.99)).toBe(0.99);
    expect(snapAlpha(0.995)).toBe(1);
    expect(snapAlpha(1)).toBe(1);
    // snap = 0 disables; a larger snap moves both thresholds
    expect(snapAlpha(0.001, 0)).toBe(0.001);
    expect(snapAlpha(0.999, 0)).toBe(0.999);
    expect(snapAlpha(0.15, 0.2)).toBe(0);
    expect(snapAlpha(0.85, 0.2)).toBe(1);
  });

  it('power with floor: max(pFloor, u·P_max) (01 pFloor = 1e−3·P_max)', () => {
    const pMax = 0.19953;
    // u = 0.5 ⇒ 0.099765 W; u = 0 ⇒ floor 1.9953e−4 W; u = 1 ⇒ P_max
    expectRel(powerWithFloor(0.5, pMax, 1e-3 * pMax), 0.099765, 1e-12);
    expectRel(powerWithFloor(0, pMax, 1e-3 * pMax), 1.9953e-4, 1e-12);
    expect(powerWithFloor(1, pMax, 1e-3 * pMax)).toBe(pMax);
  });
});

describe('share normalisation', () => {
  it("'sumToOne': raw/Σraw", () => {
    // [0.5, 1, 0.5] / 2 = [0.25, 0.5, 0.25]
    expectAllRel(normalizeShares([0.5, 1, 0.5]), [0.25, 0.5, 0.25]);
    // already summing to 1: unchanged
    expectAllRel(normalizeShares([0.2, 0.6, 0.2]), [0.2, 0.6, 0.2]);
  });

  it("'capAtOne': divide only if Σraw > 1", () => {
    // Σ = 0.5 ≤ 1 ⇒ kept; Σ = 2 > 1 ⇒ divided
    expectAllRel(normalizeShares([0.2, 0.3], { mode: 'capAtOne' }), [0.2, 0.3]);
    expectAllRel(normalizeShares([0.5, 1, 0.5], { mode: 'capAtOne' }), [0.25, 0.5, 0.25]);
  });

  it('only selected entries take part; unselected get 0', () => {
    // selected {0, 2}: [0.3, ·, 0.1] / 0.4 = [0.75, 0, 0.25]
    expectAllRel(normalizeShares([0.3, 0.9, 0.1], { selected: [true, false, true] }), [0.75, 0, 0.25]);
    expectAllRel(normalizeShares([0.3, 0.9, 0.1], { selected: [1, 0, 1] }), [0.75, 0, 0.25]);
    expect(Array.from(normalizeShares([0.3, 0.9], { selected: [0, 0] }))).toEqual([0, 0]);
  });

  it('all-zero raw: equal split for sumToOne, zeros for capAtOne; the offset avoids the case', () => {
    expectAllRel(normalizeShares([0, 0, 0]), [1 / 3, 1 / 3, 1 / 3]);
    expect(Array.from(normalizeShares([0, 0, 0], { mode: 'capAtOne' }))).toEqual([0, 0, 0]);
    // 01: raw = u_f + 1e−6 ⇒ [1e−6, 1e−6, 1e−6]/3e−6 = 1/3 each
    expectAllRel(normalizeShares([0, 0, 0], { offset: 1e-6 }), [1 / 3, 1 / 3, 1 / 3]);
    // 01 with offset: [0 + 1e−6, 0.5 + 1e−6] / 0.500002
    expectAllRel(normalizeShares([0, 0.5], { offset: 1e-6 }), [1e-6 / 0.500002, 0.500001 / 0.500002]);
  });

  it('03 workload fractions: equal split when Σ < minSum = 1e−6', () => {
    // Σ = 3e−7 < 1e−6 ⇒ (1/3, 1/3, 1/3); Σ = 1e−6 is not below ⇒ normalised
    expectAllRel(normalizeShares([1e-7, 2e-7, 0], { minSum: 1e-6 }), [1 / 3, 1 / 3, 1 / 3]);
    expectAllRel(normalizeShares([1e-6, 0, 0], { minSum: 1e-6 }), [1, 0, 0]);
  });

  it('writes into `out` when given, and Σ = 1 for random inputs in sumToOne mode', () => {
    const out = new Float64Array(3);
    expect(normalizeShares([1, 1, 2], {}, out)).toBe(out);
    expectAllRel(out, [0.25, 0.25, 0.5]);
    const rng = deriveStream(7, 'shares');
    for (let t = 0; t < 100; t++) {
      const raw = Array.from({ length: 10 }, () => uniform(rng));
      const s = normalizeShares(raw, { offset: 1e-6 });
      expectRel(s.reduce((a, b) => a + b, 0), 1, 1e-12);
      const c = normalizeShares(raw, { mode: 'capAtOne' });
      expect(c.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-12);
    }
  });
});

describe('greedy channel matching (01 channelDecoding: scores)', () => {
  it('3 UEs × 3 channels with ties: score desc, then lower UE, then lower channel', () => {
    //        ch0  ch1  ch2
    // UE0 [ 0.9, 0.2, 0.5 ]
    // UE1 [ 0.9, 0.8, 0.1 ]
    // UE2 [ 0.3, 0.8, 0.7 ]
    // Sorted pairs: (0,0) 0.9 and (1,0) 0.9 tie → UE0 first: UE0 ← ch0; (1,0) skipped (ch0 taken).
    // Next 0.8: (1,1) and (2,1) tie → UE1 first: UE1 ← ch1; (2,1) skipped.
    // Next 0.7: (2,2): UE2 ← ch2.  Result [0, 1, 2].
    const scores = [0.9, 0.2, 0.5, 0.9, 0.8, 0.1, 0.3, 0.8, 0.7];
    expect(Array.from(greedyChannelMatching(scores, 3, 3, [true, true, true]))).toEqual([0, 1, 2]);
  });

  it('a UE with equal scores on two channels takes the lower channel', () => {
    expect(Array.from(greedyChannelMatching([0.5, 0.5], 1, 2, [1]))).toEqual([0]);
  });

  it('more offloading UEs than channels: the leftover UE gets no channel (forced local)', () => {
    //        ch0  ch1
    // UE0 [ 0.1, 0.2 ]
    // UE1 [ 0.6, 0.3 ]
    // UE2 [ 0.4, 0.5 ]
    // 0.6 (1,0): UE1 ← ch0; 0.5 (2,1): UE2 ← ch1; channels exhausted ⇒ UE0 = −1.
    const channelOf = greedyChannelMatching([0.1, 0.2, 0.6, 0.3, 0.4, 0.5], 3, 2, [1, 1, 1]);
    expect(Array.from(channelOf)).toEqual([NO_CHANNEL, 0, 1]);
  });

  it('local UEs are ignored even with the best scores', () => {
    // UE1 is local: UE0 gets its best channel, UE1 gets none.
    expect(Array.from(greedyChannelMatching([0.2, 0.1, 0.9, 0.9], 2, 2, [true, false]))).toEqual([0, NO_CHANNEL]);
    expect(Array.from(greedyChannelMatching([], 0, 4, []))).toEqual([]);
  });

  it("reads the scores out of 01's per-UE action blocks [α, p, f, score_1..score_K] via offset/rowStride", () => {
    const dense = [0.9, 0.2, 0.5, 0.9, 0.8, 0.1, 0.3, 0.8, 0.7];
    const action: number[] = [];
    for (let ue = 0; ue < 3; ue++) action.push(0.5, 0.5, 0.5, ...dense.slice(3 * ue, 3 * ue + 3));
    expect(Array.from(greedyChannelMatching(action, 3, 3, [1, 1, 1], { offset: 3, rowStride: 6 }))).toEqual([0, 1, 2]);
  });

  it('K ≥ N_m (01: 16 ≥ 10): every offloading UE gets a distinct channel (random seeded scores)', () => {
    const rng = deriveStream(9, 'matching');
    for (let t = 0; t < 200; t++) {
      const scores = Array.from({ length: 10 * 16 }, () => uniform(rng));
      const offloading = Array.from({ length: 10 }, () => uniform(rng) < 0.7);
      const ch = greedyChannelMatching(scores, 10, 16, offloading);
      const used = new Set<number>();
      for (let ue = 0; ue < 10; ue++) {
        if (offloading[ue]) {
          expect(ch[ue]).toBeGreaterThanOrEqual(0);
          expect(used.has(ch[ue]!)).toBe(false);
          used.add(ch[ue]!);
        } else {
          expect(ch[ue]).toBe(NO_CHANNEL);
        }
      }
    }
  });
});

describe('index channel matching (01 channelDecoding: index)', () => {
  it('collisions: larger α keeps the channel, the others move to the lowest free channel', () => {
    // K = 4, u = [0.1, 0.1, 0.6, 0.1, 1.0] ⇒ wanted channels floor(u·4) = [0, 0, 2, 0, 3 (clamped)]
    // α = [0.5, 0.9, 0.3, 0.9, 0.2]; order by α desc, ties lower index: UE1, UE3, UE0, UE2, UE4
    // step 1: UE1 wins ch0; UE3 and UE0 lose it; UE2 wins ch2; UE4 wins ch3
    // step 2: losers by α desc: UE3 → lowest free ch1; UE0 → no channel left ⇒ −1
    const ch = indexChannelMatching([0.1, 0.1, 0.6, 0.1, 1.0], [0.5, 0.9, 0.3, 0.9, 0.2], 4, [1, 1, 1, 1, 1]);
    expect(Array.from(ch)).toEqual([NO_CHANNEL, 0, 2, 1, 3]);
  });

  it('reads 01 blocks [α, p, f, idx] with offset 3, stride 4; local UEs get no channel', () => {
    const u = [0.9, 0.5, 0.5, 0.7, /* UE1 local */ 0, 0, 0, 0.7, 0.8, 0.5, 0.5, 0.7];
    // K = 2: UE0 and UE2 want floor(0.7·2) = 1; α 0.9 > 0.8 ⇒ UE0 keeps ch1, UE2 moves to ch0
    expect(Array.from(indexChannelMatching(u, [0.9, 0, 0.8], 2, [1, 0, 1], 3, 4))).toEqual([1, NO_CHANNEL, 0]);
  });
});

describe('argument errors', () => {
  it.each([
    [() => ratioFromSigmoid(1.5), /^ratioFromSigmoid: u must be a number in \[0, 1\], got 1.5$/],
    [() => ratioFromTanh(-1.01), /^ratioFromTanh: a must be a number in \[-1, 1\], got -1.01$/],
    [() => indexFromUnit(0.5, 0), /^indexFromUnit: count must be an integer in \[1, 2147483647\], got 0$/],
    [() => snapAlpha(0.5, 0.5), /^snapAlpha: snap must be a number in \[0, 0.5\), got 0.5$/],
    [() => snapAlpha(NaN), /^snapAlpha: alpha must be a number in \[0, 1\], got NaN$/],
    [() => powerWithFloor(0.5, 0.2, 0.3), /^powerWithFloor: floorW must be a number in \[0, 0.2\], got 0.3$/],
    [() => normalizeShares([0.5, -0.1]), /^normalizeShares: raw\[1\] must be a finite number >= 0, got -0.1$/],
    [() => normalizeShares([0.5], { mode: 'sum' as ShareMode }), /^normalizeShares: options.mode must be 'sumToOne' or 'capAtOne', got "sum"$/],
    [() => normalizeShares([0.5, 1], { selected: [true] }), /^normalizeShares: options.selected.length must be 2, got 1$/],
    [() => greedyChannelMatching([0.1, NaN], 1, 2, [1]), /^greedyChannelMatching: scores\[1\] must be a finite number, got NaN$/],
    [() => greedyChannelMatching([0.1, 0.2, 0.3], 2, 2, [1, 1]), /^greedyChannelMatching: scores.length must be >= offset \+ \(numUsers − 1\)·rowStride \+ numChannels \(4\), got 3$/],
    [() => greedyChannelMatching([0.1], 1, 1, [1], { rowStride: 0 }), /^greedyChannelMatching: layout.rowStride must be an integer in \[1, /],
    [() => indexChannelMatching([0.5], [1.5], 2, [1]), /^indexChannelMatching: alpha\[0\] must be a number in \[0, 1\], got 1.5$/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
