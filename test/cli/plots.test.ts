// The data behind the figures (cli/plots.ts): per-seed lines, the 95% band, the non-learning
// methods' evaluation level as reference lines, the moving average, and stacked histogram shares.

import { describe, expect, it } from 'vitest';
import { curveData, movingAverage, stackData } from '../../cli/plots.js';
import type { Summary } from '../../cli/summary.js';
import type { FigureSpec, MetricRow } from '../../experiments/types.js';

const row = (method: string, seed: number, episode: number, values: Record<string, number>): MetricRow => ({ method, seed, phase: 'train', episode, values });

describe('figure data', () => {
  it('trailing moving average, partial at the start', () => {
    // w = 2: [1, (1+3)/2, (3+5)/2, (5+7)/2]
    expect(movingAverage([1, 3, 5, 7], 2)).toEqual([1, 2, 4, 6]);
  });

  it('curves: per-seed lines, mean with the Student-t band, baselines as reference levels', () => {
    const rows = [row('a', 1, 0, { r: 1 }), row('a', 2, 0, { r: 3 }), row('a', 1, 1, { r: 3 }), row('a', 2, 1, { r: 5 })];
    const summary = { methods: { a: {}, base: { r: { mean: -7, std: 0, ci95: [-7, -7], perSeed: [-7, -7] } } } } as unknown as Summary;
    const fig: FigureSpec = { id: 'f', title: 'T', kind: 'curve', metric: 'r', yLabel: 'y' };
    const d = curveData(rows, fig, summary, ['a', 'base']);
    expect(d.perSeed.map((p) => [p['seed'], p['episode'], p['value']])).toEqual([[1, 0, 1], [2, 0, 3], [1, 1, 3], [2, 1, 5]]);
    // episode 0: [1, 3] → mean 2, s = √2, half-width 12.706·√2/√2 = 12.706
    expect(d.mean[0]).toMatchObject({ method: 'a', episode: 0, mean: 2 });
    expect(d.mean[0]!['lo']).toBeCloseTo(2 - 12.706, 12);
    expect(d.reference).toEqual([{ method: 'base', level: -7 }]);
    const smooth = curveData(rows, { ...fig, movingAverage: 2 }, summary, ['a', 'base']);
    expect(smooth.perSeed.map((p) => p['value'])).toEqual([1, 3, 2, 4]);
  });

  it('stacks: mean share of each part per method and episode', () => {
    const rows = [row('a', 1, 0, { 'h.0': 1, 'h.1': 0 }), row('a', 2, 0, { 'h.0': 0.5, 'h.1': 0.5 })];
    const fig: FigureSpec = { id: 's', title: 'T', kind: 'stack', metric: 'h', yLabel: 'share', parts: [{ metric: 'h.0', label: 'low' }, { metric: 'h.1', label: 'high' }] };
    expect(stackData(rows, fig, ['a'])).toEqual([
      { method: 'a', episode: 0, part: 'low', order: 0, share: 0.75 },
      { method: 'a', episode: 0, part: 'high', order: 1, share: 0.25 },
    ]);
  });
});
