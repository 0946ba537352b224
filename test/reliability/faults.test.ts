// Fast variants of the disk-fault check (reliability/diskFaults.ts) and the non-finite stop of
// cli/job.ts: a write failing half-way leaves the previous checkpoint intact and the job resumable;
// a state that goes NaN is never checkpointed and stops the job naming it and the episode.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { diskFaults, reportFaults } from '../../reliability/diskFaults.js';
import { EXPERIMENTS } from '../../experiments/index.js';
import type { Experiment } from '../../experiments/types.js';
import { NonFiniteError, firstNonFinite, jobDir, runJobWithFiles } from '../../cli/job.js';
import { readCheckpoint } from '../../cli/fs/checkpointFiles.js';
import { FileWriteError, injectWriteFault, writeFileAtomic, writeFilesAtomic } from '../../cli/fs/atomic.js';
import { versions } from '../../cli/run.js';
import { stringify } from '../../cli/jsonl.js';

const root = mkdtempSync(join(tmpdir(), 'mecrl-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('disk faults (fast)', () => {
  it('three fault positions in a DDPG job: error names the file, nothing partial, --resume finishes identically', () => {
    const r = diskFaults(3, ['ddpg']);
    expect(r.examples).toEqual([]);
    expect(r.trials).toBe(3);
  });
  it('an injected fault names the file and leaves the old content', () => {
    const f = join(root, 'x.json');
    writeFileAtomic(f, 'old');
    injectWriteFault(1);
    expect(() => writeFileAtomic(f, 'new content')).toThrow(FileWriteError);
    expect(() => { injectWriteFault(1); writeFileAtomic(f, 'new content'); }).toThrow(/^cannot write .*x.json: ENOSPC/);
    injectWriteFault(null);
    writeFileAtomic(f, 'new');
  });
});

describe('disk faults in reports (fast)', () => {
  it('a report (and a --publish) with a write failing: one line naming the file, previous files intact, the rerun writes the full report', async () => {
    const r = await reportFaults(3);
    expect(r.examples).toEqual([]);
    expect(r.trials).toBe(3);
    expect(r.writes.report).toBeGreaterThanOrEqual(4); // metrics.jsonl, summary.json, a figure, REPORT.md
  });

  it('writeFilesAtomic: all or nothing, the error names the failing file', () => {
    const a = join(root, 'set', 'a.txt'), b = join(root, 'set', 'b.txt');
    writeFilesAtomic([[a, 'a1'], [b, 'b1']]);
    injectWriteFault(2);
    expect(() => writeFilesAtomic([[a, 'a2'], [b, 'b2']])).toThrow(/^cannot write .*set\/b\.txt: ENOSPC/);
    injectWriteFault(null);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['a1', 'b1']);
    expect(readdirSync(join(root, 'set')).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('mecrl report: a report file that cannot be written stops with exit 1 and one line; run again, it writes the full report', () => {
    const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
    const exp = EXPERIMENTS['pendulum']!;
    const config = exp.resolveConfig(exp.presets['smoke']!.config);
    const out = join(root, 'report-run');
    writeFileAtomic(join(out, 'config.json'), stringify({ experiment: 'pendulum', preset: 'smoke', seeds: [1], methods: ['td3'], config, resolutions: exp.resolutions(config), versions: versions(), command: 'mecrl run pendulum --preset smoke --seeds 1 --methods td3', backend: 'ts' }, 2) + '\n');
    runJobWithFiles({ experiment: 'pendulum', config, method: 'td3', seed: 1, runDir: out, checkpointEvery: 0, resume: false }, () => undefined, () => false);
    writeFileSync(join(out, 'REPORT.md'), 'previous report\n');
    writeFileSync(join(out, 'plots'), 'a file where the plots folder goes: every figure write fails (ENOTDIR/EEXIST)');
    const mecrl = (): { code: number; stderr: string } => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'mecrl.mjs'), 'report', out], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
      return { code: r.status ?? -1, stderr: r.stderr };
    };
    const bad = mecrl();
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(new RegExp(`^mecrl: stopped: cannot write ${out}/plots/return\\.svg: E[A-Z]+: .*the report files in ${out} were left as they were; once the cause is fixed, 'mecrl report ${out}' writes the full report\\)\n$`));
    expect(readFileSync(join(out, 'REPORT.md'), 'utf8')).toBe('previous report\n');
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    rmSync(join(out, 'plots'));
    const good = mecrl();
    expect(good.code).toBe(0);
    expect(readFileSync(join(out, 'REPORT.md'), 'utf8')).toContain('![return](plots/return.svg)');
    expect(['metrics.jsonl', 'summary.json', 'plots/return.svg', 'plots/return.png'].filter((f) => !existsSync(join(out, f)))).toEqual([]);
  }, 60_000);
});

describe('non-finite training', () => {
  // A stand-in experiment whose state goes NaN at episode 3 (checkpoint every episode).
  const nanExperiment = {
    ...EXPERIMENTS['q-chain']!,
    name: 'nan-test',
    resolveConfig: (c: unknown) => c,
    runJob(_c: unknown, method: string, seed: number, ctx: Parameters<Experiment<unknown>['runJob']>[3]) {
      const start = ctx.resumeFrom === null ? 0 : (ctx.resumeFrom as { episode: number }).episode;
      for (let e = start + 1; e <= 5; e++) {
        ctx.progress({ episode: e, episodes: 5 });
        ctx.saveCheckpoint({ episode: e, w: new Float64Array([1, e === 3 ? Number.NaN : e]) }, e);
      }
      return { method, seed, metrics: { x: 1 }, interrupted: false };
    },
  } as Experiment<unknown>;
  it('stops naming job, episode and value; the last checkpoint on disk is the last finite one', () => {
    (EXPERIMENTS as Record<string, Experiment<unknown>>)['nan-test'] = nanExperiment;
    try {
      const spec = { experiment: 'nan-test', config: {}, method: 'm', seed: 4, runDir: join(root, 'nan'), checkpointEvery: 1, resume: false };
      expect(() => runJobWithFiles(spec, () => undefined, () => false)).toThrow(NonFiniteError);
      expect(() => runJobWithFiles(spec, () => undefined, () => false)).toThrow(/^nan-test m seed 4: training went non-finite by episode 3 \(w\[1\] = NaN in its state\); the checkpoint was not written \(the last finite checkpoint is from episode 2: --resume continues from it\)$/);
      const ck = readCheckpoint(join(jobDir(spec.runDir, 'm', 4), 'checkpoint'));
      expect(ck.meta).toMatchObject({ episode: 2 });
      expect(firstNonFinite(ck.state)).toBeNull();
      expect(existsSync(join(jobDir(spec.runDir, 'm', 4), 'result.json'))).toBe(false);
    } finally {
      delete (EXPERIMENTS as Record<string, Experiment<unknown>>)['nan-test'];
    }
  });
  it('firstNonFinite finds the first NaN/Infinity in nested arrays', () => {
    expect(firstNonFinite({ a: [new Float64Array([1]), { b: new Float64Array([0, -Infinity]) }] })).toBe('a.1.b[1] = -Infinity');
    expect(firstNonFinite({ a: new Float64Array([1, 2]), n: Number.NaN })).toBeNull();
  });
});
