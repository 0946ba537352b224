// The `mecrl` command (Node-only): list, run, eval, report. See `mecrl --help`.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXPERIMENTS } from '../experiments/index.js';
import type { MetricRow } from '../experiments/types.js';
import { describe } from '../experiments/stats.js';
import { FileWriteError, writeReportFiles } from './fs/atomic.js';
import { CheckpointError, readCheckpoint } from './fs/checkpointFiles.js';
import { jobDir, rowToJson } from './job.js';
import { stringify } from './jsonl.js';
import { RunStopped, UsageError, finishRun, intOption, lookupExperiment, parseCliArgs, runCommand, runOptionsFrom, versions } from './run.js';
import type { RunInfo } from './summary.js';
import { printPolicies } from './printPolicy.js';
import { finishSweep, readSweepIndex } from './sweep.js';
import { publishRun } from './publish.js';
import { parseQueueUrl } from './queue/connection.js';
import { queueStatus, runWorker } from './queue/jobs.js';
import { federatedCommand } from './queue/federatedRun.js';

const HELP: Record<string, string> = {
  main: `mecrl — reproduce MEC reinforcement-learning papers, deterministically.

Usage: mecrl <command> [options]

Commands:
  list                      experiments, their presets and methods
  run <experiment>          train and evaluate every method on every seed; write a report
  eval <run-dir>            re-evaluate the saved policies of a finished run
  report <run-dir>          rebuild summary, plots and REPORT.md from a run's saved metrics
  federated <experiment>    federated rounds whose clients train in 'mecrl worker's (Redis)
  worker --queue URL        run queued jobs and federated clients from Redis (several machines)
  queue status URL          the queue's waiting/active/failed jobs

'mecrl <command> --help' for a command's options.`,
  list: `Usage: mecrl list

Lists every experiment with its presets (default marked *), methods and default seeds.`,
  run: `Usage: mecrl run <experiment> [options]

Options:
  --preset NAME          preset (default: the experiment's, usually 'quick')
  --seeds 1,2,3          seeds (default: the preset's or experiment's)
  --methods a,b          methods to run (default: all)
  --set key=<JSON>       override a config field (dotted path; repeatable), e.g. --set train.episodes=200,
                         --set init=pytorch (a bare word is a string), --set hiddenSizes='[64,64]'
  --out DIR              output folder (default runs/<experiment>-<preset>); must be empty unless --resume
  --workers N            jobs in parallel on worker threads (default: the number of cores, capped at the
                         number of jobs); results are identical for any N
  --resume               continue an interrupted run in --out from its last checkpoints
  --checkpoint-every N   checkpoint every N training episodes (default 10; 0 = never)
  --fail-on-gates        exit 1 when a validation gate fails
  --dry-run              resolve and validate everything, print the config (each sweep value's), run nothing
  --backend ts|wasm      kernel backend (default wasm where WebAssembly SIMD runs, else ts): wasm =
                         WebAssembly-SIMD kernels, bit-identical results to ts, faster; recorded in config.json
  --debug-numerics       trace every tensor op and stop at the first NaN/Infinity an op produces or
                         receives (or a replay buffer receives), naming the op, its shapes, forward or
                         backward, and the network (e.g. agent[0].critic.layers.1); slower, same results
  --queue redis://H:P    run the jobs on 'mecrl worker's through Redis (several machines) and gather
                         the results here; password from MECRL_REDIS_PASSWORD(_FILE), never the URL

Exit codes: 0 finished (whatever the claims say), 1 crash, stop (a file could not be written; training
went non-finite) or failed gate (with --fail-on-gates),
2 bad input, config or checkpoint, 130 interrupted after saving checkpoints.`,
  eval: `Usage: mecrl eval <run-dir> [--episodes N] [--print-policy]

--print-policy prints the saved policies as text instead (iot-multi-rat: state bits → action).

Re-evaluates the saved policies (jobs/*/policy) on N evaluation episodes (default: the run's
config) and writes <run-dir>/eval/metrics.jsonl and <run-dir>/eval/summary.json.`,
  report: `Usage: mecrl report <run-dir> [--publish DIR]

Rebuilds metrics.jsonl, summary.json, plots/ and REPORT.md from the run's saved job results
(jobs/*/result.json and rows.jsonl). On a sweep folder (index.json): every value's report, then the
summary, figures and claims across the values. The jobs' result.json and rows.jsonl are all it needs:
a long run can be committed job by job (never checkpoints) and assembled here.

  --publish DIR   then copy exactly the publishable set into DIR (replacing it): REPORT.md,
                  summary.json and plots/*.svg (and each sweep value's, in its sub-folder); no
                  checkpoints, job files, metrics.jsonl or PNGs. Used for docs/reproductions.`,

  worker: `Usage: mecrl worker --queue redis://host:port [--concurrency N]

Runs queued jobs (from 'mecrl run … --queue URL' on any machine) with the same job code as the
in-process runner, N at a time (default 1), until Ctrl-C/SIGTERM. The Redis password comes from
MECRL_REDIS_PASSWORD or the file named by MECRL_REDIS_PASSWORD_FILE. A job submitted by another
mecrl version is refused. Checkpoints go to Redis, so a job a dead worker held resumes elsewhere.
It also runs the client jobs of 'mecrl federated' (one community each, N at a time), which need
the run's HMAC key in MECRL_HMAC_KEY or MECRL_HMAC_KEY_FILE.`,
  federated: `Usage: mecrl federated <experiment> --queue redis://host:port [options]

Runs a federated method with each client (smart-community: each community) training in its own
'mecrl worker' process, on any machine, and writes the run folder 'mecrl run' would write for the
same preset, methods and seeds (identical metrics.jsonl and summary.json apart from wall times),
plus transport.jsonl (the bytes actually sent per round) and a Transport section in REPORT.md.
Policy 'wait': a round waits for every client; a client whose worker dies is taken over by another
worker and resumes from its signed snapshot in Redis, so the results do not change.

Options:
  --methods a,b          federated methods (smart-community: pfr-oa, mcf-td3), run one after another
  --preset NAME, --seeds 1,2, --set key=<JSON>, --out DIR, --backend ts|wasm   as for 'mecrl run'
  --snapshot-every K     clients store their state in Redis every K rounds (default 1; a restarted
                         client re-trains at most K − 1 rounds)

Secrets: the Redis password from MECRL_REDIS_PASSWORD(_FILE); the per-run HMAC key (>= 16
characters) from MECRL_HMAC_KEY(_FILE), the same on the coordinator and every worker.`,
  queue: `Usage: mecrl queue status redis://host:port

Counts of waiting/active/delayed/completed/failed jobs, then every waiting, active, delayed and
failed job with its id, run, progress and (failed) error; then the federated client jobs the same way.`,
};

