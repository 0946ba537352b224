// Determinism (SB3 test_deterministic, made byte-exact): the same seed trains a small MLP to
// bit-identical weights and losses twice; the loss falls by a stated factor; another seed differs.

import { describe, expect, it } from 'vitest';
import { deriveStream } from '../../lib/random/index.js';
import { Arena, fromData } from '../../lib/tensor/index.js';
import { adam, clipGradNorm, mlp, mseLoss } from '../../lib/nn/index.js';
import { bytes } from './helpers.js';

/** 1 → 16 tanh → 1 fitted to y = sin(x) on 64 points of [−π, π], full batch, 200 Adam steps (lr 0.01). */
function train(seed: number): { weights: Float64Array; losses: Float64Array } {
  const n = 64;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) { xs[i] = -Math.PI + (2 * Math.PI * i) / (n - 1); ys[i] = Math.sin(xs[i]!); }
  const x = fromData(xs, [n, 1]), y = fromData(ys, [n, 1]);
  const net = mlp({ sizes: [1, 16, 1], activation: 'tanh', rng: deriveStream(seed, 'init') });
  const opt = adam(net, { lr: 0.01 });
  const arena = new Arena();
  const losses = new Float64Array(200);
  for (let step = 0; step < 200; step++) {
    losses[step] = arena.run(() => {
      net.zeroGrad();
      const loss = mseLoss(net.forward(x), y);
      loss.backward();
      clipGradNorm(net, 10);
      opt.step();
      return loss.item();
    });
  }
  return { weights: net.flat.data.slice(), losses };
}

describe('seeded training', () => {
  it('same seed ⇒ bit-identical weights and losses; the loss falls at least 20×', () => {
    const a = train(1), b = train(1);
    expect(bytes(a.weights)).toEqual(bytes(b.weights));
    expect(bytes(a.losses)).toEqual(bytes(b.losses));
    const first = a.losses[0]!, last = a.losses[199]!;
    expect(last).toBeLessThan(first / 20);
    expect(last).toBeLessThan(0.02);
  });

  it('a different seed gives different weights', () => {
    expect(bytes(train(2).weights)).not.toEqual(bytes(train(1).weights));
  });
});
