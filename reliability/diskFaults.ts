// Disk faults (issue 20): a job (pendulum smoke) is run with its k-th file write failing half-way as
// a full disk would (ENOSPC, injected in cli/fs/atomic.ts), for k over every write the job makes.
// Every trial must stop with an error naming the file that could not be written, leave no truncated
// or partial file at a final name (the previous checkpoint intact and readable), and then finish
// with --resume byte-identical to an uninterrupted job.

import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXPERIMENTS } from '../experiments/index.js';
import { jobDir, runJobWithFiles, type JobSpec } from '../cli/job.js';
import { FileWriteError, atomicWriteCount, injectWriteFault } from '../cli/fs/atomic.js';
import type { Check } from './check.js';
import type { FuzzResult } from './fuzzEnv.js';
import { partialFiles } from './killResume.js';

const EXPERIMENT = 'pendulum';

function files(dir: string, base = dir, out = new Map<string, string>()): Map<string, string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) files(p, base, out);
    else out.set(relative(base, p), f === 'result.json' ? JSON.stringify(JSON.parse(readFileSync(p, 'utf8')), (k, v) => (k === 'wallSeconds' ? undefined : v)) : readFileSync(p).toString('base64'));
  }
  return out;
}

/** `trials` fault positions spread over every write of the `method` job; returns the tally. */
export function diskFaults(trials: number, methods: readonly string[] = ['ddpg', 'td3']): FuzzResult & { writes: Record<string, number> } {
  const root = mkdtempSync(join(tmpdir(), 'mecrl-disk-'));
  const exp = EXPERIMENTS[EXPERIMENT]!;
  const config = exp.resolveConfig(exp.presets['smoke']!.config);
  let failures = 0, done = 0;
  const examples: string[] = [];
  const writes: Record<string, number> = {};
  const fail = (line: string): void => { failures++; if (examples.length < 10) examples.push(line); };
  const spec = (method: string, runDir: string, resume: boolean): JobSpec => ({ experiment: EXPERIMENT, config, method, seed: 1, runDir, checkpointEvery: 1, resume });
  try {
    for (const [mi, method] of methods.entries()) {
      const refDir = join(root, `${method}-reference`);
      const w0 = atomicWriteCount();
      runJobWithFiles(spec(method, refDir, false), () => undefined, () => false);
      const total = atomicWriteCount() - w0;
      writes[method] = total;
      const ref = files(jobDir(refDir, method, 1));
      const share = Math.floor(trials / methods.length) + (mi < trials % methods.length ? 1 : 0);
      for (let t = 0; t < share; t++) {
        const k = 1 + Math.floor(((t + 0.5) * total) / share);
        const runDir = join(root, `${method}-k${k}`);
        const where = `${method}: write ${k} of ${total} fails`;
        done++;
        injectWriteFault(k);
        let err: unknown = null;
        try { runJobWithFiles(spec(method, runDir, false), () => undefined, () => false); } catch (e) { err = e; }
        injectWriteFault(null);
        if (!(err instanceof FileWriteError)) { fail(`${where}: ${err === null ? 'the job did not fail' : `failed with ${(err as Error).name}: ${(err as Error).message}`}`); continue; }
        if (!/^cannot write \/.+: ENOSPC/.test(err.message)) fail(`${where}: the error does not say what failed: ${err.message}`);
        const scan = partialFiles(runDir);
        for (const p of scan.partial) fail(`${where}: partial file left: ${p}`);
        if (scan.temporaries > 0) fail(`${where}: ${scan.temporaries} temporary file(s) left behind`);
        try {
          const status = runJobWithFiles(spec(method, runDir, true), () => undefined, () => false);
          if (status !== 'done') fail(`${where}: --resume ended '${status}'`);
        } catch (e) { fail(`${where}: --resume failed: ${(e as Error).message}`); continue; }
        const got = files(jobDir(runDir, method, 1));
        const diff = [...new Set([...ref.keys(), ...got.keys()])].filter((f) => ref.get(f) !== got.get(f));
        if (diff.length > 0) fail(`${where}: after --resume differs from the uninterrupted job in ${diff.slice(0, 4).join(', ')}`);
        rmSync(runDir, { recursive: true, force: true });
      }
    }
  } finally {
    injectWriteFault(null);
    rmSync(root, { recursive: true, force: true });
  }
  return { trials: done, failures, examples, writes };
}

export const CHECKS_DISK: readonly Check[] = [
  { name: 'disk-faults', description: 'a pendulum smoke job (DDPG, TD3; checkpoint every episode) with its k-th file write failing half-way (ENOSPC injected), k spread over every write it makes: stops with an error naming the file, no partial or temporary file left, previous checkpoint intact, then --resume finishes byte-identical to an uninterrupted job', trials: 200, run: (n) => diskFaults(n) },
];
