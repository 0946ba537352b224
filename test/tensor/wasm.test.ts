// The WebAssembly-SIMD kernels against their TypeScript twins: BIT-identical (compared as raw
// bytes, so -0 vs +0 and NaN payload classes count), on random shapes with every remainder
// (m, k, n not multiples of 2 or 4), plus the committed bytes against the .wat sources.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deriveStream, fillUniform, type Rng } from '../../lib/random/index.js';
import {
  backendAvailable, fromData, gemmNN, gemmNNf32, gemmNT, gemmNTf32, gemmTN, gemmTNf32, getBackend, linear, setBackend, wasmAdam, wasmGemmNN,
  wasmGemmNNf32, wasmGemmNT, wasmGemmNTf32, wasmGemmTN, wasmGemmTNf32, wasmLinearForward, wasmPolyak, withBackend, ACTIVATIONS, matmul, mul, sub, sum, type Activation,
} from '../../lib/tensor/index.js';
import { adam, adamW, mlp, polyakUpdate } from '../../lib/nn/index.js';
import { decodeBase64 } from '../../lib/tensor/wasm/runtime.js';
import { WASM_MIN_ROWS } from '../../lib/tensor/backend.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function rand(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n);
  fillUniform(rng, a, -1, 1);
  return a;
}

function bits(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  expect(Buffer.from(bits(a)).equals(Buffer.from(bits(b)))).toBe(true);
}

/** Shapes with every remainder of 2 and 4 lanes, and the W5 critic shape. */
const SHAPES: ReadonlyArray<readonly [number, number, number]> = [
  [1, 1, 1], [1, 2, 3], [3, 5, 7], [4, 4, 4], [5, 6, 2], [7, 9, 11], [2, 13, 1], [6, 3, 17], [32, 100, 64], [9, 31, 33], [32, 2376, 64],
  [8, 8, 5], [4, 7, 6], [5, 190, 64], [32, 64, 190], [8, 6, 3], [12, 10, 2], [13, 9, 7], [4, 4, 1],
];

