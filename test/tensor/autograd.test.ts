// Autograd mechanics: accumulation on leaves, recomputed intermediates, noGrad, detach, explicit
// upstream gradients, formatGraph, withFiniteCheck and the Arena allocator.

import { describe, expect, it } from 'vitest';
import {
  Arena,
  add,
  backward,
  div,
  exp,
  formatGraph,
  isGradEnabled,
  linear,
  log,
  mean,
  mul,
  noGrad,
  relu,
  scale,
  sqrt,
  sum,
  tanh,
  tensor,
  withFiniteCheck,
  type Tensor,
} from '../../lib/tensor/index.js';
import { copyLeaf, param, streamFor, vals } from './helpers.js';
import { allocUninit, allocZeros, type BufferPool } from '../../lib/tensor/index.js';

describe('gradient accumulation', () => {
  it('leaves accumulate across two backward() calls; zeroGrad resets', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    sum(mul(x, x)).backward(); // d Σx² / dx = 2x
    expect(vals(x.grad)).toEqual([2, 4, 6]);
    sum(mul(x, x)).backward(); // a second graph adds another 2x
    expect(vals(x.grad)).toEqual([4, 8, 12]);
    const buffer = x.grad;
    x.zeroGrad();
    expect(x.grad).toBe(buffer); // zeroed in place, not dropped
    expect(vals(x.grad)).toEqual([0, 0, 0]);
    sum(x).backward();
    expect(vals(x.grad)).toEqual([1, 1, 1]);
  });

  it('a second backward over the same graph recomputes intermediate grads (not doubled)', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = mul(x, x);
    const z = scale(y, 3);
    const loss = sum(z);
    loss.backward();
    expect(vals(z.grad)).toEqual([1, 1, 1]);
    expect(vals(y.grad)).toEqual([3, 3, 3]);
    expect(vals(x.grad)).toEqual([6, 12, 18]); // 3·2x
    loss.backward();
    expect(vals(loss.grad)).toEqual([1]);
    expect(vals(z.grad)).toEqual([1, 1, 1]);
    expect(vals(y.grad)).toEqual([3, 3, 3]);
    expect(vals(x.grad)).toEqual([12, 24, 36]); // the leaf accumulates
  });

  it('explicit upstream gradient (array, Float64Array or Tensor) and its size check', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    mul(x, 2).backward([1, 10, 100]);
    expect(vals(x.grad)).toEqual([2, 20, 200]);
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    exp(scale(w, 0)).backward(tensor([[1, 2], [3, 4]])); // d e^{0·w}/dw = 0 · e^0 = 0
    expect(vals(w.grad)).toEqual([0, 0, 0, 0]);
    const v = tensor([1, 2], { requiresGrad: true });
    backward(add(v, 1), Float64Array.of(5, 7));
    expect(vals(v.grad)).toEqual([5, 7]);
    expect(() => mul(x, 2).backward([1, 2])).toThrow('backward(): upstream gradient has 2 elements, the output [3] has 3');
  });

  it('backward on a graph with no grad-requiring input throws', () => {
    expect(() => sum(tensor([1, 2])).backward()).toThrow(/does not require grad/);
  });
});

describe('noGrad and detach', () => {
  it('noGrad records nothing: results have requiresGrad false and no inputs', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(isGradEnabled()).toBe(true);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return sum(mul(x, x));
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(y.inputs).toEqual([]);
    expect(y.backwardFn).toBeNull();
    expect(y.item()).toBe(5);
    expect(() => y.backward()).toThrow(/does not require grad/);
    expect(x.grad).toBeNull();
  });

  it('noGrad restores the previous mode when fn throws, and nests', () => {
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      noGrad(() => undefined);
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });

  it('detach cuts the graph: only the attached path contributes', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.data).toBe(x.data); // shares the values
    sum(mul(d, x)).backward(); // d/dx of Σ c·x with c = x held constant = c
    expect(vals(x.grad)).toEqual([1, 2, 3]);
    // Detaching an intermediate: the gradient stops there.
    const a = tensor([2], { requiresGrad: true });
    const h = mul(a, a);
    sum(mul(h.detach(), a)).backward(); // = h·a with h constant → dh/da ignored → 4
    expect(vals(a.grad)).toEqual([4]);
  });
});

