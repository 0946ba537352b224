// `mecrl run`: resolve experiment, preset, seeds, methods and --set overrides into a config;
// run every (method, seed) job on worker threads (the main thread stays free for progress and
// Ctrl-C); then write metrics.jsonl, summary.json, plots and REPORT.md. Exit codes: 0 finished,
// 1 crash or failed gate with --fail-on-gates, 2 bad input/config/checkpoint, 130 interrupted.

import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPERIMENTS } from '../experiments/index.js';
import { ConfigError, checkKeysDeep, mergePartials, setPath } from '../experiments/common/config.js';
import type { Experiment, Preset } from '../experiments/types.js';
import { RunStopped, UsageError } from './errors.js';
import { writeFileAtomic, writeReportFiles } from './fs/atomic.js';
import type { JobProgress, JobSpec } from './job.js';
import { stringify } from './jsonl.js';
import { renderPlots, type PendingFiles } from './plots.js';
import { createProgress } from './progress.js';
import { reportMarkdown } from './report.js';
import { collect, metricsJsonl, summarize, type RunInfo } from './summary.js';
import { redactCommand, parseQueueUrl } from './queue/connection.js';
import { ATTEMPTS, submitAndWait } from './queue/jobs.js';
import { finishSweep } from './sweep.js';
import { startWorker } from './workers.js';
import { BACKENDS, backendAvailable, wasmUnavailable, type Backend } from '../lib/tensor/index.js';

export { RunStopped, UsageError } from './errors.js';


export interface RunOptions {
  readonly experiment: string;
  readonly preset?: string | undefined;
  readonly seeds?: string | undefined;
  readonly methods?: string | undefined;
  readonly sets: readonly string[];
  readonly out?: string | undefined;
  /** Worker threads; default: the number of cores (`os.availableParallelism()`), capped at the number of jobs. */
  readonly workers?: number | undefined;
  readonly resume: boolean;
  readonly failOnGates: boolean;
  readonly checkpointEvery: number;
  readonly command: string;
  /** Resolve and validate everything, print the config(s), run nothing (exit 0). */
  readonly dryRun?: boolean;
  /** Kernel backend of every job (default: 'wasm' where WebAssembly SIMD runs, else 'ts'; see usableBackend). Results are identical. */
  readonly backend?: Backend | undefined;
  /** `--queue redis://host:port`: run the jobs on `mecrl worker`s through Redis instead of worker threads. */
  readonly queue?: string | undefined;
  /** `--debug-numerics`: trace every op and stop at the first NaN/±Infinity (see JobSpec.debugNumerics). */
  readonly debugNumerics?: boolean;
}

/** The options every command accepts (node:util parseArgs). */
const CLI_OPTIONS = {
  preset: { type: 'string' }, seeds: { type: 'string' }, methods: { type: 'string' }, set: { type: 'string', multiple: true },
  out: { type: 'string' }, workers: { type: 'string' }, resume: { type: 'boolean' }, 'checkpoint-every': { type: 'string' },
  'fail-on-gates': { type: 'boolean' }, episodes: { type: 'string' }, publish: { type: 'string' }, 'print-policy': { type: 'boolean' },
  'dry-run': { type: 'boolean' }, backend: { type: 'string' }, queue: { type: 'string' }, concurrency: { type: 'string' },
  'debug-numerics': { type: 'boolean' }, 'snapshot-every': { type: 'string' },
} as const;

/** The parsed options of a command line (after the command name). */
export type CliValues = ReturnType<typeof parseArgs<{ options: typeof CLI_OPTIONS; allowPositionals: true }>>['values'];

/** Parses the arguments after the command name; bad options are a UsageError (exit 2). */
export function parseCliArgs(cmd: string, rest: readonly string[]): { values: CliValues; positionals: string[] } {
  try {
    return parseArgs({ args: [...rest], allowPositionals: true, options: CLI_OPTIONS });
  } catch (e) {
    throw new UsageError(`${(e as Error).message} (see mecrl ${cmd} --help)`);
  }
}

/** An integer option (`--workers`, `--episodes`, …): `dflt` when absent, else a safe integer >= lo. */
export function intOption(name: string, text: string | undefined, dflt: number, lo: number): number {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < lo) throw new UsageError(`--${name} must be an integer >= ${lo}, got '${text}'`);
  return n;
}

