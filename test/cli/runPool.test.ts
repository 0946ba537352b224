// The job pool of `mecrl run --workers N`: a job that the stop flag (Ctrl-C) kept from starting is
// reported 'interrupted', so the run exits 130 with its checkpoints, never 2 with "jobs not
// finished" (the kill-and-resume reliability check caught a SIGINT between two jobs doing that:
// the status array was sparse and Array.prototype.map skips holes).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPool } from '../../cli/run.js';
import type { JobSpec } from '../../cli/job.js';
import { pendulumExperiment } from '../../experiments/classic/experiments.js';

const tmp = mkdtempSync(join(tmpdir(), 'mecrl-pool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('runPool', () => {
  it('reports every job the stop flag kept from starting as interrupted (no holes)', async () => {
    const config = pendulumExperiment.resolveConfig({});
    const specs: JobSpec[] = [1, 2, 3].map((seed) => ({ experiment: 'pendulum', config, method: 'ddpg', seed, runDir: tmp, checkpointEvery: 1, resume: false, backend: 'ts' }));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(stop, 0, 1); // Ctrl-C before any job started
    const statuses = await runPool(specs, 2, stop, () => {}, () => {});
    expect(statuses).toHaveLength(3);
    expect(statuses.every((s) => s === 'interrupted')).toBe(true);
    expect(Object.keys(statuses)).toEqual(['0', '1', '2']); // no holes
  }, 60_000);
});