describe('formatGraph', () => {
  it('prints one node a line with op, label, shape, inputs and no-grad marks', () => {
    const x = tensor([1, 2], { requiresGrad: true, label: 'x' });
    const w = tensor([3, 4], { label: 'w' });
    const y = sum(mul(x, w));
    expect(formatGraph(y)).toBe([
      "#0 leaf 'x' [2]",
      "#1 leaf 'w' [2] (no grad)",
      '#2 mul [2] <- #0, #1',
      '#3 sum [] <- #2',
    ].join('\n'));
  });

  it('shows shared nodes once and fused ops with their activation', () => {
    const x = tensor([[1, 2]], { label: 'x' });
    const W = tensor([[1], [2]], { requiresGrad: true, label: 'W' });
    const h = linear(x, W, null, 'tanh');
    const y = mean(add(h, h));
    expect(formatGraph(y)).toBe([
      "#0 leaf 'x' [1,2] (no grad)",
      "#1 leaf 'W' [2,1]",
      '#2 linear:tanh [1,1] <- #0, #1',
      '#3 add [1,1] <- #2, #2',
      '#4 mean [] <- #3',
    ].join('\n'));
  });
});

describe('withFiniteCheck', () => {
  it('throws on log of a negative, naming the op, the index and the input shapes', () => {
    expect(() => withFiniteCheck(() => log(tensor([[1, 2], [-1, 4]])))).toThrow(
      "non-finite value NaN in the forward of 'log' at flat index 2 (input shapes: [2,2])",
    );
  });

  it('throws on a backward that produces Inf (d√x/dx at x = 0), naming the op', () => {
    const x = tensor([4, 0], { requiresGrad: true });
    const loss = sum(sqrt(x)); // forward is finite: √0 = 0
    expect(() => withFiniteCheck(() => loss.backward())).toThrow(
      "non-finite value Infinity in the backward of 'sqrt' at flat index 1 (input shapes: [2])",
    );
  });

  it('names every input shape of a binary op', () => {
    expect(() => withFiniteCheck(() => div(1, tensor([[1, 0, 2]])))).toThrow(
      "non-finite value Infinity in the forward of 'div' at flat index 1 (input shapes: [], [1,3])",
    );
  });

  it('does nothing outside its scope, and switches off again after a throw', () => {
    expect(vals(log(tensor([-1])))[0]).toBeNaN();
    expect(() => withFiniteCheck(() => log(tensor([-1])))).toThrow(RangeError);
    expect(vals(log(tensor([-1])))[0]).toBeNaN();
    const x = tensor([0], { requiresGrad: true });
    sum(sqrt(x)).backward();
    expect(vals(x.grad)).toEqual([Infinity]);
    // Finite values pass through the check unchanged.
    expect(withFiniteCheck(() => vals(exp(tensor([0, 1]))))).toEqual([1, Math.E]);
  });
});

