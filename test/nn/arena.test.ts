// Network arenas (lib/nn/arena.ts): a module's parameters, gradients and adopted optimizer moments
// in one fixed-size WebAssembly memory that the wasm kernels use in place. Training in an arena
// gives BIT-identical results to the 'ts' backend and to the copying wasm path (compared as raw
// bytes), also for batches larger than the arena was sized for and across a rebuild.

import { describe, expect, it } from 'vitest';
import { deriveStream, fillUniform } from '../../lib/random/index.js';
import { Arena, fromData, inKernelMemory, linear, mul, sub, sum, wasmCopiedValues, withBackend, type Backend } from '../../lib/tensor/index.js';
import { adam, adamW, arenaActivations, arenaScratch, buildArena, mlp, polyakUpdate, sgd, Module, type Mlp, type Optimizer } from '../../lib/nn/index.js';

function rand(n: number, seed: number): Float64Array {
  const a = new Float64Array(n);
  fillUniform(deriveStream(seed, 'arena-test'), a, -1, 1);
  return a;
}

function hex(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

const net = (seed = 3): Mlp => mlp({ sizes: [6, 9, 2], activation: 'relu', outputActivation: 'tanh', rng: deriveStream(seed, 'net') });

/** `steps` AdamW steps of an MSE regression at batch `rows`; the arena (if `arenaBatch`) is built after the optimizer. */
function train(be: Backend, arenaBatch: number | null, rows: number, steps = 4, rebuildAt = -1, pool: Arena | null = null): { net: Mlp; opt: Optimizer; target: Mlp } {
  return withBackend(be, () => {
    const n = net(), target = net(9), opt = adamW(n, { lr: 1e-2 });
    if (arenaBatch !== null) { expect(buildArena(n, { batch: arenaBatch, optimizers: [opt] })).not.toBeNull(); buildArena(target, { batch: arenaBatch }); }
    const x = fromData(rand(rows * 6, 1), [rows, 6]), y = fromData(rand(rows * 2, 2), [rows, 2]);
    for (let s = 0; s < steps; s++) {
      if (s === rebuildAt) buildArena(n, { batch: 2 * rows });
      const step = (): void => {
        n.zeroGrad();
        const d = sub(n.forward(x), y);
        sum(mul(d, d)).backward();
        opt.step();
      };
      if (pool === null) step(); else pool.run(step);
      polyakUpdate(n, target, 0.1);
    }
    return { net: n, opt, target };
  });
}

function same(a: ReturnType<typeof train>, b: ReturnType<typeof train>): void {
  expect(hex(a.net.flat.data)).toBe(hex(b.net.flat.data));
  expect(hex(a.net.flat.grad)).toBe(hex(b.net.flat.grad));
  expect(hex(a.opt.m)).toBe(hex(b.opt.m));
  expect(hex(a.opt.v)).toBe(hex(b.opt.v));
  expect(hex(a.target.flat.data)).toBe(hex(b.target.flat.data));
}

describe('buildArena', () => {
  it('moves flat, the parameter tensors and the optimizer moments into one wasm memory, values kept', () => {
    const n = net(), opt = adam(n, { lr: 1e-3 });
    const before = n.flat.data.slice();
    opt.m.fill(0.25);
    expect(n.arena).toBeNull();
    expect(n.arenaBytes).toBe(0);
    const a = buildArena(n, { batch: 32, optimizers: [opt] })!;
    expect(a).not.toBeNull();
    expect(n.arena).toBe(a);
    expect(inKernelMemory(n.flat.data) && inKernelMemory(n.flat.grad) && inKernelMemory(opt.m) && inKernelMemory(opt.v)).toBe(true);
    const buf = n.flat.data.buffer;
    for (const x of [n.flat.grad, opt.m, opt.v, ...n.parameters().map((p) => p.tensor.data), ...n.parameters().map((p) => p.tensor.grad!)]) expect(x.buffer).toBe(buf);
    expect(n.layers[0]!.weight.data.buffer).toBe(buf);
    expect(hex(n.flat.data)).toBe(hex(before));
    expect(opt.m.every((v) => v === 0.25)).toBe(true);
    // bytes: whole pages holding 2 + 2 arrays of P = 110 values and the scratch for batch 32
    const P = n.countParams();
    expect(P).toBe(6 * 9 + 9 + 9 * 2 + 2);
    expect(arenaScratch(n, 32)).toBe(5 * 32 * 9 + 32 * 2 + 9 * 2 + 16); // the widest call: dx of layer 1 (in 9, out 2): 1 538 > layer 0's 1 302
    expect(a.bytes % 65536).toBe(0);
    expect(a.bytes).toBe(n.arenaBytes);
    expect(a.stateBytes).toBeGreaterThanOrEqual(4 * P * 8);
    expect(a.stateBytes + a.activationBytes + a.scratchBytes).toBe(a.bytes);
    expect(a.activationBytes).toBeGreaterThanOrEqual(arenaActivations(n, 32, 2) * 8);
    expect(arenaActivations(n, 32, 2)).toBe(2 * (32 * (2 * 9 + 2 * 6) + 8 + 32 * (2 * 2 + 2 * 9) + 8)); // y, dz, dx, joined x of both layers, two passes
    expect(a.scratchBytes).toBeGreaterThanOrEqual(arenaScratch(n, 32) * 8);
    expect(String(a)).toMatch(/^NetworkArena\(65536 bytes: \d+ state, \d+ activations, \d+ scratch; batch 32\)$/);
  });

  it('backward: false (a target network) sizes the pool and scratch for forward passes only; training through it still matches', () => {
    const n = net();
    const P = n.countParams();
    expect(arenaScratch(n, 32, false)).toBe(Math.max(P, 32 * (6 + 9), 32 * (9 + 2)) + 16);
    expect(arenaActivations(n, 32, 1, false)).toBe(32 * (9 + 6) + 8 + 32 * (2 + 9) + 8);
    const a = buildArena(n, { batch: 32, backward: false, passes: 1 })!;
    const b = buildArena(net(), { batch: 32, passes: 1 })!;
    expect(a.activationBytes).toBeLessThan(b.activationBytes);
    expect(() => buildArena(n, { batch: 4, backward: 'no' as never })).toThrow(/buildArena: backward must be a boolean/);
    // a backward pass through a forward-only arena falls back to copying: same bits
    const ref = train('ts', null, 8);
    const w = withBackend('wasm', () => {
      const m = net(), target = net(9), opt = adamW(m, { lr: 1e-2 });
      buildArena(m, { batch: 8, optimizers: [opt], backward: false, passes: 0 });
      buildArena(target, { batch: 8, backward: false });
      const x = fromData(rand(8 * 6, 1), [8, 6]), y = fromData(rand(8 * 2, 2), [8, 2]), pool = new Arena();
      for (let s = 0; s < 4; s++) {
        pool.run(() => { m.zeroGrad(); const d = sub(m.forward(x), y); sum(mul(d, d)).backward(); opt.step(); });
        polyakUpdate(m, target, 0.1);
      }
      return { net: m, opt, target };
    });
    same(w, ref);
  });

  it('refuses bad options, foreign optimizers and modules inside a parent, naming the field', () => {
    const n = net();
    expect(() => buildArena(n, { batch: 0 })).toThrow(/buildArena: batch must be an integer >= 1, got 0/);
    expect(() => buildArena(n, { batch: 4, extra: 1 } as never)).toThrow(/buildArena: .*extra/);
    expect(() => buildArena(n, { batch: 4, optimizers: [adam(net(4))] })).toThrow(/optimizers\[0\] was not built on this module/);
    expect(() => buildArena(n, { batch: 4, optimizers: [adam(n.flat)] })).toThrow(/optimizers\[0\] was not built on this module/);
    expect(() => buildArena(n.layers[0]!, { batch: 4 })).toThrow(/belongs to a parent/);
    expect(n.arena).toBeNull();
  });

  it('a module registered into a parent leaves its arena (its values are copied into the parent)', () => {
    const child = net();
    buildArena(child, { batch: 4 });
    const vals = child.flat.data.slice();
    class Parent extends Module { constructor() { super(); this.registerModule('body', child); } forward(x: never): never { return x; } }
    const p = new Parent();
    expect(child.arena).toBeNull();
    expect(inKernelMemory(p.flat.data)).toBe(false);
    expect(hex(p.flat.data)).toBe(hex(vals));
  });
});

describe('training in an arena is bit-identical', () => {
  const ref = train('ts', null, 8);
  it('to ts and to the copying wasm path (AdamW, Polyak into a target in its own arena)', () => {
    same(train('wasm', null, 8), ref);
    const w = train('wasm', 8, 8);
    expect(inKernelMemory(w.net.flat.data) && inKernelMemory(w.opt.m) && inKernelMemory(w.target.flat.data)).toBe(true);
    same(w, ref);
    same(train('ts', 8, 8), ref); // the TypeScript loops on arena views
  });
  it('with a batch larger than the arena was sized for (the calls fall back to copying)', () => {
    same(train('wasm', 1, 8), ref);
  });
  it('with the activations drawn from the arena (inside an Arena.run), also with a pool too small for them', () => {
    same(train('ts', null, 8, 4, -1, new Arena()), ref);
    same(train('wasm', 8, 8, 4, -1, new Arena()), ref);
    same(train('wasm', 2, 8, 4, -1, new Arena()), ref); // pool and scratch sized for 2 rows
    same(train('wasm', 8, 8, 4, 2, new Arena()), ref); // rebuilt in the middle: the replay moves to the new pool
  });
  it('across a rebuild for a larger batch (moments move along; old views go stale)', () => {
    const w = train('wasm', 2, 8, 4, 2);
    expect(w.net.arena!.batch).toBe(16);
    expect(w.opt.m.buffer).toBe(w.net.flat.data.buffer);
    same(w, ref);
  });
  it('a rebuild re-points flat and the moments (views taken before are stale)', () => {
    const n = net(), opt = sgd(n, { lr: 0.1, momentum: 0.9 });
    buildArena(n, { batch: 2, optimizers: [opt] });
    const oldData = n.flat.data, oldM = opt.m;
    n.flat.grad.fill(1);
    opt.step();
    buildArena(n, { batch: 64 });
    expect(n.flat.data).not.toBe(oldData);
    expect(opt.m).not.toBe(oldM);
    expect(hex(n.flat.data)).toBe(hex(oldData));
    expect(hex(opt.m)).toBe(hex(oldM));
    expect(n.arena!.optimizers).toEqual([opt]);
    expect(opt.v.length).toBe(0);
  });
});

describe('the kernels work in place on arena arrays', () => {
  it('Adam copies nothing, Polyak copies only its source, a layer only its x and y, dW only x and dz', () => withBackend('wasm', () => {
    const n = net(), t = net(5), opt = adam(n, { lr: 1e-3 });
    buildArena(n, { batch: 8, optimizers: [opt] });
    buildArena(t, { batch: 8 });
    const P = n.countParams();
    n.flat.grad.fill(0.5);
    let c0 = wasmCopiedValues();
    opt.step();
    expect(wasmCopiedValues() - c0).toBe(0);
    c0 = wasmCopiedValues();
    polyakUpdate(n, t, 0.3);
    expect(wasmCopiedValues() - c0).toBe(P); // the source network into the target's scratch
    const W = n.layers[0]!.weight, b = n.layers[0]!.bias!, x = fromData(rand(8 * 6, 4), [8, 6]);
    c0 = wasmCopiedValues();
    const y = linear(x, W, b, 'relu');
    expect(wasmCopiedValues() - c0).toBe(8 * 6 + 8 * 9); // x in, y out; W and b in place
    c0 = wasmCopiedValues();
    sum(y).backward(); // dW += xᵀ·dz: x and dz in, dW in place (x needs no gradient: no dx)
    expect(wasmCopiedValues() - c0).toBe(8 * 6 + 8 * 9);
    // without an arena everything is copied, both ways for the accumulators
    const plain = net();
    const opt2 = adam(plain, { lr: 1e-3 });
    c0 = wasmCopiedValues();
    opt2.step();
    expect(wasmCopiedValues() - c0).toBe(7 * plain.countParams()); // p, g, m, v in; p, m, v out
  }));
});

describe('the activations live in the arena too', () => {
  it('one update inside an Arena.run copies nothing but the batch fed to the first layer', () => withBackend('wasm', () => {
    const n = net(), opt = adam(n, { lr: 1e-3 }), B = 8;
    buildArena(n, { batch: B, optimizers: [opt] });
    const x = fromData(rand(B * 6, 1), [B, 6]), y = fromData(rand(B * 2, 2), [B, 2]), pool = new Arena();
    let h: Float64Array[] = [];
    const update = (): void => pool.run(() => {
      n.zeroGrad();
      const h1 = n.layers[0]!.forward(x), out = n.layers[1]!.forward(h1);
      const d = sub(out, y);
      sum(mul(d, d)).backward();
      opt.step();
      h = [h1.data, out.data, h1.grad!];
    });
    update();
    expect(h.every(inKernelMemory)).toBe(true); // layer outputs and the hidden layer's gradient
    for (let i = 0; i < 2; i++) {
      const c0 = wasmCopiedValues();
      const before = h;
      update();
      expect(wasmCopiedValues() - c0).toBe(2 * B * 6); // x into the scratch for y = x·W and for dW = xᵀ·dz
      expect(h.every((a, k) => a === before[k])).toBe(true); // the replay hands back the same buffers
    }
    // a rebuild (larger batch): the next replay moves the activations into the new arena's pool
    const oldBuffer = n.flat.data.buffer;
    buildArena(n, { batch: 2 * B });
    update();
    expect(n.flat.data.buffer).not.toBe(oldBuffer);
    expect(h.every((a) => a.buffer === n.flat.data.buffer)).toBe(true);
    // outside an Arena.run nothing is drawn from the pool (it could not be given back)
    expect(inKernelMemory(n.forward(x).data)).toBe(false);
  }));
});
