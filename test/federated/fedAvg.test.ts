// fedAvg (paper 1 eq. 26), averageSubset (paper 5 eq. 25), fedAvgModules, fedAvgStateDicts and
// broadcast (replace / personalised soft update), with hand arithmetic in the comments.

import { describe, expect, it } from 'vitest';
import { deriveStream, fillNormal, fromSeed } from '../../lib/random/index.js';
import { loadModuleStateDict, mlp, moduleStateDict } from '../../lib/nn/index.js';
import { averageSubset, broadcast, fedAvg, fedAvgModules, fedAvgStateDicts } from '../../lib/federated/index.js';

const f = (...xs: number[]): Float64Array => Float64Array.from(xs);
const bytesOf = (a: Float64Array): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe('fedAvg', () => {
  it('weights 1 and 3 on [1,2] and [3,6] give [2.5, 5]', () => {
    // p = [1/4, 3/4]; element 0: 1/4·1 + 3/4·3 = 0.25 + 2.25 = 2.5; element 1: 1/4·2 + 3/4·6 = 0.5 + 4.5 = 5
    expect(Array.from(fedAvg([f(1, 2), f(3, 6)], [1, 3]))).toEqual([2.5, 5]);
  });

  it('normalises by the sum: batch counts 32 and 96 give the same as 1 and 3', () => {
    expect(Array.from(fedAvg([f(1, 2), f(3, 6)], [32, 96]))).toEqual([2.5, 5]);
  });

  it('equal weights (or none) give the plain mean', () => {
    // mean of [0,4], [2,8], [4,0], [6,-4] = [12/4, 8/4] = [3, 2] (all steps exact in binary)
    const vs = [f(0, 4), f(2, 8), f(4, 0), f(6, -4)];
    expect(Array.from(fedAvg(vs))).toEqual([3, 2]);
    expect(Array.from(fedAvg(vs, [7, 7, 7, 7]))).toEqual([3, 2]);
    // three vectors: (1 + 2 + 4)/3 = 7/3
    expect(fedAvg([f(1), f(2), f(4)])[0]).toBeCloseTo(7 / 3, 15);
  });

  it('a zero weight excludes that client entirely, even a NaN in its parameters', () => {
    // p = [0, 1/2, 1/2]: (2 + 4)/2 = 3
    expect(Array.from(fedAvg([f(NaN), f(2), f(4)], [0, 1, 1]))).toEqual([3]);
  });

  it('is bit-identical on repeat, and `out` (even aliasing an input) gets the same bits', () => {
    const rng = fromSeed(7);
    const vs = Array.from({ length: 5 }, () => fillNormal(rng, new Float64Array(1000), 0, 3));
    const w = [3, 1, 4, 1, 5];
    const a = fedAvg(vs, w), b = fedAvg(vs, w);
    expect(bytesOf(a)).toEqual(bytesOf(b));
    const out = new Float64Array(1000);
    expect(fedAvg(vs, w, out)).toBe(out);
    expect(bytesOf(out)).toEqual(bytesOf(a));
    const copies = vs.map((v) => v.slice());
    fedAvg(copies, w, copies[2]); // write into one of the inputs
    expect(bytesOf(copies[2]!)).toEqual(bytesOf(a));
  });

  it('averaging identical vectors returns them exactly (plain Σ p·θ would not)', () => {
    // Σ_{6 copies} (1/6)·0.1 = 0.09999999999999999 in float64; fedAvg's shifted form gives 0.1.
    let naive = 0;
    for (let i = 0; i < 6; i++) naive += (1 / 6) * 0.1;
    expect(naive).not.toBe(0.1);
    const rng = deriveStream(1, 'identical');
    const x = fillNormal(rng, new Float64Array(500), 0, 10);
    x[0] = 0.1;
    for (const n of [1, 2, 3, 6, 7]) {
      const vs = Array.from({ length: n }, () => x.slice());
      expect(bytesOf(fedAvg(vs))).toEqual(bytesOf(x));
      expect(bytesOf(fedAvg(vs, Array.from({ length: n }, (_, i) => i + 0.3)))).toEqual(bytesOf(x));
    }
  });

  it('agrees with the direct formula Σ (W_m/ΣW)·θ_m to rounding', () => {
    const rng = fromSeed(3);
    const vs = Array.from({ length: 4 }, () => fillNormal(rng, new Float64Array(50)));
    const w = [10, 20, 30, 40];
    const got = fedAvg(vs, w);
    for (let i = 0; i < 50; i++) {
      const direct = 0.1 * vs[0]![i]! + 0.2 * vs[1]![i]! + 0.3 * vs[2]![i]! + 0.4 * vs[3]![i]!;
      expect(Math.abs(got[i]! - direct)).toBeLessThan(1e-14);
    }
  });

  it('errors name the problem', () => {
    expect(() => fedAvg([])).toThrow('fedAvg: vectors is empty');
    expect(() => fedAvg([f(1, 2), f(1, 2), f(1, 2, 3)])).toThrow('fedAvg: vectors[2] has 3 elements but vectors[0] has 2');
    expect(() => fedAvg([f(1), f(2)], [1, -1])).toThrow('fedAvg: weights[1] must be a finite number >= 0, got -1');
    expect(() => fedAvg([f(1), f(2)], [NaN, 1])).toThrow('fedAvg: weights[0] must be a finite number >= 0, got NaN');
    expect(() => fedAvg([f(1), f(2)], [Infinity, 1])).toThrow('weights[0]');
    expect(() => fedAvg([f(1), f(2)], [0, 0])).toThrow('fedAvg: weights are all zero');
    expect(() => fedAvg([f(1), f(2)], [1])).toThrow('fedAvg: weights has 1 entries but there are 2 vectors');
    expect(() => fedAvg([f(1), [2] as unknown as Float64Array])).toThrow(TypeError);
    expect(() => fedAvg([f(1, 2)], undefined, new Float64Array(3))).toThrow('fedAvg: out has 3 elements but the vectors have 2');
  });
});

