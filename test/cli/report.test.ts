// cli/report.ts: REPORT.md's claims table stays a valid table whatever the claim texts contain.

import { describe, expect, it } from 'vitest';
import { perSeedSection, reportMarkdown } from '../../cli/report.js';
import type { Summary } from '../../cli/summary.js';
import type { Experiment } from '../../experiments/types.js';

describe('reportMarkdown', () => {
  it('escapes pipes and newlines in claim texts and evidence, so every claims row has exactly 6 cells (rule included)', () => {
    const exp = { title: 'T', source: 'S' } as unknown as Experiment<unknown>;
    const summary: Summary = {
      experiment: 't', preset: 'quick', seeds: [1, 2], wallSeconds: 1, versions: { mecrl: '0' },
      methods: { a: { m: { mean: -1, std: 0, ci95: [-2, 0], perSeed: [-1, -1] } as never } },
      claims: [{ id: 'c1', text: 'A is at least |B| + 20%', metric: 'm', rule: 'threshold', op: '>=', threshold: 0.2, gate: true, holds: true, evidence: 'A = 1 | B = 2\nnext line' }],
    };
    const md = reportMarkdown(exp, summary, { command: 'mecrl run t', resolutions: {}, plots: [], configJson: '{}' });
    const row = md.split('\n').find((l) => l.startsWith('| c1 |'))!;
    expect(row).toBe('| c1 | A is at least \\|B\\| + 20% | `m` | threshold: >= 0.2 | holds | A = 1 \\| B = 2 next line |');
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6); // unescaped pipes delimit 6 cells
  });

  it('lists the per-seed values of each headline metric and flags seeds > 3 MADs from the median', () => {
    const d = (perSeed: number[]) => ({ mean: 0, std: 0, ci95: [0, 0] as [number, number], perSeed });
    const L = perSeedSection(['r'], { a: { r: d([10, 11, 9, 10.5, -40]) }, b: { r: d([1, 2, 3, 4, 5]) } }, [1, 2, 3, 4, 5]);
    expect(L).toContain('| `r` | a | 10 | 11 | 9 | 10.5 | **-40** ⚠ | 10 | seed 5 |');
    expect(L).toContain('| `r` | b | 1 | 2 | 3 | 4 | 5 | 3 |  |');
    expect(perSeedSection(['missing'], { a: { r: d([1, 2]) } }, [1, 2])).toEqual([]);
  });
});