function readRunRecord(dir: string): { exp: ReturnType<typeof lookupExperiment>; info: RunInfo; config: unknown; command: string } {
  const f = join(dir, 'config.json');
  if (!existsSync(f)) throw new UsageError(`${dir} is not a run folder (no config.json)`);
  let rec: { experiment: string; preset: string; seeds: number[]; methods: string[]; config: unknown; command: string };
  try { rec = JSON.parse(readFileSync(f, 'utf8')); } catch (e) { throw new UsageError(`${f}: not valid JSON (${(e as Error).message})`); }
  const exp = lookupExperiment(rec.experiment);
  const preset = exp.presets[rec.preset];
  return { exp, info: { experiment: rec.experiment, preset: rec.preset, seeds: rec.seeds, methods: rec.methods, judgeClaims: preset?.judgeClaims !== false }, config: rec.config, command: rec.command };
}

/** `mecrl report <sweep-dir>`: rebuilds every value's report, then the summary across the values. */
async function reportSweep(dir: string, index: NonNullable<ReturnType<typeof readSweepIndex>>): Promise<number> {
  let code = 0, command = '', info: RunInfo | null = null;
  for (const e of index.runs) {
    const r = readRunRecord(join(dir, e.dir));
    info = r.info;
    command = r.command;
    code = Math.max(code, await finishRun(r.exp, r.info, join(dir, e.dir), r.command, false));
  }
  const exp = lookupExperiment(index.experiment);
  const preset = exp.presets[index.preset];
  if (preset?.sweep === undefined || info === null) throw new UsageError(`${dir}: index.json names preset '${index.preset}', which is not a sweep of ${exp.name}`);
  await finishSweep(exp, preset, info, dir, index.runs, command, versions());
  return code;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') { process.stdout.write(HELP['main'] + '\n'); return cmd === undefined ? 2 : 0; }
  if (!(cmd in HELP) || cmd === 'main') throw new UsageError(`unknown command '${cmd}' (commands: list, run, eval, report, federated, worker, queue; see mecrl --help)`);
  if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(HELP[cmd] + '\n'); return 0; }
  const command = ['mecrl', ...argv].map((a) => (/^[\w./,=:@+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
  if (cmd === 'list') {
    for (const exp of Object.values(EXPERIMENTS)) {
      process.stdout.write(`${exp.name} — ${exp.title}\n  presets: ${Object.entries(exp.presets).map(([k, p]) => `${k}${k === exp.defaultPreset ? '*' : ''} (${p.description})`).join('; ')}\n  methods: ${exp.methods.map((m) => m.id).join(', ')}\n  default seeds: ${exp.defaultSeeds.join(', ')}\n`);
    }
    return 0;
  }
  const { values: v, positionals } = parseCliArgs(cmd, rest);
  const intOpt = intOption;
  if (cmd === 'worker') {
    if (v.queue === undefined || positionals.length > 0) throw new UsageError('mecrl worker takes --queue redis://host:port and no other argument (see mecrl worker --help)');
    return runWorker(parseQueueUrl(v.queue), v.queue, versions()['mecrl']!, intOpt('concurrency', v.concurrency, 1, 1), (l) => process.stderr.write(l + '\n'));
  }
  if (cmd === 'queue') {
    if (positionals.length !== 2 || positionals[0] !== 'status') throw new UsageError('usage: mecrl queue status redis://host:port');
    return queueStatus(parseQueueUrl(positionals[1]!), positionals[1]!, (t) => process.stdout.write(t));
  }
  if (positionals.length !== 1) throw new UsageError(`mecrl ${cmd} takes exactly one ${cmd === 'run' || cmd === 'federated' ? 'experiment name' : 'run folder'} (see mecrl ${cmd} --help)`);
  const target = positionals[0]!;
  if (cmd === 'run') return runCommand(runOptionsFrom(v, target, command));
  if (cmd === 'federated') return federatedCommand({ ...runOptionsFrom(v, target, command), snapshotEvery: intOpt('snapshot-every', v['snapshot-every'], 1, 1) });
  const dir = resolve(target);
  if (cmd === 'report') {
    const sweep = readSweepIndex(dir);
    let code: number;
    if (sweep !== null && !existsSync(join(dir, 'config.json'))) code = await reportSweep(dir, sweep);
    else {
      const r = readRunRecord(dir);
      code = await finishRun(r.exp, r.info, dir, r.command, false);
    }
    if (v.publish !== undefined) {
      let files: string[];
      try { files = publishRun(dir, resolve(v.publish)); } catch (e) { throw e instanceof FileWriteError ? e : new UsageError((e as Error).message); }
      process.stdout.write(`published ${files.length} files to ${resolve(v.publish)}\n`);
    }
    return code;
  }
  const { exp, info, config } = readRunRecord(dir);
  // eval
  if (v['print-policy'] === true) return printPolicies(exp, dir, config, info.methods, info.seeds, (t) => process.stdout.write(t));
  if (exp.evaluatePolicy === undefined) throw new UsageError(`${exp.name} has no saved policies to re-evaluate`);
  const resolved = exp.resolveConfig(config as Record<string, unknown>);
  const episodes = intOpt('episodes', v.episodes, 10, 1);
  const rows: MetricRow[] = [];
  const perSeed: Record<string, Record<string, number[]>> = {};
  for (const m of info.methods) {
    perSeed[m] = {};
    for (const seed of info.seeds) {
      const pdir = join(jobDir(dir, m, seed), 'policy');
      let policy;
      if (existsSync(pdir)) {
        try { policy = readCheckpoint(pdir).state; } catch (e) { throw new UsageError((e as CheckpointError).message); }
      } else if (!existsSync(join(jobDir(dir, m, seed), 'result.json'))) {
        throw new UsageError(`${m} seed ${seed} has not finished in ${dir} (continue it with mecrl run … --resume)`);
      }
      const metrics = exp.evaluatePolicy(resolved, m, seed, policy, episodes, (r) => rows.push(r));
      for (const [k, x] of Object.entries(metrics)) (perSeed[m]![k] ??= []).push(x);
    }
  }
  const summary = { experiment: exp.name, preset: info.preset, seeds: info.seeds, episodes, methods: Object.fromEntries(info.methods.map((m) => [m, Object.fromEntries(Object.keys(perSeed[m]!).sort().map((k) => [k, describe(perSeed[m]![k]!)]))])), versions: versions() };
  writeReportFiles(join(dir, 'eval'), [[join(dir, 'eval', 'metrics.jsonl'), rows.map((r) => rowToJson(r) + '\n').join('')], [join(dir, 'eval', 'summary.json'), stringify(summary, 2) + '\n']], `mecrl eval ${dir}`);
  process.stdout.write(`wrote ${join(dir, 'eval', 'summary.json')}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError) { process.stderr.write(`mecrl: ${e.message}\n`); process.exitCode = 2; return; }
    if (e instanceof RunStopped || (e as Error).name === 'FileWriteError') { process.stderr.write(`mecrl: stopped: ${(e as Error).message}\n`); process.exitCode = 1; return; }
    process.stderr.write(`mecrl: crashed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);

