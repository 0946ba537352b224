// `npm run check:learning`: the long learning checks (not part of `npm test`). Runs every
// validation job on worker threads (one per core, at most 2 by default: MECRL_WORKERS), collects
// the results in job order (so the output does not depend on scheduling), prints a table, writes
// docs/validation.json and docs/validation.md, and exits 1 if any gate fails.
//   node --import tsx cli/checkLearning.ts [--only ddpg,td3,dqn,qlearning]

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from './fs/atomic.js';
import { startWorker } from './workers.js';
import { CARTPOLE_DQN, PENDULUM, type SeedResult } from '../experiments/classic/index.js';
import type { Job, JobResult } from './checkLearningWorker.js';

const ROOT = resolve(new URL('.', import.meta.url).pathname, '..');
const SEEDS = [1, 2, 3];

interface Row {
  name: string;
  kind: 'gate' | 'report';
  metric: string;
  op: '>=' | '<=';
  threshold: number | null;
  value: number;
  seeds: number[];
  steps: number;
  seconds: number;
  passed: boolean | null;
  perSeed: number[];
  note: string;
}

function jobsFor(groups: Set<string>): Job[] {
  const jobs: Job[] = [];
  for (const algo of ['ddpg', 'td3'] as const) if (groups.has(algo)) for (const seed of SEEDS) jobs.push({ kind: 'pendulum', algo, seed });
  if (groups.has('dqn')) for (const seed of SEEDS) jobs.push({ kind: 'cartpole', seed });
  if (groups.has('qlearning')) for (const objective of ['maximize-reward', 'minimize-cost'] as const) for (const seed of SEEDS) jobs.push({ kind: 'qchain', objective, seed });
  return jobs;
}

async function runAll(jobs: Job[], workers: number): Promise<JobResult[]> {
  const results: JobResult[] = new Array(jobs.length);
  let next = 0, done = 0;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, () => new Promise<void>((resolveAll, reject) => {
    const w = startWorker(new URL('./checkLearningWorker.ts', import.meta.url));
    const feed = (): void => {
      if (next >= jobs.length) { void w.terminate(); resolveAll(); return; }
      const i = next++;
      w.once('message', (r: JobResult) => {
        results[i] = r;
        done++;
        console.log(`[${done}/${jobs.length}] ${describe(jobs[i]!)}: ${summary(r)} (${r.seconds.toFixed(0)} s; ${((Date.now() - t0) / 1000).toFixed(0)} s elapsed)`);
        feed();
      });
      w.postMessage(jobs[i]);
    };
    w.once('error', reject);
    feed();
  })));
  return results;
}

function describe(j: Job): string {
  return j.kind === 'pendulum' ? `${j.algo} Pendulum-v1 seed ${j.seed}` : j.kind === 'cartpole' ? `dqn CartPole-v1 seed ${j.seed}` : `q-learning chain (${j.objective}) seed ${j.seed}`;
}

function summary(r: JobResult): string {
  return 'evalMean' in r ? `eval return ${r.evalMean.toFixed(1)}` : `max |Q − Q*| ${r.maxError.toExponential(2)}`;
}

const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
const judge = (value: number, op: '>=' | '<=', t: number): boolean => (op === '>=' ? value >= t : value <= t);

function rows(jobs: Job[], results: JobResult[]): Row[] {
  const out: Row[] = [];
  const pick = (f: (j: Job) => boolean): JobResult[] => results.filter((_, i) => f(jobs[i]!));
  const gate = (name: string, metric: string, op: '>=' | '<=', threshold: number, value: number, rs: JobResult[], perSeed: number[], note: string, steps: number): Row =>
    ({ name, kind: 'gate', metric, op, threshold, value, seeds: rs.map((r) => r.seed), steps, seconds: rs.reduce((s, r) => s + r.seconds, 0), passed: judge(value, op, threshold), perSeed, note });
  for (const algo of ['ddpg', 'td3'] as const) {
    const rs = pick((j) => j.kind === 'pendulum' && j.algo === algo) as SeedResult[];
    if (rs.length === 0) continue;
    const ev = rs.map((r) => r.evalMean);
    const note = `hidden [64, 64], batch 128; zoo settings otherwise (γ 0.98, lr 1e-3, warm-up 10 000, noise 0.1). RL Zoo reports about −152 ± 94 at 20 000 steps.`;
    out.push(gate(`${algo}-pendulum-mean`, 'mean over seeds of the final evaluation return (10 deterministic episodes)', '>=', -250, mean(ev), rs, ev, note, PENDULUM.steps));
    out.push(gate(`${algo}-pendulum-worst`, 'worst seed\'s final evaluation return (10 deterministic episodes)', '>=', -400, Math.min(...ev), rs, ev, note, PENDULUM.steps));
  }
  const dq = pick((j) => j.kind === 'cartpole') as SeedResult[];
  if (dq.length > 0) {
    const ev = dq.map((r) => r.evalMean);
    const note = 'RL Zoo "Almost Tuned" CartPole-v1 settings ([256, 256], lr 2.3e-3, train_freq 256, gradient_steps 128); the zoo reports 500 at 50 000 steps.';
    out.push(gate('dqn-cartpole-seeds-solved', 'number of seeds whose mean evaluation return (10 episodes) is >= 475', '>=', 2, ev.filter((v) => v >= 475).length, dq, ev, note, CARTPOLE_DQN.steps));
    out.push({ ...gate('dqn-cartpole-mean', 'mean over seeds of the final evaluation return', '>=', 0, mean(ev), dq, ev, note, CARTPOLE_DQN.steps), kind: 'report', threshold: null, passed: null });
  }
  for (const objective of ['maximize-reward', 'minimize-cost'] as const) {
    const rs = pick((j) => j.kind === 'qchain' && j.objective === objective) as Array<JobResult & { maxError: number; updates: number }>;
    if (rs.length === 0) continue;
    const errs = rs.map((r) => r.maxError);
    out.push(gate(`qlearning-chain-${objective === 'maximize-reward' ? 'reward' : 'cost'}`, 'worst seed\'s max |Q − Q*| over all state-action pairs (Q* by exact value iteration)', '<=', 1e-3, Math.max(...errs), rs, errs,
      'slippery 4-state chain (slip 0.1, γ 0.9), uniform behaviour policy, geometric α decay (paper 4 eq. 36)', rs[0]!.updates));
  }
  return out;
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e-2 || x === 0 ? x.toFixed(2) : x.toExponential(2);
}

