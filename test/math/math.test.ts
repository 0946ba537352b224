// lib/math against the engine's Math.* and against committed golden hashes.
//
// 1. Node 20 (V8 11.3) on x86-64: every function is bit-identical to Math.* on ≥ 200 000 arguments
//    each, drawn from a seeded stream across the ranges that matter (specials, subnormals, tiny,
//    near 0 and 1, moderate, large, huge; for sin/cos near multiples of π/2, |x| up to 1e6 and
//    enormous; for pow the ECMAScript special cases, integer / non-integer / negative bases and
//    over/underflow edges; see cases.ts). Elsewhere (a newer V8, another engine, or arm64, where
//    Node's own fdlibm is reportedly compiled with fused multiply-add) the engine's Math is only a
//    reference: within cases.ts's ENGINE_ULP_BOUND (1 ulp for most; tanh 3, log10 2, pow see there).
// 2. Everywhere: FNV-1a hashes of our outputs' bit patterns on fixed argument sets equal the
//    committed ones — the same bits on every engine (test/browser/math.test.ts checks the same
//    hashes inside Chromium).

import { describe, expect, it } from 'vitest';
import * as M from '../../lib/math/index.js';
import { BINARY, compare, ENGINE_ULP_BOUND, GOLDEN, goldenHashes, hex, POW_USUAL_ULP_BOUND, UNARY, type MathImpl } from './cases.js';

const N = 200_000;
const proc = (globalThis as { process?: { versions?: { v8?: string }; arch?: string } }).process;
/** Node 20's V8 on x86-64: the engine whose Math.* lib/math reproduces bit for bit. */
const EXACT_ENGINE = (proc?.versions?.v8 ?? '').startsWith('11.') && proc?.arch === 'x64';
const ENGINE = Math as unknown as MathImpl;

describe('lib/math matches the engine', () => {
  for (const name of [...UNARY, ...BINARY]) {
    const what = BINARY.includes(name as (typeof BINARY)[number]) ? 'pairs' : 'arguments';
    it(`${name}: ${EXACT_ENGINE ? 'bit-identical to Node 20 Math' : `within ${ENGINE_ULP_BOUND[name]} ulp of this engine's Math`} on ${N} ${what}`, () => {
      const c = compare(name, ENGINE, N);
      expect(c.tested).toBeGreaterThanOrEqual(N);
      if (EXACT_ENGINE) {
        expect(c.examples).toEqual([]);
        expect(c.differing).toBe(0);
      } else {
        expect(c.maxUlps, c.worst).toBeLessThanOrEqual(ENGINE_ULP_BOUND[name]);
        if (name === 'pow') expect(c.maxUlpsUsual).toBeLessThanOrEqual(POW_USUAL_ULP_BOUND);
      }
    });
  }

  it('the ECMAScript special cases of pow, whatever the engine', () => {
    const cases: Array<[number, number, number]> = [
      [NaN, 0, 1], [NaN, -0, 1], [1, NaN, NaN], [NaN, 1, NaN], [1, Infinity, NaN], [-1, -Infinity, NaN],
      [2, Infinity, Infinity], [0.5, Infinity, 0], [0.5, -Infinity, Infinity], [-2, -Infinity, 0],
      [0, 3, 0], [-0, 3, -0], [-0, 2, 0], [-0, -3, -Infinity], [-0, -2, Infinity], [0, -1, Infinity],
      [Infinity, 0.5, Infinity], [-Infinity, 0.5, Infinity], [-Infinity, 3, -Infinity], [-Infinity, -3, -0],
      [-8, 1 / 3, NaN], [-2, 3, -8], [-2, -2, 0.25], [2, 0.5, Math.SQRT2], [-0, 0.5, 0],
    ];
    for (const [x, y, want] of cases) expect(M.pow(x, y), `pow(${x}, ${y})`).toBe(want);
  });

  it('keeps the signs of zero and the values at the specials', () => {
    expect(Object.is(M.sin(-0), -0)).toBe(true);
    expect(Object.is(M.tanh(-0), -0)).toBe(true);
    expect(Object.is(M.expm1(-0), -0)).toBe(true);
    expect(Object.is(M.log1p(-0), -0)).toBe(true);
    expect([M.exp(-Infinity), M.exp(Infinity), M.exp(1), M.log(0), M.log(-1), M.log2(8), M.log10(1000)])
      .toEqual([0, Infinity, Math.E, -Infinity, NaN, 3, 3]);
    expect([M.tanh(Infinity), M.tanh(-30), M.expm1(-Infinity), M.hypot(3, 4), M.hypot(-Infinity, NaN), M.hypot(NaN, 1)])
      .toEqual([1, -1, -1, 5, Infinity, NaN]);
    expect(M.hypotN([3, 4, 12])).toBe(13);
    expect(M.hypotN([1e300, 1e300])).toBe(M.hypot(1e300, 1e300));
  });
});

describe('lib/math is the same on every engine', () => {
  it('hashes of the outputs on the golden argument sets equal the committed ones', () => {
    expect(goldenHashes()).toEqual(GOLDEN);
  });

  it('a changed last bit changes the hash (the check can fail)', () => {
    const impl = { ...(M as unknown as MathImpl) };
    impl.sin = (x: number): number => { const y = M.sin(x); return y === 0 ? y : y * (1 + 2 ** -52); };
    const got = goldenHashes(impl);
    expect(got.sin).not.toBe(GOLDEN.sin);
    expect(got.cos).toBe(GOLDEN.cos);
  });

  it('spot values, as bit patterns', () => {
    expect([M.exp(1), M.log(10), M.sin(1e22), M.cos(1e300), M.pow(10, -4), M.tanh(0.5)].map(hex)).toEqual([
      '4005bf0a8b145769', '40026bb1bbb55516', 'bfeb453ab76bf397', 'bfe2699022adc4c1', '3f1a36e2eb1c432c', '3fdd9353d7568af3',
    ]);
  });
});