describe('averageSubset (eq. 25)', () => {
  it('is the plain mean of the chosen vectors', () => {
    const vs = [f(100), f(1), f(50), f(3)];
    // Z = {1, 3}: (1 + 3)/2 = 2
    expect(Array.from(averageSubset(vs, [3, 1]))).toEqual([2]);
    expect(Array.from(averageSubset(vs, [2]))).toEqual([50]);
  });

  it('rejects empty, repeated and out-of-range indices', () => {
    const vs = [f(1), f(2)];
    expect(() => averageSubset(vs, [])).toThrow('averageSubset: indices is empty');
    expect(() => averageSubset(vs, [1, 1])).toThrow('averageSubset: indices[1] = 1 is repeated');
    expect(() => averageSubset(vs, [2])).toThrow('averageSubset: indices[0] must be an integer in [0, 1], got 2');
  });
});

describe('fedAvgModules and fedAvgStateDicts', () => {
  const net = (seed: number) => mlp({ sizes: [3, 4, 2], rng: fromSeed(seed) });

  it('average the flat buffers of modules without changing them', () => {
    const a = net(1), b = net(2);
    const before = a.flat.data.slice();
    const avg = fedAvgModules([a, b], [1, 3]);
    expect(avg.length).toBe(a.countParams()); // 3·4 + 4 + 4·2 + 2 = 26
    expect(avg.length).toBe(26);
    expect(bytesOf(avg)).toEqual(bytesOf(fedAvg([a.flat.data, b.flat.data], [1, 3])));
    expect(bytesOf(a.flat.data)).toEqual(bytesOf(before));
  });

  it('reject modules with different layouts even when the sizes match', () => {
    // [3,4,2]: 26 params; [2,6,2]: 2·6 + 6 + 6·2 + 2 = 32 — different; [4,3,2]: 4·3 + 3 + 3·2 + 2 = 23.
    // Same size, different layout: [1,5,2] has 5 + 5 + 10 + 2 = 22 and [2,4,2] has 8 + 4 + 8 + 2 = 22.
    const x = mlp({ sizes: [1, 5, 2], rng: fromSeed(1) }), y = mlp({ sizes: [2, 4, 2], rng: fromSeed(1) });
    expect(x.countParams()).toBe(y.countParams());
    expect(() => fedAvgModules([x, y])).toThrow(/fedAvgModules: parameter 0 differs: modules\[1\] has 'layers.0.weight' \[2, 4\], modules\[0\] has 'layers.0.weight' \[1, 5\]/);
    expect(() => fedAvgModules([net(1), new Float64Array(5)])).toThrow('fedAvgModules: modules[1] has 5 parameters but modules[0] has 26');
  });

  it('state dicts average like the modules and load back', () => {
    const a = net(1), b = net(2), c = net(3);
    const sd = fedAvgStateDicts([moduleStateDict(a), moduleStateDict(b)], [1, 3]);
    loadModuleStateDict(c, JSON.parse(JSON.stringify(sd)));
    expect(bytesOf(c.flat.data)).toEqual(bytesOf(fedAvgModules([a, b], [1, 3])));
    const other = moduleStateDict(mlp({ sizes: [3, 5, 2], rng: fromSeed(1) }));
    expect(() => fedAvgStateDicts([moduleStateDict(a), other])).toThrow("fedAvgStateDicts: key 'layers.0.weight' has shape [3, 5] in dicts[1] but [3, 4] in dicts[0]");
  });
});

