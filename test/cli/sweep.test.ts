// A sweep run as a user runs it (`mecrl run small-cell --preset smoke-sweep`): one folder per value,
// and at the sweep folder one summary across the values (summary.json with every value's per-seed
// metrics and the sweep claims with their rules, sweep figures, REPORT.md linking every value's
// report); `mecrl report` on the sweep folder rebuilds the same summary.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sweepReportMarkdown, type SweepSummary } from '../../cli/sweep.js';
import { smallCellExperiment } from '../../experiments/small-cell/index.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'mecrl.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'mecrl-sweep-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function mecrl(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('sweep runs', () => {
  it('write one summary, report and figures across the swept values; mecrl report rebuilds them', () => {
    const out = join(tmp, 'sweep');
    const r = mecrl('run', 'small-cell', '--preset', 'smoke-sweep', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['index.json', 'summary.json', 'REPORT.md', 'env.beta=0.5/REPORT.md', 'env.beta=2/summary.json', 'plots/sweep-energy-total-median.svg']) expect(existsSync(join(out, f)), f).toBe(true);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { sweep: string; seeds: number[]; points: Array<{ value: number; methods: Record<string, Record<string, { perSeed: number[] }>> }>; claims: Array<{ id: string; rule: string; holds: boolean | null }> };
    expect(s.sweep).toBe('env.beta');
    expect(s.points.map((p) => p.value)).toEqual([0.5, 2]);
    expect(s.points[1]!.methods['local']!['energyTotal.median']!.perSeed).toHaveLength(2);
    expect(s.claims.map((c) => c.id)).toContain('3a-energy-local-lt-ma@every-env.beta');
    expect(s.claims.every((c) => c.rule !== undefined && c.holds === null)).toBe(true); // smoke: not judged
    const report = readFileSync(join(out, 'REPORT.md'), 'utf8');
    expect(report).toMatch(/\[0\.5\]\(env\.beta=0\.5\/REPORT\.md\)/);
    expect(report).toMatch(/\| `energyTotal\.median` \| local \| [-\d.]+ ± /);
    expect(report).toMatch(/!\[sweep-latency-guaranteed\]\(plots\/sweep-latency-guaranteed\.svg\)/);
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    const rr = mecrl('report', out);
    expect(rr.code, rr.stderr).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
  }, 120_000);

  it("append a preset's generated section (Preset.sweep.section) to the sweep report, before the figures", () => {
    const summary: SweepSummary = { experiment: 'small-cell', preset: 'x', sweep: 'env.beta', seeds: [1], points: [{ value: 1, dir: 'env.beta=1', methods: {} }], claims: [], wallSeconds: 1, versions: {} };
    const md = sweepReportMarkdown(smallCellExperiment as never, summary, 'mecrl run …', ['a'], [], '## Extra table\n\n| x |\n');
    expect(md).toContain('## Extra table');
    expect(md.indexOf('## Extra table')).toBeLessThan(md.indexOf('## Figures'));
    expect(sweepReportMarkdown(smallCellExperiment as never, summary, 'mecrl run …', [], [])).not.toContain('Extra table');
  });
});