/** `mecrl run <experiment> …` options from parsed arguments. */
export function runOptionsFrom(v: CliValues, experiment: string, command: string): RunOptions {
  return {
    experiment, preset: v.preset, seeds: v.seeds, methods: v.methods, sets: v.set ?? [], out: v.out,
    workers: v.workers === undefined ? undefined : intOption('workers', v.workers, 1, 1), resume: v.resume === true, failOnGates: v['fail-on-gates'] === true,
    checkpointEvery: intOption('checkpoint-every', v['checkpoint-every'], 10, 0), command, dryRun: v['dry-run'] === true, backend: backendOption(v.backend), queue: v.queue,
    debugNumerics: v['debug-numerics'] === true,
  };
}

/** `--backend ts|wasm` (undefined: the default, ts). */
export function backendOption(text: string | undefined): Backend | undefined {
  if (text === undefined) return undefined;
  if (!(BACKENDS as readonly string[]).includes(text)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${text}'`);
  return text as Backend;
}

/**
 * The backend jobs will use. Default: 'wasm' where WebAssembly SIMD runs, else 'ts' (both give
 * bit-identical results, tested; wasm is ≈ 2.8× faster on small-cell quick). An explicit --backend
 * wasm that cannot run falls back to 'ts' with a note on stderr.
 */
export function usableBackend(requested: Backend | undefined): Backend {
  if (requested === undefined) return backendAvailable('wasm') ? 'wasm' : 'ts';
  const b = requested;
  if (b === 'wasm' && !backendAvailable('wasm')) {
    process.stderr.write(`--backend wasm: ${wasmUnavailable() ?? 'unavailable'}; using 'ts' (same results, slower)\n`);
    return 'ts';
  }
  return b;
}

export function versions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return { mecrl: pkg.version, node: process.version, v8: process.versions.v8 };
}

export function lookupExperiment(name: string): Experiment<unknown> {
  // Own keys only: 'toString' or 'constructor' must not find Object.prototype's members.
  const exp = Object.hasOwn(EXPERIMENTS, name) ? EXPERIMENTS[name] : undefined;
  if (exp === undefined) throw new UsageError(`unknown experiment '${name}' (available: ${Object.keys(EXPERIMENTS).join(', ')})`);
  return exp;
}

function parseSeeds(text: string, from: string): number[] {
  const seeds = text.split(',').map((s) => s.trim());
  const out = seeds.map((s) => Number(s));
  out.forEach((s, i) => { if (seeds[i] === '' || !Number.isSafeInteger(s) || s < 0) throw new UsageError(`${from}: seed '${oneLine(seeds[i]!)}' must be an integer >= 0 (e.g. --seeds 1,2,3)`); });
  if (new Set(out).size !== out.length) throw new UsageError(`${from}: seeds must be distinct, got ${text}`);
  return out;
}

