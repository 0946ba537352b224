// `npm run check:reliability` (issue 20): runs every reliability check at full size and writes
// docs/reliability.md and docs/reliability.json — one row per check: name, trials, failures,
// seconds, and the command that reruns it. Long; not part of `npm test` (which runs a fast variant
// of each check, test/reliability/*.test.ts).
//
//   npm run check:reliability                      every check, full size
//   npm run check:reliability -- --list            the rows: name, full-size trials, what each checks
//   npm run check:reliability -- --scale 0.05      every check at 5% of its trials (a smoke run)
//   npm run check:reliability -- --only nan-tracing    one check (a name matches exactly)
//   npm run check:reliability -- --only env-fuzz   every check whose name starts with 'env-fuzz'
//                                                  (--only repeatable; a name that is a check's exact
//                                                  name selects that check only: --only disk-faults
//                                                  is the job check without disk-faults/report)
//   --no-write                                     print the table only (docs/ untouched)
//   --merge                                        with --only at full size: replace those rows in the
//                                                  existing docs/reliability.json and keep the others
//                                                  (each row says when and at which commit it ran)
//
// The rows (one per check; --list prints them with their descriptions): env-fuzz/<env>/{valid,
// invalid-config,invalid-action} per registered env, cli-fuzz…, hostile-checkpoints…,
// hostile-policies…, kill-resume…, disk-faults (checkpoint writes of a job), disk-faults/report
// (report, summary, metrics and plot writes; --publish), nan-tracing (--debug-numerics reports),
// long-run (heap slope and progress lines of a 20-minute run).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../cli/fs/atomic.js';
import { parseArgs } from 'node:util';
import { ENV_REGISTRY } from './envRegistry.js';
import { fuzzInvalidActions, fuzzInvalidConfigs, fuzzValidEnv, type FuzzResult } from './fuzzEnv.js';
import { CHECKS_CLI } from './fuzzCli.js';
import { CHECKS_CHECKPOINTS } from './hostileCheckpoints.js';
import { CHECKS_POLICIES } from './hostilePolicies.js';
import { CHECKS_KILL } from './killResume.js';
import { CHECKS_DISK } from './diskFaults.js';
import { CHECKS_LONG } from './longRun.js';
import { CHECKS_NAN } from './nanTracing.js';

export interface Check {
  readonly name: string;
  readonly description: string;
  /** Full-size trials. */
  readonly trials: number;
  run(trials: number): FuzzResult | Promise<FuzzResult>;
}

const SEED = 20;
const ENV_TRIALS = 10_000;

const CHECKS: readonly Check[] = [
  ...ENV_REGISTRY.flatMap((e): Check[] => [
    { name: `env-fuzz/${e.id}/valid`, description: `${e.id}: random valid configs × ${e.steps}-step action sequences; no crash, every observation, reward and info number finite, observations inside their space`, trials: ENV_TRIALS, run: (n) => fuzzValidEnv(e, n, SEED) },
    { name: `env-fuzz/${e.id}/invalid-config`, description: `${e.id}: random invalid configs (wrong types, non-finite, bad elements, out of range, unknown/__proto__ keys); each rejected naming the field and its allowed range`, trials: ENV_TRIALS, run: (n) => fuzzInvalidConfigs(e, n, SEED) },
    { name: `env-fuzz/${e.id}/invalid-action`, description: `${e.id}: random invalid actions (NaN, ±Infinity, out of bounds, wrong length/type, missing/unknown/__proto__ agents); each rejected naming the agent and bound, state unchanged`, trials: ENV_TRIALS, run: (n) => fuzzInvalidActions(e, n, SEED) },
  ]),
  ...CHECKS_CLI,
  ...CHECKS_CHECKPOINTS,
  ...CHECKS_POLICIES,
  ...CHECKS_KILL,
  ...CHECKS_DISK,
  ...CHECKS_NAN,
  ...CHECKS_LONG,
];