function markdown(rs: Row[], seconds: number, command: string): string {
  const lines = [
    '# Learning checks',
    '',
    `Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)} (${seconds.toFixed(0)} s wall time on this machine, ${Math.min(2, availableParallelism())} worker threads). Seeds ${SEEDS.join(', ')}; every number is a final evaluation of the deterministic policy. Rerun with the same command: the numbers are bit-identical on the same Node/V8.`,
    '',
    '| check | kind | metric | rule | value | per seed | passed |',
    '|---|---|---|---|---|---|---|',
    ...rs.map((r) => `| ${r.name} | ${r.kind} | ${r.metric} | ${r.threshold === null ? '—' : `${r.op} ${fmt(r.threshold)}`} | ${fmt(r.value)} | ${r.perSeed.map(fmt).join(', ')} | ${r.passed === null ? '—' : r.passed ? 'yes' : '**NO**'} |`),
    '',
    '## Settings',
    '',
    '- **Pendulum-v1 (DDPG, TD3)**: RL Baselines3 Zoo `Pendulum-v1` settings (γ 0.98, learning rate 1e-3 for actor and critic, buffer 200 000, 10 000 random warm-up steps, one update round per 200-step episode with 200 gradient steps, Gaussian exploration σ = 0.1 of the half-range, 20 000 steps), SB3 defaults for τ = 0.005 and TD3\'s policy delay 2, target noise 0.2 clipped at 0.5. **Changed for the time budget:** networks [64, 64] (zoo: [400, 300]) and batch 128 (SB3: 256). DDPG has no L2 critic decay here (as SB3).',
    '- **CartPole-v1 (DQN)**: RL Baselines3 Zoo "Almost Tuned" settings: [256, 256], Adam 2.3e-3, batch 64, buffer 100 000, 1 000 warm-up steps, 128 gradient steps every 256 env steps, target copy once per burst (SB3: every 10 env steps, which is the same), ε 1 → 0.04 over 8 000 steps, Huber loss, gradient-norm clip 10, not double.',
    '- **Q-learning**: a slippery 4-state chain (each move goes the other way with probability 0.1; γ = 0.9), once with a goal reward and once with a per-step cost of 0.25 (arg-min), uniform behaviour policy, α decaying geometrically from 0.5 (paper 4, eq. 36). Q* is the exact Bellman fixed point.',
    '',
    'Notes per row:',
    '',
    ...rs.map((r) => `- \`${r.name}\`: ${r.note}`),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const all = ['ddpg', 'td3', 'dqn', 'qlearning'];
  const groups = new Set(values.only === undefined ? all : values.only.split(','));
  for (const g of groups) if (!all.includes(g)) { console.error(`--only: unknown group '${g}' (allowed: ${all.join(', ')})`); process.exit(2); }
  const workers = Number(process.env['MECRL_WORKERS'] ?? Math.min(2, availableParallelism()));
  const jobs = jobsFor(groups);
  console.log(`${jobs.length} jobs on ${workers} worker threads`);
  const t0 = Date.now();
  const results = await runAll(jobs, workers);
  const rs = rows(jobs, results);
  const seconds = (Date.now() - t0) / 1000;
  console.log('');
  for (const r of rs) console.log(`${r.passed === null ? 'report' : r.passed ? 'PASS  ' : 'FAIL  '} ${r.name.padEnd(30)} ${fmt(r.value).padStart(10)} ${r.threshold === null ? '' : `${r.op} ${fmt(r.threshold)}`}  [${r.perSeed.map(fmt).join(', ')}]`);
  if (values.only === undefined) {
    writeFileAtomic(resolve(ROOT, 'docs', 'validation.json'), JSON.stringify(rs, null, 2) + '\n');
    writeFileAtomic(resolve(ROOT, 'docs', 'validation.md'), markdown(rs, seconds, 'npm run check:learning'));
    console.log('\nwrote docs/validation.json and docs/validation.md');
  } else {
    console.log('\n(--only: docs/validation.* not written)');
  }
  const failed = rs.filter((r) => r.passed === false);
  if (failed.length > 0) {
    console.error(`${failed.length} gate(s) failed: ${failed.map((r) => r.name).join(', ')}`);
    process.exit(1);
  }
}

await main();
