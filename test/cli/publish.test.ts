// docs/reproductions: `mecrl report <run> --publish <dir>` writes exactly the publishable set; a
// run folder holding only the jobs' small result files (as committed seed by seed) assembles into
// the same summary; the scoreboard generator and `npm run reproduce`'s targets.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { reproductionTargets } from '../../cli/reproduce.js';
import { oneLine, readPublished, scoreboardMarkdown, type PublishedRun } from '../../cli/scoreboard.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'mecrl.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'mecrl-publish-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function mecrl(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(dir, join(rel, e.name)) : [join(rel, e.name)])).sort();
}

describe('publishing a run', () => {
  it('publishes exactly REPORT.md, summary.json and the SVGs; job result files alone rebuild the same summary; the scoreboard counts its claims', () => {
    const run = join(tmp, 'run'), pub = join(tmp, 'docs', 'small-cell', 'smoke');
    expect(mecrl('run', 'small-cell', '--preset', 'smoke', '--out', run).code).toBe(0);
    const r = mecrl('report', run, '--publish', pub);
    expect(r.code, r.stderr).toBe(0);
    const svgs = readdirSync(join(run, 'plots')).filter((f) => f.endsWith('.svg')).sort();
    expect(svgs.length).toBeGreaterThan(3);
    expect(listFiles(pub)).toEqual(['REPORT.md', ...svgs.map((f) => join('plots', f)), 'summary.json'].sort());
    expect(readFileSync(join(pub, 'summary.json'), 'utf8')).toBe(readFileSync(join(run, 'summary.json'), 'utf8'));
    // a folder that is not a publication is refused
    mkdirSync(join(tmp, 'other'));
    writeFileSync(join(tmp, 'other', 'notes.txt'), 'x');
    expect(mecrl('report', run, '--publish', join(tmp, 'other')).stderr).toMatch(/is not empty and is not a previous publication/);

    // seed by seed: only config.json and each job's result.json + rows.jsonl were committed
    const small = join(tmp, 'small');
    copyFileSync(join(run, 'config.json'), (mkdirSync(small), join(small, 'config.json')));
    for (const j of readdirSync(join(run, 'jobs'))) {
      mkdirSync(join(small, 'jobs', j), { recursive: true });
      for (const f of ['result.json', 'rows.jsonl']) copyFileSync(join(run, 'jobs', j, f), join(small, 'jobs', j, f));
    }
    expect(mecrl('report', small).code).toBe(0);
    expect(readFileSync(join(small, 'summary.json'), 'utf8')).toBe(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect(readFileSync(join(small, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(run, 'metrics.jsonl'), 'utf8'));

    // the scoreboard reads the publication
    const runs = readPublished(join(tmp, 'docs'));
    expect(runs.map((x) => `${x.experiment}/${x.preset}`)).toEqual(['small-cell/smoke']);
    const md = scoreboardMarkdown(runs, { 'small-cell/smoke': { date: '2026-12-04', commit: 'abc123' } });
    expect(md).toMatch(/\| small-cell \| smoke \| 1, 2 \| 2026-12-04 \| `abc123` \| 0 \| 0 \| 22 \| \[REPORT\.md\]\(small-cell\/smoke\/REPORT\.md\) \|/);
    // npm run reproduce -- --scoreboard-only writes it
    const s = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'reproduce.ts'), '--scoreboard-only', '--docs', join(tmp, 'docs')], { cwd: ROOT, encoding: 'utf8' });
    expect(s.status, s.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'docs', 'README.md'), 'utf8')).toMatch(/\| small-cell \| smoke \| 1, 2 \| — \| — \| 0 \| 0 \| 22 \|/);
  }, 120_000);
});

describe('scoreboard', () => {
  const runs: PublishedRun[] = [
    { experiment: 'p1', preset: 'quick', seeds: [1, 2, 3, 4, 5], claims: [
      { id: 'a', text: 'A > B', metric: 'r', rule: 'difference', gate: false, holds: true, evidence: 'a 2 [1.9, 2.1] vs b 1 | paired' },
      { id: 'b', text: 'A ≈ B', metric: 'r', rule: 'equivalence', margin: 0.05, gate: false, holds: false, evidence: 'x'.repeat(300) },
      { id: 'c', text: 'A/B', metric: 'r', rule: 'ratio', range: [1.3, 1.7], gate: false, holds: null, evidence: 'ratio 1.5' },
    ] },
    { experiment: 'p1', preset: 'beta-sweep', seeds: [1, 2], sweep: 'env.beta', claims: [] },
  ];
  it('one row per run with held / not held / undecided, then one row per claim with rule, verdict and one-line evidence', () => {
    const md = scoreboardMarkdown(runs, { 'p1/quick': { date: '2026-12-04', commit: 'deadbeef' } });
    expect(md).toContain('| p1 | quick | 1, 2, 3, 4, 5 | 2026-12-04 | `deadbeef` | 1 | 1 | 1 | [REPORT.md](p1/quick/REPORT.md) |');
    expect(md).toContain('| p1 | beta-sweep (sweep of `env.beta`) | 1, 2 | — | — | 0 | 0 | 0 | [REPORT.md](p1/beta-sweep/REPORT.md) |');
    expect(md).toContain('| [p1 / quick](p1/quick/REPORT.md) | a | difference: 95% CI of paired A − B vs 0 | holds | a 2 [1.9, 2.1] vs b 1 \\| paired |');
    expect(md).toContain('| [p1 / quick](p1/quick/REPORT.md) | b | equivalence: 95% CI of paired A − B within ±0.05 | **does not hold** | ' + 'x'.repeat(159) + '… |');
    expect(md).toContain('| ratio: 95% CI of paired A/B within [1.3, 1.7] | undecided | ratio 1.5 |');
    expect(oneLine('a\nb  c')).toBe('a b c');
  });

  it('npm run reproduce runs every paper\'s quick preset, sweeps with --all, never the validation tasks', () => {
    const all = reproductionTargets([], false);
    expect(all).toContainEqual({ experiment: 'small-cell', preset: 'quick' });
    expect(all.every((t) => t.preset === 'quick' && !['pendulum', 'cartpole', 'q-chain', 'simple-spread'].includes(t.experiment))).toBe(true);
    expect(reproductionTargets(['small-cell'], true)).toEqual([{ experiment: 'small-cell', preset: 'quick' }, { experiment: 'small-cell', preset: 'beta-sweep' }]);
    expect(() => reproductionTargets(['pendulum'], false)).toThrow(/unknown paper experiment 'pendulum' \(papers: .*small-cell/);
  });
});
