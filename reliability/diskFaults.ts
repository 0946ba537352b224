// Disk faults (issue 20): a job (pendulum smoke) is run with its k-th file write failing half-way as
// a full disk would (ENOSPC, injected in cli/fs/atomic.ts), for k over every write the job makes.
// Every trial must stop with an error naming the file that could not be written, leave no truncated
// or partial file at a final name (the previous checkpoint intact and readable), and then finish
// with --resume byte-identical to an uninterrupted job.
//
// Reports (`reportFaults`): the report of a finished run (metrics.jsonl, summary.json, plots/*.svg
// and .png, REPORT.md: `finishRun`, what `mecrl run` ends with and `mecrl report` does) is rebuilt
// with its k-th file write failing, for k over every write it makes, and then `--publish`ed with its
// k-th write failing. Each trial must stop with a one-line RunStopped/FileWriteError naming the file,
// leave every previous report file (and the previous publication) byte-identical and no temporary
// file behind, and the same command run again must write the full report.

import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXPERIMENTS } from '../experiments/index.js';
import { jobDir, runJobWithFiles, type JobSpec } from '../cli/job.js';
import { FileWriteError, atomicWriteCount, injectWriteFault, writeFileAtomic } from '../cli/fs/atomic.js';
import { RunStopped, finishRun, versions } from '../cli/run.js';
import { publishRun } from '../cli/publish.js';
import { stringify } from '../cli/jsonl.js';
import type { RunInfo } from '../cli/summary.js';
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

/** Every file under `dir` (relative path → contents, base64), skipping `jobs/` and `config.json` (the run's inputs). */
function reportFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [f, v] of files(dir)) if (!f.startsWith('jobs/') && f !== 'config.json') out.set(f, v);
  return out;
}

/** Files left with a temporary name (`.tmp-`, a publishing/previous folder) anywhere under `dir`'s parent. */
function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (/\.tmp-|\.publishing-|\.previous-/.test(f)) found.push(relative(dir, p));
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(join(dir, '..'));
  return found;
}

/** Runs `fn` silencing stdout/stderr (finishRun prints the claims and a 'wrote …' line). */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const out = process.stdout.write, err = process.stderr.write;
  process.stdout.write = (() => true) as typeof out;
  process.stderr.write = (() => true) as typeof err;
  try { return await fn(); } finally { process.stdout.write = out; process.stderr.write = err; }
}

/**
 * `trials` fault positions spread over the report's writes (and over a --publish of it): each
 * stops naming the file, leaves the previous files byte-identical, and the rerun writes the full report.
 */
