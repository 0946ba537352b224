// Paper 1's training diagnostics (experiments/small-cell/diagnostics.ts) on constructed actions and
// update statistics whose histogram and means are known.

import { describe, expect, it } from 'vitest';
import { TrainDiagnostics } from '../../experiments/small-cell/diagnostics.js';

describe('small-cell training diagnostics', () => {
  it('histogram of the deterministic u_α, saturation share and update means; reset after each row; state round trip', () => {
    // 2 UEs per cell, block size 3 ([α, p, f]); two agents
    const d = new TrainDiagnostics(2, 3);
    d.observeActions([Float64Array.of(0.005, 0.5, 0.5, 1, 0.5, 0.999), Float64Array.of(0.3, 0.5, 0.5, 0.7, 0.5, 0.5)]);
    // u_α = 0.005, 1, 0.3, 0.7 → bins 0, 4 (1 goes to the last bin), 1, 3; mean 2.005/4
    // saturated (< 0.01 or > 0.99): 0.005, 1, 0.999 → 3 of 12 outputs
    d.observeUpdate({ agents: [{ criticLoss: 2, qMean: -1, targetMean: -2, actorLoss: 1 }, { criticLoss: 4, qMean: -3, targetMean: -4, actorLoss: 3 }] } as never);
    d.observeUpdate({ agents: [{ criticLoss: 6, qMean: -5, targetMean: -6, actorLoss: 5 }, { criticLoss: 6, qMean: -5, targetMean: -6, actorLoss: 5 }] } as never);
    const copy = new TrainDiagnostics(2, 3);
    copy.setState(d.getState());
    const v = d.take();
    expect(v['actor.alphaMean']).toBeCloseTo(2.005 / 4, 15);
    expect([0, 1, 2, 3, 4].map((k) => v[`actor.alphaHist.${k}`])).toEqual([0.25, 0.25, 0, 0.25, 0.25]);
    expect(v['actor.saturated']).toBe(3 / 12);
    // per update the mean over agents (3, 6), then the mean over updates: 4.5
    expect(v['critic.loss']).toBe(4.5);
    expect(v['critic.qMean']).toBe(-3.5);
    expect(v['critic.targetMean']).toBe(-4.5);
    expect(v['actor.loss']).toBe(3.5);
    expect(copy.take()).toEqual(v);
    expect(d.take()).toEqual({}); // nothing since the last row
    expect(() => d.setState([1, 2])).toThrow(/expected 14 numbers/);
  });
});