describe('wasm backend availability', () => {
  it('is available on this Node (WebAssembly SIMD is on by default since Node 16)', () => {
    expect(backendAvailable('wasm')).toBe(true);
  });
  it('setBackend validates its argument and reports the backend in use', () => {
    expect(() => setBackend('gpu' as never)).toThrow(/backend must be one of 'ts', 'wasm', got 'gpu'/);
    expect(setBackend('wasm')).toBe('wasm');
    expect(getBackend()).toBe('wasm');
    expect(setBackend('ts')).toBe('ts');
    expect(withBackend('wasm', () => getBackend())).toBe('wasm');
    expect(getBackend()).toBe('ts');
  });
  it('decodes base64 like Buffer does', () => {
    const bytes = Uint8Array.from({ length: 257 }, (_, i) => (i * 37) & 0xff);
    for (const n of [0, 1, 2, 3, 4, 100, 257]) {
      const s = Buffer.from(bytes.subarray(0, n)).toString('base64');
      expect(Array.from(decodeBase64(s))).toEqual(Array.from(bytes.subarray(0, n)));
    }
  });
  it('the committed kernel bytes match the .wat sources (npm run build:wasm)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });
});

describe('wasm kernels are bit-identical to kernels.ts', () => {
  const rng = deriveStream(15, 'wasm-test', 'gemm');
  for (const [m, k, n] of SHAPES) {
    it(`gemmNN/gemmTN/gemmNT on m=${m} k=${k} n=${n} (accumulating into non-zero C)`, () => {
      const A = rand(rng, m * k), B = rand(rng, k * n), G = rand(rng, m * n);
      const c0 = rand(rng, m * n), t0 = rand(rng, k * n), x0 = rand(rng, m * k);
      const c1 = c0.slice(), c2 = c0.slice();
      gemmNN(A, B, c1, m, k, n); wasmGemmNN(A, B, c2, m, k, n);
      expectSameBits(c1, c2);
      const t1 = t0.slice(), t2 = t0.slice();
      gemmTN(A, G, t1, m, k, n); wasmGemmTN(A, G, t2, m, k, n);
      expectSameBits(t1, t2);
      const x1 = x0.slice(), x2 = x0.slice();
      gemmNT(G, B, x1, m, n, k); wasmGemmNT(G, B, x2, m, n, k);
      expectSameBits(x1, x2);
      const x3 = x0.slice();
      wasmGemmNT(G, B, x3, m, n, k, true); // the direct kernel (dot products in place)
      expectSameBits(x1, x3);
      expect(c1.some((v, i) => v !== c0[i])).toBe(true); // the kernels did something
    });
  }

  it('a product with a different order would be caught (the test can fail)', () => {
    const A = rand(rng, 7 * 9), B = rand(rng, 9 * 5), c1 = new Float64Array(35), c2 = new Float64Array(35);
    gemmNN(A, B, c1, 7, 9, 5);
    for (let i = 0; i < 7; i++) for (let j = 0; j < 5; j++) { let s = 0; for (let p = 8; p >= 0; p--) s += A[i * 9 + p]! * B[p * 5 + j]!; c2[i * 5 + j] = s; }
    expect(Buffer.from(bits(c1)).equals(Buffer.from(bits(c2)))).toBe(false);
  });
});

describe('wasm f32 kernels are bit-identical to the float32 twins in kernels.ts', () => {
  const rng = deriveStream(15, 'wasm-test', 'gemm-f32');
  const f32 = (n: number): Float32Array => Float32Array.from(rand(rng, n));
  const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  // every remainder of the 4-row × 8-column blocks and of the 8-column panels, and the W5 shapes
  const SHAPES32: ReadonlyArray<readonly [number, number, number]> = [...SHAPES, [5, 17, 9], [4, 9, 8], [9, 8, 15], [12, 16, 23], [3, 33, 31]];
  for (const [m, k, n] of SHAPES32) {
    it(`gemmNNf32/gemmTNf32/gemmNTf32 on m=${m} k=${k} n=${n}`, () => {
      const A = f32(m * k), B = f32(k * n), G = f32(m * n), Bt = f32(k * n);
      const c0 = f32(m * n), t0 = f32(k * n), x0 = f32(m * k);
      const c1 = c0.slice(), c2 = c0.slice();
      gemmNNf32(A, B, c1, m, k, n); wasmGemmNNf32(A, B, c2, m, k, n);
      expect(same(c1, c2)).toBe(true);
      const t1 = t0.slice(), t2 = t0.slice();
      gemmTNf32(A, G, t1, m, k, n); wasmGemmTNf32(A, G, t2, m, k, n);
      expect(same(t1, t2)).toBe(true);
      const x1 = x0.slice(), x2 = x0.slice();
      gemmNTf32(G, Bt, x1, m, n, k); wasmGemmNTf32(G, Bt, x2, m, n, k);
      expect(same(x1, x2)).toBe(true);
      // and they compute the product: within float32 rounding of the float64 kernel's result
      const c64 = Float64Array.from(c0);
      gemmNN(Float64Array.from(A), Float64Array.from(B), c64, m, k, n);
      for (let i = 0; i < c64.length; i++) expect(Math.abs(c1[i]! - c64[i]!)).toBeLessThan(1e-5 * (k + 1));
    });
  }
  it('float32 rounding is visible: the f32 product differs from the f64 one rounded once (the test can fail)', () => {
    const m = 8, k = 500, n = 8, A = f32(m * k), B = f32(k * n), c = new Float32Array(m * n), c64 = new Float64Array(m * n);
    wasmGemmNNf32(A, B, c, m, k, n);
    gemmNN(Float64Array.from(A), Float64Array.from(B), c64, m, k, n);
    expect(same(c, Float32Array.from(c64))).toBe(false);
  });
  it('names the operand that is too short', () => {
    expect(() => wasmGemmNNf32(new Float32Array(3), new Float32Array(6), new Float32Array(4), 2, 3, 2)).toThrow(/first operand has 3 values, the sizes need 6/);
    expect(() => wasmGemmNTf32(new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2.5, 2)).toThrow(/gemm_nt_f32: n must be an integer in \[0, 2\^30\], got 2.5/);
    expect(() => wasmGemmTNf32(new Float32Array(4), new Float32Array(4), new Float32Array(4), -1, 2, 2)).toThrow(/m must be an integer/);
  });
});

/** The fused linear op's forward and backward under `backend`, with given values. */
function linearRun(backend: 'ts' | 'wasm', x0: Float64Array, W0: Float64Array, b0: Float64Array | null, rows: number, nIn: number, nOut: number, act: Activation, blocks: boolean) {
  return withBackend(backend, () => {
    const W = fromData(W0.slice(), [nIn, nOut], { requiresGrad: true }), b = b0 === null ? null : fromData(b0.slice(), [nOut], { requiresGrad: true });
    let xs: ReturnType<typeof fromData>[];
    if (blocks && nIn > 1) {
      const w1 = Math.floor(nIn / 2);
      const p1 = new Float64Array(rows * w1), p2 = new Float64Array(rows * (nIn - w1));
      for (let r = 0; r < rows; r++) { p1.set(x0.subarray(r * nIn, r * nIn + w1), r * w1); p2.set(x0.subarray(r * nIn + w1, (r + 1) * nIn), r * (nIn - w1)); }
      xs = [fromData(p1, [rows, w1]), fromData(p2, [rows, nIn - w1], { requiresGrad: true })];
    } else xs = [fromData(x0.slice(), [rows, nIn], { requiresGrad: true })];
    const y = linear(xs.length === 1 ? xs[0]! : xs, W, b, act);
    const yd = y.data.slice();
    sum(mul(y, y)).backward();
    return [yd, W.grad!.slice(), ...(b === null ? [] : [b.grad!.slice()]), ...xs.filter((t) => t.requiresGrad).map((t) => t.grad!.slice())];
  });
}

describe('the fused linear op on wasm is bit-identical to ts', () => {
  const rng = deriveStream(15, 'wasm-test', 'linear');
  for (const act of ACTIVATIONS) {
    for (const [rows, nIn, nOut] of [[1, 1, 1], [3, 5, 7], [32, 61, 33], [4, 8, 2], [5, 3, 1], [7, 9, 6]] as const) {
      for (const withBias of [true, false]) {
        it(`${act} rows=${rows} in=${nIn} out=${nOut} bias=${withBias}`, () => {
          const x = rand(rng, rows * nIn), W = rand(rng, nIn * nOut), b = withBias ? rand(rng, nOut) : null;
          const a = linearRun('ts', x, W, b, rows, nIn, nOut, act, false), w = linearRun('wasm', x, W, b, rows, nIn, nOut, act, false);
          a.forEach((t, i) => expectSameBits(t, w[i]!));
          const ab = linearRun('ts', x, W, b, rows, nIn, nOut, act, true), wb = linearRun('wasm', x, W, b, rows, nIn, nOut, act, true);
          ab.forEach((t, i) => expectSameBits(t, wb[i]!));
        });
      }
    }
  }

  it('relu keeps NaN and maps -0 to +0, and leakyRelu scales negatives, exactly as ts', () => {
    // x = ones [4, 1], W = [specials]: every row y = 0 + 1·v (bias absent); 4 rows reach the wasm forward
    const specials = [Number.NaN, -0, 0, -1e-300, 5e-324, -Infinity, Infinity, 2, -3];
    for (const act of ['relu', 'leakyRelu', 'identity'] as const) {
      const run = (be: 'ts' | 'wasm'): Float64Array => withBackend(be, () => linear(fromData(new Float64Array([1, 1, 1, 1]), [4, 1]), fromData(new Float64Array(specials), [1, specials.length]), null, act).data.slice());
      const t = run('ts');
      expectSameBits(t, run('wasm'));
      // the kernel itself, on 1 row (the op sends fewer than WASM_MIN_ROWS rows to ts)
      const y = new Float64Array(specials.length);
      wasmLinearForward(new Float64Array([1]), new Float64Array(specials), null, y, 1, 1, specials.length, { identity: 0, relu: 1, leakyRelu: 2 }[act]);
      expectSameBits(t.subarray(0, specials.length), y);
    }
    expect(WASM_MIN_ROWS).toBe(4);
  });

  it('matmul (2-D and batched) on wasm is bit-identical to ts', () => {
    const a0 = rand(rng, 3 * 5 * 7), b0 = rand(rng, 3 * 7 * 6);
    const run = (be: 'ts' | 'wasm', shapeA: number[], shapeB: number[]): Float64Array[] => withBackend(be, () => {
      const a = fromData(a0.slice(0, shapeA.reduce((p, q) => p * q, 1)), shapeA, { requiresGrad: true }), b = fromData(b0.slice(0, shapeB.reduce((p, q) => p * q, 1)), shapeB, { requiresGrad: true });
      const c = matmul(a, b);
      sum(mul(c, c)).backward();
      return [c.data.slice(), a.grad!.slice(), b.grad!.slice()];
    });
    for (const [sa, sb] of [[[5, 7], [7, 6]], [[3, 5, 7], [3, 7, 6]], [[3, 5, 7], [7, 6]]] as const) {
      const t = run('ts', [...sa], [...sb]), w = run('wasm', [...sa], [...sb]);
      t.forEach((x, i) => expectSameBits(x, w[i]!));
    }
  });
});

describe('Adam/AdamW and Polyak on wasm are bit-identical to ts', () => {
  const rng = deriveStream(15, 'wasm-test', 'optim');
  for (const n of [1, 2, 3, 7, 64, 101]) {
    for (const kind of ['adam', 'adam+l2', 'adamw'] as const) {
      it(`${kind} over ${n} parameters, 5 steps`, () => {
        const p0 = rand(rng, n), grads = Array.from({ length: 5 }, () => rand(rng, n));
        const run = (be: 'ts' | 'wasm'): Float64Array[] => withBackend(be, () => {
          const flat = { data: p0.slice(), grad: new Float64Array(n) };
          const opt = kind === 'adamw' ? adamW(flat, { lr: 1e-2 }) : adam(flat, { lr: 1e-2, weightDecay: kind === 'adam+l2' ? 0.1 : 0 });
          for (const g of grads) { flat.grad.set(g); opt.step(); }
          return [flat.data, opt.m, opt.v];
        });
        const t = run('ts'), w = run('wasm');
        t.forEach((x, i) => expectSameBits(x, w[i]!));
        expect(t[0]!.some((v, i) => v !== p0[i])).toBe(true);
      });
    }
    it(`polyak over ${n} values`, () => {
      const s = rand(rng, n), d0 = rand(rng, n);
      for (const tau of [0.005, 0.3, 0.999]) {
        const d1 = d0.slice(), d2 = d0.slice();
        withBackend('ts', () => polyakUpdate(s, d1, tau));
        withBackend('wasm', () => polyakUpdate(s, d2, tau));
        expectSameBits(d1, d2);
      }
    });
  }
  it('the wasm Adam kernel called directly matches the ts step', () => {
    const n = 9, p = rand(rng, n), g = rand(rng, n), m = rand(rng, n), v = rand(rng, n).map(Math.abs);
    const flat = { data: p.slice(), grad: g.slice() };
    const opt = adam(flat, { lr: 0.1 });
    opt.setState({ ...opt.getState(), m: m.slice(), v: v.slice() });
    withBackend('ts', () => opt.step());
    const p2 = p.slice(), m2 = m.slice(), v2 = v.slice();
    wasmAdam(p2, g, m2, v2, { stepSize: 0.1 / (1 - 0.9), bc2Sqrt: Math.sqrt(1 - 0.999), eps: 1e-8, b1: 0.9, b2: 0.999, l2: 0, decay: 1 });
    expectSameBits(flat.data, p2);
    expectSameBits(opt.m, m2);
    expect(wasmPolyak).toBeTypeOf('function');
  });
  it('per network: mlp({ backend }) runs its layers on that backend whatever the global one; bad values are refused', () => {
    const x = rand(rng, 8 * 6);
    const run = (global: 'ts' | 'wasm', local: 'ts' | 'wasm' | undefined): Float64Array[] => withBackend(global, () => {
      const net = mlp({ sizes: [6, 9, 2], activation: 'relu', rng: deriveStream(4, 'net'), ...(local === undefined ? {} : { backend: local }) });
      const y = net.forward(fromData(x, [8, 6]));
      sum(mul(y, y)).backward();
      return [y.data.slice(), net.flat.grad.slice()];
    });
    const ref = run('ts', undefined);
    for (const [g, l] of [['ts', 'wasm'], ['wasm', 'ts'], ['wasm', undefined]] as const) run(g, l).forEach((a, i) => expectSameBits(a, ref[i]!));
    const net = mlp({ sizes: [2, 3], rng: deriveStream(1, 'n'), backend: 'wasm' });
    expect(net.layers[0]!.backend).toBe('wasm');
    expect(mlp({ sizes: [2, 3], rng: deriveStream(1, 'n') }).layers[0]!.backend).toBeUndefined();
    expect(() => mlp({ sizes: [2, 3], rng: deriveStream(1, 'n'), backend: 'gpu' as never })).toThrow(/mlp: backend must be one of/);
    expect(() => linear(fromData(new Float64Array(2), [1, 2]), fromData(new Float64Array(2), [2, 1]), null, 'identity', 'gpu' as never)).toThrow(/linear: backend must be one of 'ts', 'wasm', got 'gpu'/);
  });

  it('an mlp trained 3 Adam steps gives the same weights on both backends', () => {
    const x = rand(rng, 8 * 6), y = rand(rng, 8 * 2);
    const run = (be: 'ts' | 'wasm'): Float64Array => withBackend(be, () => {
      const net = mlp({ sizes: [6, 9, 2], activation: 'tanh', outputActivation: 'sigmoid', rng: deriveStream(3, 'net') });
      const opt = adamW(net, {});
      for (let s = 0; s < 3; s++) {
        net.zeroGrad();
        const d = sub(net.forward(fromData(x, [8, 6])), fromData(y, [8, 2]));
        sum(mul(d, d)).backward();
        opt.step();
      }
      return net.flat.data.slice();
    });
    expectSameBits(run('ts'), run('wasm'));
  });
});