/** `--set a.b=<JSON>` → nested partial. A bare word that is not JSON (`--set init=xavier`) is taken as that string. */
export function parseSets(sets: readonly string[]): Record<string, unknown> {
  const partial: Record<string, unknown> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set '${s}': expected key=<JSON value>, e.g. --set train.episodes=200`);
    const key = s.slice(0, eq), raw = s.slice(eq + 1);
    let value: unknown;
    try { value = JSON.parse(raw); } catch {
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(raw)) throw new UsageError(`--set ${key}: value '${raw}' is not JSON (numbers and words as is, other strings quoted: --set ${key}='"some text"', arrays as --set ${key}='[64,64]')`);
      value = raw;
    }
    try { checkKeysDeep(value, key); setPath(partial, key, value); } catch (e) { throw new UsageError(`--set ${key}: ${(e as Error).message}`); }
  }
  return partial;
}

export function resolveRunConfig(exp: Experiment<unknown>, presetName: string, preset: Preset, sets: readonly string[], partial: Record<string, unknown>): unknown {
  try {
    return exp.resolveConfig(partial);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof RangeError || e instanceof TypeError) {
      throw new UsageError(`config: ${(e as Error).message} (from preset '${presetName}'${sets.length > 0 ? ` and --set ${sets.join(' --set ')}` : ''}${preset.sweep ? `, sweep of ${preset.sweep.key}` : ''})`);
    }
    throw e;
  }
}

/** Everything `mecrl run` resolves before running: experiment, preset, seeds, methods, the config (or each sweep value's). */
export interface ResolvedRun {
  readonly exp: Experiment<unknown>;
  readonly presetName: string;
  readonly preset: Preset;
  readonly info: RunInfo;
  readonly out: string;
  /** One config, or one per sweep value (`value` set). */
  readonly configs: ReadonlyArray<{ readonly value?: unknown; readonly config: unknown }>;
}

/** Resolves and validates a run's inputs (no files touched); bad input is a UsageError with a one-line message. */
export function resolveRun(o: RunOptions): ResolvedRun {
  const exp = lookupExperiment(o.experiment);
  const presetName = o.preset ?? exp.defaultPreset;
  const preset = Object.hasOwn(exp.presets, presetName) ? exp.presets[presetName] : undefined;
  if (preset === undefined) throw new UsageError(`unknown preset '${oneLine(presetName)}' for ${exp.name} (available: ${Object.keys(exp.presets).join(', ')})`);
  const seeds = o.seeds !== undefined ? parseSeeds(o.seeds, '--seeds') : [...(preset.seeds ?? exp.defaultSeeds)];
  const allMethods = exp.methods.map((m) => m.id);
  const methods = o.methods !== undefined ? o.methods.split(',').map((m) => m.trim()) : [...(preset.methods ?? allMethods)];
  for (const m of methods) if (!allMethods.includes(m)) throw new UsageError(`--methods: unknown method '${oneLine(m)}' for ${exp.name} (available: ${allMethods.join(', ')})`);
  if (new Set(methods).size !== methods.length) throw new UsageError(`--methods: methods must be distinct, got ${oneLine(o.methods ?? '')}`);
  if (o.workers !== undefined && (!Number.isInteger(o.workers) || o.workers < 1)) throw new UsageError(`--workers must be an integer >= 1, got ${o.workers}`);
  const out = resolve(o.out ?? join('runs', `${exp.name}-${presetName}`));
  const base = mergePartialsUsage(preset.config, parseSets(o.sets));
  const info: RunInfo = { experiment: exp.name, preset: presetName, seeds, methods, judgeClaims: preset.judgeClaims !== false };
  if (preset.sweep === undefined) return { exp, presetName, preset, info, out, configs: [{ config: resolveRunConfig(exp, presetName, preset, o.sets, base) }] };
  const configs = preset.sweep.values.map((value) => {
    const partial = mergePartials(base, {});
    setPath(partial, preset.sweep!.key, value);
    return { value, config: resolveRunConfig(exp, presetName, preset, o.sets, partial) };
  });
  return { exp, presetName, preset, info, out, configs };
}

function mergePartialsUsage(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): Record<string, unknown> {
  try { return mergePartials(a, b); } catch (e) { throw new UsageError(`--set: ${(e as Error).message}`); }
}

/** A user string for a one-line message: newlines escaped, at most 200 characters. */
function oneLine(s: string): string {
  const t = JSON.stringify(s).slice(1, -1);
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

export async function runCommand(o: RunOptions): Promise<number> {
  const { exp, presetName, preset, info, out, configs } = resolveRun(o);
  if (o.dryRun === true) {
    const shown = preset.sweep === undefined
      ? { experiment: exp.name, preset: presetName, seeds: info.seeds, methods: info.methods, out, config: configs[0]!.config }
      : { experiment: exp.name, preset: presetName, seeds: info.seeds, methods: info.methods, out, sweep: preset.sweep.key, configs: configs.map((c) => ({ value: c.value, config: c.config })) };
    process.stdout.write(stringify(shown, 2) + '\n');
    return 0;
  }
  if (o.queue !== undefined && preset.sweep !== undefined) {
    // Enqueue every value's jobs first, so the workers run the whole sweep in parallel; each value then gathers its own.
    const specs: JobSpec[] = [];
    for (const { config } of configs) for (const method of info.methods) for (const seed of info.seeds) specs.push({ experiment: exp.name, config, method, seed, runDir: out, checkpointEvery: o.checkpointEvery, resume: true, backend: usableBackend(o.backend), ...debugFlag(o) });
    await submitAndWait(parseQueueUrl(o.queue), specs, versions()['mecrl']!, `${exp.name}/${presetName}`, () => undefined, () => undefined, () => false, true);
  }
  if (preset.sweep === undefined) return runSingle(exp, info, configs[0]!.config, out, o);
  // A sweep: one run folder per value, plus index.json.
  checkOut(out, o.resume);
  const entries: Array<{ value: unknown; dir: string; exitCode: number }> = [];
  let code = 0;
  for (const { value, config } of configs) {
    const dir = join(out, `${preset.sweep.key}=${JSON.stringify(value)}`);
    const c = await runSingle(exp, info, config, dir, o);
    entries.push({ value, dir: dir.slice(out.length + 1), exitCode: c });
    code = Math.max(code, c);
    if (c === 130) break;
  }
  writeFileAtomic(join(out, 'index.json'), stringify({ experiment: exp.name, preset: presetName, sweep: preset.sweep.key, runs: entries }, 2) + '\n');
  if (code === 0 && entries.length === preset.sweep.values.length) await finishSweep(exp, preset, info, out, entries, redactCommand(o.command), versions());
  return code;
}

/** The JobSpec field of --debug-numerics (absent when off, so specs without it stay as they were). */
function debugFlag(o: RunOptions): { debugNumerics?: true } {
  return o.debugNumerics === true ? { debugNumerics: true } : {};
}

function checkOut(out: string, resume: boolean): void {
  if (existsSync(out) && readdirSync(out).length > 0 && !resume) {
    throw new UsageError(`--out ${out} exists and is not empty: pass --resume to continue that run, or choose another --out`);
  }
}

async function runSingle(exp: Experiment<unknown>, info: RunInfo, config: unknown, out: string, o: RunOptions): Promise<number> {
  const configFile = join(out, 'config.json');
  const backend = usableBackend(o.backend);
  const record = { experiment: exp.name, preset: info.preset, seeds: info.seeds, methods: info.methods, config, resolutions: exp.resolutions(config), versions: versions(), command: redactCommand(o.command), backend };
  if (existsSync(configFile) && o.resume) {
    const prev = JSON.parse(readFileSync(configFile, 'utf8')) as typeof record;
    for (const k of ['experiment', 'preset', 'seeds', 'methods', 'config'] as const) {
      if (stringify(prev[k]) !== stringify(record[k])) throw new UsageError(`--resume: ${out} was started with a different ${k} (${k === 'config' ? 'see its config.json' : stringify(prev[k])}); rerun with the same arguments or another --out`);
    }
  } else {
    checkOut(out, o.resume);
    mkdirSync(out, { recursive: true });
    writeFileAtomic(configFile, stringify(record, 2) + '\n');
  }
  const specs: JobSpec[] = [];
  for (const method of info.methods) for (const seed of info.seeds) specs.push({ experiment: exp.name, config, method, seed, runDir: out, checkpointEvery: o.checkpointEvery, resume: o.resume, backend, ...debugFlag(o) });
  const progress = createProgress(specs.length);
  const stop = new Int32Array(new SharedArrayBuffer(4));
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) { progress.stop(); process.stderr.write('second Ctrl-C: exiting without waiting\n'); process.exit(130); }
    Atomics.store(stop, 0, 1);
    progress.log(o.queue !== undefined ? 'Ctrl-C: stop waiting (the jobs keep running on the workers)…' : 'Ctrl-C: saving checkpoints at the end of the current episodes… (again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  let statuses: string[];
  if (o.queue !== undefined) {
    let r;
    try {
      r = await submitAndWait(parseQueueUrl(o.queue), specs, versions()['mecrl']!, `${exp.name}/${info.preset}`, (p) => progress.update(p), (s, status) => progress.jobDone(s.method, s.seed, status), () => interrupts > 0);
    } finally {
      process.off('SIGINT', onSigint);
      progress.stop();
    }
    if (r.failed.length > 0) {
      process.stderr.write(`${r.failed.length} job(s) failed after ${ATTEMPTS} attempts:\n${r.failed.map((f) => `  ${f.id} ${f.job}: ${f.error}\n`).join('')}`);
      return 1;
    }
    if (r.statuses.includes('interrupted')) {
      process.stderr.write('interrupted: the jobs keep running on the workers; run the same command again (with --resume) to gather them\n');
      return 130;
    }
    return finishRun(exp, info, out, redactCommand(o.command), o.failOnGates);
  }
  try {
    statuses = await runPool(specs, Math.min(o.workers ?? availableParallelism(), specs.length), stop, (p) => progress.update(p), (s, status) => progress.jobDone(s.method, s.seed, status));
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
  }
  if (statuses.includes('interrupted')) {
    process.stderr.write(`interrupted: checkpoints saved under ${join(out, 'jobs')}; continue with the same command plus --resume\n`);
    return 130;
  }
  return finishRun(exp, info, out, o.command, o.failOnGates);
}

/** Aggregates finished jobs into metrics.jsonl, summary.json, plots and REPORT.md. */
export async function finishRun(exp: Experiment<unknown>, info: RunInfo, out: string, command: string, failOnGates: boolean): Promise<number> {
  const { rows, perSeed, wallSeconds, missing } = collect(out, info);
  if (missing.length > 0) throw new UsageError(`${out}: jobs not finished: ${missing.join(', ')} (continue with --resume)`);
  const rec = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { config: unknown; resolutions: Record<string, unknown>; versions: Record<string, string>; backend?: string };
  const summary = summarize(exp, info, perSeed, wallSeconds, rec.versions);
  // metrics, summary, figures and REPORT.md are written together, all or nothing (a full disk leaves the previous ones)
  const files: PendingFiles = [[join(out, 'metrics.jsonl'), metricsJsonl(rows)], [join(out, 'summary.json'), stringify(summary, 2) + '\n']];
  const plots = await renderPlots(out, exp, rows, summary, info.methods, (m) => process.stderr.write(m + '\n'), files);
  files.push([join(out, 'REPORT.md'), reportMarkdown(exp, summary, { command, resolutions: rec.resolutions, plots, configJson: stringify(rec.config, 2), backend: rec.backend ?? 'ts' })]);
  writeReportFiles(out, files);
  for (const c of summary.claims) process.stdout.write(`${c.holds === true ? 'holds    ' : c.holds === false ? 'FAILS    ' : 'undecided'} ${c.id}: ${c.evidence}\n`);
  process.stdout.write(`wrote ${join(out, 'REPORT.md')}\n`);
  const failedGates = summary.claims.filter((c) => c.gate && c.holds === false);
  if (failOnGates && failedGates.length > 0) {
    process.stderr.write(`${failedGates.length} gate(s) failed: ${failedGates.map((c) => c.id).join(', ')}\n`);
    return 1;
  }
  return 0;
}

type Msg = { kind: 'progress'; progress: JobProgress } | { kind: 'done'; status: string } | { kind: 'error'; name: string; message: string; stack?: string };

/**
 * Runs jobs on `n` worker threads, in order; returns each job's status in job order ('interrupted'
 * for a job that the stop flag kept from starting). Exported for tests.
 */
export function runPool(specs: readonly JobSpec[], n: number, stop: Int32Array, onProgress: (p: JobProgress) => void, onDone: (s: JobSpec, status: string) => void): Promise<string[]> {
  // Filled, not sparse: `map` skips holes, so a job never started would have been reported as
  // neither done nor interrupted, and Ctrl-C between two jobs exited 2 ("jobs not finished")
  // instead of 130 (found by the kill-and-resume check).
  const statuses: Array<string | undefined> = new Array<string | undefined>(specs.length).fill(undefined);
  let next = 0;
  return new Promise((resolveAll, reject) => {
    let live = 0, failed = false;
    const spawn = (): void => {
      live++;
      const w = startWorker(new URL('./jobWorker.ts', import.meta.url), { workerData: { stop: stop.buffer } });
      const feed = (): void => {
        if (failed || next >= specs.length || Atomics.load(stop, 0) !== 0) {
          void w.terminate();
          if (--live === 0 && !failed) resolveAll(statuses.map((st) => st ?? 'interrupted'));
          return;
        }
        const i = next++;
        w.on('message', function handler(m: Msg) {
          if (m.kind === 'progress') { onProgress(m.progress); return; }
          w.off('message', handler);
          if (m.kind === 'error') {
            failed = true;
            void w.terminate();
            const err = m.name === 'CheckpointError' ? new UsageError(m.message)
              : m.name === 'NonFiniteError' || m.name === 'FileWriteError' ? new RunStopped(m.name === 'FileWriteError' ? `${specs[i]!.method} seed ${specs[i]!.seed}: ${m.message} (the previous checkpoint is intact: fix the cause and rerun with --resume)` : m.message)
                : Object.assign(new Error(`${specs[i]!.method} seed ${specs[i]!.seed}: ${m.message}`), { stack: m.stack });
            reject(err);
            return;
          }
          statuses[i] = m.status;
          onDone(specs[i]!, m.status);
          feed();
        });
        w.postMessage(specs[i]);
      };
      w.once('error', (e) => { failed = true; reject(e); });
      feed();
    };
    for (let k = 0; k < n; k++) spawn();
    if (n === 0) resolveAll([]);
  });
}
