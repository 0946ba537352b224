// Complex helpers of paper 03, by hand.
import { describe, expect, it } from 'vitest';
import {
  BEAM_NORM_FLOOR,
  complexVectorFrom,
  squaredNorm,
  innerProduct,
  beamGain,
  scaleComplexVector,
  normalizeComplexVector,
  decodeBeam,
  decodeBeams,
} from '../../../lib/env/common/index.js';
import { expectAllRel, expectRel } from './helpers.js';

// h = [1 + 2j, 3 − j]
const h = complexVectorFrom([1, 3], [2, -1]);

describe('norms and inner products', () => {
  it('‖h‖² = 1 + 4 + 9 + 1 = 15', () => {
    expect(squaredNorm(h)).toBe(15);
  });

  it('h^H w and |h^H w|² for w = [1, 1]/√2', () => {
    // h^H w = (conj(1+2j) + conj(3−j))/√2 = ((1 − 2j) + (3 + j))/√2 = (4 − j)/√2
    // |h^H w|² = (16 + 1)/2 = 8.5
    const w = complexVectorFrom([Math.SQRT1_2, Math.SQRT1_2], [0, 0]);
    const z = innerProduct(h, w);
    expectRel(z.re, 4 * Math.SQRT1_2, 1e-15);
    expectRel(z.im, -Math.SQRT1_2, 1e-15);
    expectRel(beamGain(h, w), 8.5, 1e-14);
  });

  it('conjugation is on the first argument: h^H (j·e_0) = conj(1 + 2j)·j = 2 + j', () => {
    const w = complexVectorFrom([0, 0], [1, 0]);
    expect(innerProduct(h, w)).toEqual({ re: 2, im: 1 });
  });

  it('MRT w = h/‖h‖ attains the bound |h^H w|² = ‖h‖²', () => {
    const w = normalizeComplexVector(h);
    expectRel(squaredNorm(w), 1, 1e-15);
    expectRel(beamGain(h, w), 15, 1e-14);
  });

  it('scaling by a real s multiplies ‖·‖² by s²', () => {
    // s = √(2e−4) (03 user 1 amplitude) ⇒ 15·2e−4 = 3e−3
    expectRel(squaredNorm(scaleComplexVector(h, Math.sqrt(2e-4))), 3e-3, 1e-12);
  });
});

describe('beam decoding from [0, 1] outputs (spec 03 §3)', () => {
  it("split layout: u = [1, 0.5, 0.75, 0] ⇒ v = [1 + 0.5j, −j], ‖v‖ = 1.5, w = [2/3 + j/3, −2j/3]", () => {
    // v_re = 2·[1, 0.5] − 1 = [1, 0]; v_im = 2·[0.75, 0] − 1 = [0.5, −1]; ‖v‖² = 1 + 0.25 + 1 = 2.25
    const w = decodeBeam([1, 0.5, 0.75, 0], 2);
    expectAllRel(w.re, [2 / 3, 0], 1e-15);
    expectAllRel(w.im, [1 / 3, -2 / 3], 1e-15);
  });

  it('interleaved layout reads [re_0, im_0, re_1, im_1]', () => {
    const w = decodeBeam([1, 0.75, 0.5, 0], 2, 0, 'interleaved');
    expectAllRel(w.re, [2 / 3, 0], 1e-15);
    expectAllRel(w.im, [1 / 3, -2 / 3], 1e-15);
  });

  it('‖v‖ < 1e−8 (all outputs 0.5) falls back to (1, …, 1)/√M', () => {
    const w = decodeBeam([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 3);
    expectAllRel(w.re, [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)], 1e-15);
    expect(Array.from(w.im)).toEqual([0, 0, 0]);
    expect(BEAM_NORM_FLOOR).toBe(1e-8);
  });

  it('decodeBeams splits u ∈ [0,1]^{2MN} into N per-user blocks of 2M; every beam has unit norm', () => {
    // N = 2, M = 2: user 0 = [1, 0.5, 0.75, 0] (as above), user 1 = [0, 1, 0.5, 0.5] ⇒ v = [−1, 1]/√2
    const beams = decodeBeams([1, 0.5, 0.75, 0, 0, 1, 0.5, 0.5], 2, 2);
    expect(beams).toHaveLength(2);
    expectAllRel(beams[0]!.re, [2 / 3, 0], 1e-15);
    expectAllRel(beams[1]!.re, [-Math.SQRT1_2, Math.SQRT1_2], 1e-15);
    expect(Array.from(beams[1]!.im)).toEqual([0, 0]);
    for (const w of beams) expectRel(squaredNorm(w), 1, 1e-15);
  });
});

describe('argument errors', () => {
  it.each([
    [() => decodeBeam([0, 0.5, 1.2, 0], 2), /^decodeBeam: u\[2\] must be a number in \[0, 1\], got 1.2$/],
    [() => decodeBeam([0, 0.5, 1], 2), /^decodeBeam: u.length must be >= offset \+ 2·numAntennas \(4\), got 3$/],
    [() => decodeBeams([0.1, 0.2], 2, 2), /^decodeBeams: u.length must be 2·numUsers·numAntennas \(8\), got 2$/],
    [() => innerProduct(h, complexVectorFrom([1], [1])), /^innerProduct: w length must be h length \(2\), got 1$/],
    [() => complexVectorFrom([1, NaN], [0, 0]), /^complexVectorFrom: re\[1\] must be a finite number, got NaN$/],
    [() => squaredNorm({ re: [1], im: [1] } as never), /^squaredNorm: h must be a ComplexVector/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