/** What the checks found when they were built (issue 20), each fixed with a regression test under test/reliability/. */
const DEFECTS: readonly string[] = [
  'backscatter: a user position within ~1e-100 m of the AP passed validation and the path-loss gain overflowed to Infinity (non-finite observations, then a crash in scaleComplexVector); users must now be ≥ 1 mm from the AP (env fuzz).',
  "CLI: `--set 'env={\"__proto__\":…}'` (and 'constructor'/'prototype' keys at any depth) was accepted; mergeConfig followed inherited keys ('constructor' in {}) and an own '__proto__' key could replace a merged object's prototype. Reserved keys are now rejected by name (CLI fuzz).",
  "CLI: `mecrl run toString` / `--preset constructor` found Object.prototype members and crashed with a stack trace; experiments and presets are looked up as own keys (CLI fuzz).",
  'CLI: usage errors echoed control characters (a newline or U+2028 inside --seeds/--set) and so were not one line; they are escaped now, and JSON nested deeper than 32 levels is a usage error instead of a stack overflow (CLI fuzz).',
  'Checkpoints: array file names were joined unchecked (../ or absolute paths read files outside the folder), symbolic links were followed, extra or unused arrays and unlisted files were ignored, a \'__proto__\' key in the state reached joinState, and the manifest itself had no checksum (a flipped bit in its JSON — episode, rows, hyper-parameters — loaded silently). Now rejected; manifest.fnv1a (format version 2) checksums the manifest (hostile checkpoints).',
  'Checkpoints: a checkpoint that did not fit the learner (wrong shapes, another method relabelled) crashed with a stack trace (exit 1); it is now a CheckpointError (exit 2) naming the checkpoint (hostile checkpoints).',
  'policy.json: a flipped bit outside the weights (metadata, decoding low/high, …) loaded silently; savePolicy now writes an optional document crc32 that loadPolicy checks (hostile policy files).',
  'Disk faults: a failed write crashed with a stack trace and no file name in the first line; writes now fail with `cannot write <path>: <cause>` and the run stops with one line (disk faults).',
  'Disk faults in reports: metrics.jsonl, summary.json, the plots and REPORT.md were written one by one, so a failed write left a mix of new and old report files, and `--publish` deleted the previous publication before copying (a failed copy left it half written; its errors were reported as bad input, exit 2). The report files are now written all or nothing (every temporary first, then the renames), a publication is staged and swapped in, and the error names the file with one line, exit 1 (disk faults/report).',
  'Disk faults: when a write failed because a parent folder was a file, removing the temporary file threw ENOTDIR from the cleanup and the CLI crashed with a stack trace instead of naming the file; cleanup errors are now ignored so the write error is the one reported (disk faults/report).',
  'Non-finite training: a NaN actor output reached the env (which rejected the action with a crash and a stack trace), a NaN reward or observation crashed in the replay buffer, a NaN loss went unnoticed until the next checkpoint, and the stop message did not name the experiment. Now the action map, the replay buffer and the per-update loss check raise a NumericsError that stops the job with one line naming experiment, method, seed and episode; with --debug-numerics the first op that produces or receives the value is named (NaN tracing).',
  "reliability's own backscatter registry: the bad value userPositions = [[0, -1e-5]] is valid when distanceScale >= 100 (the fuzz draws up to 1e3), so the first full run reported 4 false failures; it is [[0, -1e-7]] now (full check, 2026-12-05).",
  'CLI: Ctrl-C (SIGINT) landing between two jobs (after a worker finished one, before it took the next) exited 2 with "jobs not finished … (continue with --resume)" instead of 130: the pool kept job statuses in a sparse array and Array.prototype.map skips holes, so never-started jobs were neither done nor interrupted. Statuses are filled now (kill-and-resume, 2 of 100 trials in the idle rerun; test/cli/runPool.test.ts).',
];

interface Row { name: string; description: string; trials: number; failures: number; seconds: number; command: string; examples: readonly string[]; date?: string; commit?: string }