describe('broadcast', () => {
  it('replace copies θ_f into every client exactly', () => {
    const avg = f(0.1, -2, 3);
    const c1 = f(9, 9, 9), c2 = { data: f(1, 1, 1), grad: f(5, 5, 5) };
    broadcast(avg, [c1, c2]);
    expect(Array.from(c1)).toEqual([0.1, -2, 3]);
    expect(Array.from(c2.data)).toEqual([0.1, -2, 3]);
    expect(Array.from(c2.grad)).toEqual([5, 5, 5]); // gradients untouched
  });

  it('soft with f_q = 0.3: θ_i ← 0.3·θ_f + 0.7·θ_i', () => {
    // θ_i = [10, 0, 2], θ_f = [0, 10, 4]:
    //   0.7·10 + 0.3·0 = 7;  0.7·0 + 0.3·10 = 3;  0.7·2 + 0.3·4 = 1.4 + 1.2 = 2.6
    const theta = f(10, 0, 2);
    broadcast(f(0, 10, 4), [theta], { mode: 'soft', rate: 0.3 });
    expect(theta[0]).toBe(7);
    expect(theta[1]).toBe(3);
    expect(theta[2]).toBeCloseTo(2.6, 15);
  });

  it('soft with f_q = 1 is replace and f_q = 0 keeps the client, exactly', () => {
    const a = f(1.5, -7), b = f(1.5, -7);
    broadcast(f(0.1, 0.2), [a], { mode: 'soft', rate: 1 });
    broadcast(f(0.1, 0.2), [b], { mode: 'replace' });
    expect(bytesOf(a)).toEqual(bytesOf(b));
    const c = f(1.5, -7);
    broadcast(f(0.1, 0.2), [c], { mode: 'soft', rate: 0 });
    expect(Array.from(c)).toEqual([1.5, -7]);
  });

  it('writes through to modules (their tensors are views of flat.data)', () => {
    const m = mlp({ sizes: [2, 2], rng: fromSeed(4) });
    const avg = f(1, 2, 3, 4, 5, 6); // 2·2 weights + 2 biases
    broadcast(avg, [m]);
    expect(Array.from(m.parameters()[1]!.tensor.data)).toEqual([5, 6]); // layers.0.bias
  });

  it('errors name the client and the option', () => {
    expect(() => broadcast(f(1, 2), [f(1, 2), f(1)])).toThrow('broadcast: clients[1] has 1 parameters but avg has 2');
    expect(() => broadcast(f(1), [f(1)], { mode: 'soft', rate: 1.5 })).toThrow('broadcast: broadcast.rate must be a number in [0, 1] (f_q), got 1.5');
    expect(() => broadcast(f(1), [f(1)], { mode: 'average' } as never)).toThrow("broadcast: broadcast.mode must be one of 'replace', 'soft'");
    expect(() => broadcast(f(1), [f(1)], { mode: 'replace', rate: 0.5 } as never)).toThrow("unknown broadcast key 'rate'");
  });
});
