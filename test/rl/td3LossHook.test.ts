// Td3's optional loss hook (paper 5's proximal terms, eqs. 23–24): default off and bit-identical
// when it adds nothing; with lib/federated's proximal term the optimiser sees ∇TD + λ(θ − θ_f),
// and the term's value is reported beside the TD loss.

import { describe, expect, it } from 'vitest';
import { addProximalGradient, proximalTerm } from '../../lib/federated/index.js';
import { deriveStream } from '../../lib/random/index.js';
import { Td3 } from '../../lib/rl/index.js';
import { randomBatches } from './algoHelpers.js';

const make = (): Td3 => new Td3({ obsDim: 3, actionDim: 2, hiddenSizes: [8], policyDelay: 2 }, deriveStream(5, 'init'), deriveStream(5, 'target-noise'));
const batches = randomBatches(7, 6, 16, 3, 2);

describe('Td3 loss hook', () => {
  it('is null by default; a hook adding zero terms leaves every weight bit-identical', () => {
    const plain = make(), hooked = make();
    expect(plain.lossHook).toBeNull();
    hooked.lossHook = { critic: () => 0, actor: () => 0 };
    for (const b of batches) {
      const s = plain.update(b), h = hooked.update(b);
      expect(h.criticLoss).toBe(s.criticLoss);
      expect('criticExtraLoss' in s).toBe(false);
      expect(h.criticExtraLoss).toBe(0);
    }
    expect(Array.from(hooked.actor.flat.data)).toEqual(Array.from(plain.actor.flat.data));
    hooked.critics.forEach((q, i) => expect(Array.from(q.flat.data)).toEqual(Array.from(plain.critics[i]!.flat.data)));
  });

  it('the proximal hook adds λ(θ − θ_f) to the gradients and reports (λ/2)‖θ − θ_f‖²', () => {
    const lambda = 0.5;
    const ref = make(), prox = make();
    const anchors = { actor: prox.actor.flat.data.map((x) => x + 0.1), critics: prox.critics.map((q) => q.flat.data.map((x) => x - 0.2)) };
    prox.lossHook = {
      critic: (i, p, g) => {
        const v = proximalTerm(p, anchors.critics[i]!, lambda);
        addProximalGradient(g, p, anchors.critics[i]!, lambda);
        return v;
      },
      actor: (p, g) => {
        const v = proximalTerm(p, anchors.actor, lambda);
        addProximalGradient(g, p, anchors.actor, lambda);
        return v;
      },
    };
    // Expected critic term before the first step: Σ_z (λ/2)·|θ_z|·0.2² = Σ_z 0.25·0.04·|θ_z|.
    const expected = prox.critics.reduce((s, q) => s + 0.5 * lambda * 0.04 * q.flat.data.length, 0);
    const s1 = prox.update(batches[0]!);
    expect(s1.criticExtraLoss).toBeCloseTo(expected, 10);
    expect(s1.actorExtraLoss).toBeUndefined(); // no actor update on the first step (policyDelay 2)
    const s2 = prox.update(batches[1]!);
    expect(s2.actorExtraLoss).toBeCloseTo(0.5 * lambda * 0.01 * prox.actor.flat.data.length, 10);
    ref.update(batches[0]!);
    // The proximal gradient pulls the critics towards their anchors: the weights differ from plain TD3.
    expect(Array.from(prox.critics[0]!.flat.data)).not.toEqual(Array.from(ref.critics[0]!.flat.data));
  });
});