export async function reportFaults(trials: number): Promise<FuzzResult & { writes: { report: number; publish: number } }> {
  const root = mkdtempSync(join(tmpdir(), 'mecrl-report-faults-'));
  const exp = EXPERIMENTS[EXPERIMENT]!;
  const config = exp.resolveConfig(exp.presets['smoke']!.config);
  const info: RunInfo = { experiment: EXPERIMENT, preset: 'smoke', seeds: [1, 2], methods: ['ddpg'], judgeClaims: false };
  const command = `mecrl run ${EXPERIMENT} --preset smoke --seeds 1,2 --methods ddpg`;
  const out = join(root, 'run'), pub = join(root, 'published');
  let failures = 0, done = 0;
  const examples: string[] = [];
  const fail = (line: string): void => { failures++; if (examples.length < 10) examples.push(line); };
  try {
    writeFileAtomic(join(out, 'config.json'), stringify({ experiment: EXPERIMENT, preset: 'smoke', seeds: info.seeds, methods: info.methods, config, resolutions: exp.resolutions(config), versions: versions(), command, backend: 'ts' }, 2) + '\n');
    for (const seed of info.seeds) runJobWithFiles({ experiment: EXPERIMENT, config, method: 'ddpg', seed, runDir: out, checkpointEvery: 0, resume: false }, () => undefined, () => false);
    const report = (): Promise<number> => quietly(() => finishRun(exp, info, out, command, false));
    let w0 = atomicWriteCount();
    await report();
    const reportWrites = atomicWriteCount() - w0;
    const ref = reportFiles(out);
    w0 = atomicWriteCount();
    publishRun(out, pub);
    const publishWrites = atomicWriteCount() - w0;
    const refPub = files(pub);
    /** Replaces every report file (and the publication) with distinct "previous" contents. */
    const previous = (): Map<string, string> => {
      for (const f of ref.keys()) writeFileAtomic(join(out, f), `previous ${f}\n`);
      for (const f of refPub.keys()) writeFileAtomic(join(pub, f), `previously published ${f}\n`);
      return new Map([...reportFiles(out), ...[...files(pub)].map(([f, v]) => [`published/${f}`, v] as [string, string])]);
    };
    const nowFiles = (): Map<string, string> => new Map([...reportFiles(out), ...[...files(pub)].map(([f, v]) => [`published/${f}`, v] as [string, string])]);
    const reportTrials = Math.ceil((trials * reportWrites) / (reportWrites + publishWrites));
    for (let t = 0; t < trials; t++) {
      const isReport = t < reportTrials;
      const n = isReport ? reportTrials : trials - reportTrials, i = isReport ? t : t - reportTrials;
      const total = isReport ? reportWrites : publishWrites;
      const k = 1 + Math.floor(((i + 0.5) * total) / n);
      const where = `${isReport ? 'report' : '--publish'}: write ${k} of ${total} fails`;
      done++;
      const before = previous();
      injectWriteFault(k);
      let err: unknown = null;
      try { if (isReport) await report(); else publishRun(out, pub); } catch (e) { err = e; }
      injectWriteFault(null);
      const expected = isReport ? RunStopped : FileWriteError;
      if (!(err instanceof expected)) { fail(`${where}: ${err === null ? 'did not fail' : `failed with ${(err as Error).name}: ${(err as Error).message}`}`); continue; }
      const msg = (err as Error).message;
      if (!/^cannot write \/.+: ENOSPC/.test(msg) || msg.includes('\n')) fail(`${where}: the error is not one line naming the file: ${msg}`);
      const after = nowFiles();
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
      if (changed.length > 0) fail(`${where}: previous files changed: ${changed.slice(0, 4).join(', ')}`);
      const left = leftovers(out);
      if (left.length > 0) fail(`${where}: temporary files left: ${left.slice(0, 4).join(', ')}`);
      try { await report(); publishRun(out, pub); } catch (e) { fail(`${where}: the rerun failed: ${(e as Error).message}`); continue; }
      const diff = [...new Set([...ref.keys(), ...reportFiles(out).keys()])].filter((f) => ref.get(f) !== reportFiles(out).get(f));
      const pubNow = files(pub);
      const pubDiff = [...new Set([...refPub.keys(), ...pubNow.keys()])].filter((f) => refPub.get(f) !== pubNow.get(f));
      if (diff.length + pubDiff.length > 0) fail(`${where}: the rerun's report differs from the full one in ${[...diff, ...pubDiff.map((f) => `published/${f}`)].slice(0, 4).join(', ')}`);
    }
    return { trials: done, failures, examples, writes: { report: reportWrites, publish: publishWrites } };
  } finally {
    injectWriteFault(null);
    rmSync(root, { recursive: true, force: true });
  }
}

export const CHECKS_DISK: readonly Check[] = [
  { name: 'disk-faults', description: 'a pendulum smoke job (DDPG, TD3; checkpoint every episode) with its k-th file write failing half-way (ENOSPC injected), k spread over every write it makes: stops with an error naming the file, no partial or temporary file left, previous checkpoint intact, then --resume finishes byte-identical to an uninterrupted job', trials: 200, run: (n) => diskFaults(n) },
  { name: 'disk-faults/report', description: 'the report of a finished pendulum smoke run (metrics.jsonl, summary.json, plots, REPORT.md: what mecrl run ends with and mecrl report writes) rebuilt, then --publish-ed, with its k-th file write failing (ENOSPC injected), k spread over every write: stops with one line naming the file, every previous report file and the previous publication byte-identical, no temporary file left, and the same command run again writes the full report', trials: 60, run: (n) => reportFaults(n) },
];