describe('Arena', () => {
  /** A small training-like step: tanh layer, mean squared output, backward. */
  function setup(): { x: Tensor; W: Tensor; b: Tensor; step: () => { h: Tensor; loss: Tensor } } {
    const rng = streamFor('autograd', 'arena');
    const x = param(rng, [4, 3]), W = param(rng, [3, 5]), b = param(rng, [5]);
    const step = (): { h: Tensor; loss: Tensor } => {
      const h = linear(x, W, b, 'tanh');
      const loss = mean(mul(relu(h), h));
      loss.backward();
      return { h, loss };
    };
    return { x, W, b, step };
  }

  it('a function run twice returns outputs backed by the same buffers, with identical values', () => {
    const { step } = setup();
    const arena = new Arena();
    const r1 = arena.run(step);
    const h1 = vals(r1.h), l1 = r1.loss.item(), hg1 = vals(r1.h.grad);
    const r2 = arena.run(step);
    expect(r2.h).not.toBe(r1.h);
    expect(r2.h.data).toBe(r1.h.data);
    expect(r2.loss.data).toBe(r1.loss.data);
    expect(r2.h.grad).toBe(r1.h.grad);
    expect(vals(r2.h)).toEqual(h1);
    expect(r2.loss.item()).toBe(l1);
    expect(vals(r2.h.grad)).toEqual(hg1);
  });

  it('stats() stop growing after the first run', () => {
    const { step } = setup();
    const arena = new Arena();
    expect(arena.stats()).toEqual({ buffers: 0, elements: 0 });
    arena.run(step);
    const first = arena.stats();
    expect(first.buffers).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      arena.run(step);
      expect(arena.stats()).toEqual(first);
    }
  });

  it('leaf gradients accumulate across runs exactly as without an arena', () => {
    // Reference: two plain steps on copies of the parameters.
    const ref = setup(), inArena = setup();
    ref.step();
    ref.step();
    const arena = new Arena();
    arena.run(inArena.step);
    arena.run(inArena.step);
    for (const k of ['x', 'W', 'b'] as const) {
      expect(vals(inArena[k].grad), k).toEqual(vals(ref[k].grad));
    }
  });

  it('leaf gradients are never arena buffers (they outlive a run)', () => {
    const a = tensor([0.5, -0.2, 0.3], { requiresGrad: true });
    const c = copyLeaf(a);
    const arena = new Arena();
    // A deeper graph, so that without the rule a later run would hand a's gradient buffer to an
    // intermediate gradient of the same size.
    const f = (): void => sum(mul(tanh(mul(a, a)), c)).backward();
    arena.run(f);
    const g1 = vals(a.grad), gc1 = vals(c.grad);
    arena.run(f);
    expect(vals(a.grad)).toEqual(g1.map((v) => 2 * v));
    expect(vals(c.grad)).toEqual(gc1.map((v) => 2 * v));
  });
});

describe('Arena with a BufferPool', () => {
  /** A pool over a 64-float buffer, counting its allocations. */
  function pool(): BufferPool & { calls: number } {
    const buffer = new ArrayBuffer(64 * 8);
    let next = 0;
    const p = {
      buffer, calls: 0,
      alloc(n: number): Float64Array | null {
        p.calls++;
        if (next + n > 64) return null;
        const v = new Float64Array(buffer, next * 8, n);
        next += n;
        return v;
      },
    };
    return p;
  }
  it('draws fresh buffers from the pool inside run, replays them, falls back to the heap when full, ignores it outside run', () => {
    const p = pool(), arena = new Arena();
    const f = (): Float64Array[] => [allocUninit(40, p), allocZeros(30, p), allocUninit(5)];
    const r1 = arena.run(f);
    expect(r1[0]!.buffer).toBe(p.buffer);
    expect(r1[1]!.buffer).not.toBe(p.buffer); // 40 + 30 > 64: from the heap
    expect(r1[2]!.buffer).not.toBe(p.buffer);
    expect(p.calls).toBe(2);
    const r2 = arena.run(f);
    r2.forEach((b, i) => expect(b).toBe(r1[i])); // the same buffers, no new allocation...
    expect(p.calls).toBe(3); // ...the pool is asked again for the heap buffer at a pooled place (still full: the heap buffer stays)
    expect(r2[1]!.every((v) => v === 0)).toBe(true);
    // a buffer of another pool (or the heap) moves into the pool asked for when it has room
    const q = pool();
    const r3 = arena.run(() => [allocUninit(40, q), allocZeros(30, q)]);
    expect(r3[0]!.buffer).toBe(q.buffer);
    expect(r3[1]).toBe(r1[1]); // q is full too: the heap buffer stays
    expect(allocUninit(3, q).buffer).not.toBe(q.buffer); // outside run: never from the pool
  });
});