function headCommit(): string {
  try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { return 'unknown'; }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { scale: { type: 'string' }, only: { type: 'string', multiple: true }, 'no-write': { type: 'boolean' }, list: { type: 'boolean' }, merge: { type: 'boolean' } } });
  if (values.list === true) {
    for (const c of CHECKS) process.stdout.write(`${c.name} (${c.trials} trials)\n    ${c.description}\n    rerun: npm run check:reliability -- --only ${c.name}\n`);
    return 0;
  }
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0 && scale <= 1)) { process.stderr.write(`check:reliability: --scale must be a number in (0, 1], got '${values.scale}'\n`); return 2; }
  const only = values.only ?? [];
  const chosen = CHECKS.filter((c) => only.length === 0 || only.some((o) => (CHECKS.some((x) => x.name === o) ? c.name === o : c.name.startsWith(o))));
  if (chosen.length === 0) { process.stderr.write(`check:reliability: no check matches ${only.join(', ')} (checks: ${CHECKS.map((c) => c.name).join(', ')})\n`); return 2; }
  const merge = values.merge === true;
  if (merge && (only.length === 0 || scale !== 1)) { process.stderr.write('check:reliability: --merge needs --only and full size (no --scale)\n'); return 2; }
  const date = new Date().toISOString().slice(0, 10);
  const commit = headCommit();
  const rows: Row[] = [];
  for (const c of chosen) {
    const n = Math.max(1, Math.round(c.trials * scale));
    const t0 = process.hrtime.bigint();
    const r = await c.run(n);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    rows.push({ name: c.name, description: c.description, trials: c.name === 'long-run' ? n : r.trials, failures: r.failures, seconds: Math.round(seconds * 10) / 10, command: `npm run check:reliability -- --only ${c.name}`, examples: r.examples, date, commit });
    process.stdout.write(`${r.failures === 0 ? 'ok  ' : 'FAIL'} ${c.name}: ${r.trials} trials, ${r.failures} failures, ${seconds.toFixed(1)} s\n`);
    for (const x of r.examples.slice(0, 3)) process.stdout.write(`       ${x}\n`);
    if (c.name === 'long-run') rows.at(-1)!.description += ` — measured: ${r.examples[0] ?? ''}`;
  }
  let partial = scale !== 1 || only.length > 0;
  if (merge) {
    // the earlier full-size rows, with this run's rows in place of theirs, in the checks' order
    const prev = existsSync('docs/reliability.json') ? (JSON.parse(readFileSync('docs/reliability.json', 'utf8')) as { partial: boolean; scale: number; rows: Row[] }) : { partial: true, scale: 1, rows: [] };
    if (prev.scale !== 1) { process.stderr.write('check:reliability: --merge: docs/reliability.json is not a full-size run\n'); return 2; }
    const byName = new Map(prev.rows.map((r) => [r.name, r]));
    for (const r of rows) byName.set(r.name, r);
    const merged = CHECKS.map((c) => byName.get(c.name)).filter((r): r is Row => r !== undefined);
    partial = merged.length < CHECKS.length;
    rows.splice(0, rows.length, ...merged);
  }
  if (values['no-write'] !== true) {
    const head = partial ? `> Partial run (--scale ${scale}${only.length > 0 ? `, --only ${only.join(' ')}` : ''}): not the full figures.\n\n` : '';
    const md = `# Reliability, measured\n\nWritten by \`npm run check:reliability\` (issue 20). One row per check; rerun one with its command.\n${head ? '\n' + head : '\n'}` +
      `| check | trials | failures | seconds | what it checks |\n|---|---:|---:|---:|---|\n` +
      rows.map((r) => `| \`${r.name}\` | ${r.trials} | ${r.failures} | ${r.seconds} | ${r.description} |`).join('\n') + '\n\n' +
      `Measured: ${[...new Set(rows.map((r) => `${r.date ?? '?'} at ${r.commit ?? '?'}`))].join('; ')} (date and commit per row in docs/reliability.json).\n\n` +
      `Rerun a row: \`npm run check:reliability -- --only <check>\`.\n\n` +
      `## Defects the checks found (fixed, each with a regression test in test/reliability/)\n\n${DEFECTS.map((d) => `- ${d}`).join('\n')}\n` +
      (rows.some((r) => r.failures > 0) ? `\n## Failures\n\n${rows.filter((r) => r.failures > 0).map((r) => `- \`${r.name}\`:\n${r.examples.map((x) => `  - ${x}`).join('\n')}`).join('\n')}\n` : '');
    writeFileAtomic('docs/reliability.md', md);
    writeFileAtomic('docs/reliability.json', JSON.stringify({ partial, scale, rows: rows.map(({ examples, ...r }) => ({ ...r, examples })) }, null, 2) + '\n');
    process.stdout.write('wrote docs/reliability.md and docs/reliability.json\n');
  }
  return rows.some((r) => r.failures > 0) ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => { process.stderr.write(`check:reliability crashed: ${(e as Error).stack ?? String(e)}\n`); process.exitCode = 1; });
