// Fast variants of the disk-fault check (reliability/diskFaults.ts) and the non-finite stop of
// cli/job.ts: a write failing half-way leaves the previous checkpoint intact and the job resumable;
// a state that goes NaN is never checkpointed and stops the job naming it and the episode.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskFaults } from '../../reliability/diskFaults.js';
import { EXPERIMENTS } from '../../experiments/index.js';
import type { Experiment } from '../../experiments/types.js';
import { NonFiniteError, firstNonFinite, jobDir, runJobWithFiles } from '../../cli/job.js';
import { readCheckpoint } from '../../cli/fs/checkpointFiles.js';
import { FileWriteError, injectWriteFault, writeFileAtomic } from '../../cli/fs/atomic.js';

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
