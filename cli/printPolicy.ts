// `mecrl eval <run-dir> --print-policy`: prints every finished job's saved policy as text through the
// experiment's optional `printPolicy` (paper 4: per user, state bits L I J → greedy action). Reads
// only; writes nothing.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../experiments/types.js';
import { CheckpointError, readCheckpoint } from './fs/checkpointFiles.js';
import { jobDir } from './job.js';
import { UsageError } from './run.js';

/** Prints the policies of `methods × seeds` in `dir`; returns the exit code. */
export function printPolicies(exp: Experiment<unknown>, dir: string, config: unknown, methods: readonly string[], seeds: readonly number[], write: (text: string) => void): number {
  if (exp.printPolicy === undefined) throw new UsageError(`${exp.name} cannot print its policies (no printPolicy)`);
  const resolved = exp.resolveConfig(config as Record<string, unknown>);
  for (const m of methods) {
    for (const seed of seeds) {
      const pdir = join(jobDir(dir, m, seed), 'policy');
      let policy;
      if (existsSync(pdir)) {
        try { policy = readCheckpoint(pdir).state; } catch (e) { throw new UsageError((e as CheckpointError).message); }
      }
      write(exp.printPolicy(resolved, m, seed, policy) + '\n');
    }
  }
  return 0;
}
