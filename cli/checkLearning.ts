// `npm run check:learning`: the long learning checks (not part of `npm test`), run through the
// same runner as every experiment (`mecrl run <task> --preset quick`), into runs/validation/.
// Collects every gate and report row into docs/validation.json and docs/validation.md, prints a
// table, and exits 1 if any gate fails (130 if interrupted).
//   MECRL_WORKERS (default: min(2, cores)); --only pendulum,cartpole,… to run a subset (docs not written);
//   --resume continues the runs under runs/validation/ (an interrupted check, or a task added since):
//   finished jobs with the same config are reused, not rerun (results are bit-identical either way).

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { EXPERIMENTS } from '../experiments/index.js';
import { writeFileAtomic } from './fs/atomic.js';
import { UsageError, runCommand } from './run.js';
import type { Summary } from './summary.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
/** The validation experiments, in report order (those registered). */
const TASKS = ['pendulum', 'cartpole', 'q-chain', 'simple-spread'].filter((t) => t in EXPERIMENTS);

interface Row {
  name: string; kind: 'gate' | 'report'; metric: string; op: '>=' | '<=' | null; threshold: number | null; value: number | null;
  seeds: number[]; steps: number | null; seconds: number;
  /** Gates: whether it passed. Reports: null (see `holds`). */
  passed: boolean | null;
  /** The claim's outcome for every row: true, false, or null (undecided / not judged). */
  holds: boolean | null;
  perSeed: readonly number[] | null; experiment: string; evidence: string;
}

function fmt(x: number | null): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 10 || x === 0 ? x.toFixed(2) : a >= 1e-2 ? x.toPrecision(3) : x.toExponential(2);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, resume: { type: 'boolean' } } });
  const only = values.only === undefined ? TASKS : values.only.split(',');
  for (const t of only) if (!TASKS.includes(t)) throw new UsageError(`--only: unknown task '${t}' (tasks: ${TASKS.join(', ')})`);
  const workers = Number(process.env['MECRL_WORKERS'] ?? Math.min(2, availableParallelism()));
  const rows: Row[] = [];
  const resumed: string[] = [];
  const t0 = Date.now();
  for (const task of only) {
    const out = join(ROOT, 'runs', 'validation', task);
    const resume = values.resume === true && existsSync(join(out, 'config.json'));
    if (!resume) rmSync(out, { recursive: true, force: true });
    else resumed.push(task);
    const command = `mecrl run ${task} --preset quick --workers ${workers} --out runs/validation/${task}${resume ? ' --resume' : ''}`;
    process.stdout.write(`\n== ${command}\n`);
    const code = await runCommand({ experiment: task, preset: 'quick', sets: [], out, workers, resume, failOnGates: false, checkpointEvery: 10, command });
    if (code !== 0) return code;
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { config: Record<string, unknown> };
    const steps = (cfg.config['steps'] ?? cfg.config['updates'] ?? null) as number | null;
    for (const c of s.claims) {
      rows.push({
        name: c.id, kind: c.gate ? 'gate' : 'report', metric: c.metric, op: (c.op as '>=' | '<=' | undefined) ?? null, threshold: c.threshold ?? null,
        value: c.value ?? null, seeds: [...s.seeds], steps, seconds: s.wallSeconds, passed: c.gate ? c.holds : null, holds: c.holds, perSeed: c.perSeed ?? null, experiment: task, evidence: c.evidence,
      });
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  process.stdout.write('\n');
  for (const r of rows) process.stdout.write(`${r.passed === null ? 'report' : r.passed ? 'PASS  ' : 'FAIL  '} ${r.name.padEnd(30)} ${fmt(r.value).padStart(10)} ${r.threshold === null ? '' : `${r.op} ${fmt(r.threshold)}`}${r.kind === 'report' ? ` (${outcome(r.holds)})` : ''}\n`);
  if (values.only === undefined) {
    writeFileAtomic(join(ROOT, 'docs', 'validation.json'), JSON.stringify(rows, null, 2) + '\n');
    writeFileAtomic(join(ROOT, 'docs', 'validation.md'), markdown(rows, seconds, workers, resumed));
    process.stdout.write('\nwrote docs/validation.json and docs/validation.md\n');
  }
  const failed = rows.filter((r) => r.passed === false);
  if (failed.length > 0) { process.stderr.write(`${failed.length} gate(s) failed: ${failed.map((r) => r.name).join(', ')}\n`); return 1; }
  return 0;
}

function outcome(holds: boolean | null): string {
  return holds === true ? 'holds' : holds === false ? 'does not hold' : 'undecided';
}

function markdown(rows: readonly Row[], seconds: number, workers: number, resumed: readonly string[]): string {
  const notes = existsSync(join(ROOT, 'docs', 'validation-notes.md')) ? readFileSync(join(ROOT, 'docs', 'validation-notes.md'), 'utf8') : '';
  return [
    '# Learning checks',
    '',
    `Written by \`npm run check:learning${resumed.length > 0 ? ' -- --resume' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${seconds.toFixed(0)} s wall time with ${workers} worker threads on a 2-core machine${resumed.length > 0 ? ` (resumed: the finished jobs of ${resumed.join(', ')} were reused from earlier runs with the same config, so this wall time excludes them; the seconds column is each task's summed job time as measured when it ran)` : ''}. Each task ran as \`mecrl run <task> --preset quick\`; its full report, plots and metrics are in \`runs/validation/<task>/\` (not committed; rerun to regenerate — the numbers are bit-identical on the same Node/V8).`,
    '',
    '| check | task | kind | metric | rule | value | per seed | job seconds | result |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.experiment} | ${r.kind} | ${r.metric} | ${r.threshold === null ? '—' : `${r.op} ${fmt(r.threshold)}`} | ${fmt(r.value)} | ${r.perSeed === null ? '—' : r.perSeed.map(fmt).join(', ')} | ${r.seconds.toFixed(0)} | ${r.kind === 'gate' ? (r.passed === true ? 'yes' : r.passed === false ? '**NO**' : 'not judged') : `${outcome(r.holds)} (report)`} |`),
    '',
    '## Evidence',
    '',
    ...rows.map((r) => `- \`${r.name}\`: ${r.evidence}`),
    '',
    notes,
  ].join('\n');
}

main().then((c) => { process.exitCode = c; }, (e: unknown) => {
  if (e instanceof UsageError) { process.stderr.write(`check:learning: ${e.message}\n`); process.exitCode = 2; return; }
  process.stderr.write(`check:learning crashed: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
