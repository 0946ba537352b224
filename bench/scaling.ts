// `npm run bench:scaling`: the cost of one training step vs the number of agents N ∈ {2, 4, 8, 16},
// for MADDPG (every critic sees all N observations and actions, so its input grows with N) and for
// independent learners (IDDPG: N single-agent DDPGs, each critic on its own observation and action).
//
// Fixed per agent: observation 18 and action 5 (simple_spread's per-agent sizes at N = 3), two hidden
// layers of 64 ReLU units, continuous sigmoid actions, batch 256, Adam, τ 0.01, clip 0.5, through
// the public learners (`maddpgLearner(new Maddpg(…))`, `iddpgLearner(Ddpg[])`) on batches sampled
// from a joint replay buffer of random transitions. One "step" = one `learner.update(batch)` = one
// gradient step of every agent (MADDPG: target actions once + N agent steps; IDDPG: N DDPG steps on
// their own columns of the joint batch, column copies included).
// MADDPG's critic input is N·23, so its step should grow between N and N² (the N critics' first
// layers are O(N) each); IDDPG's should grow like N. Reported: per-N median time over rounds
// (each round times both methods at every N, order alternating), and the least-squares slope of
// log(time) vs log(N) — the growth exponent. Writes bench/results/scaling.json.
//   BENCH_ROUNDS (default 5), BENCH_MS (time per measurement, default 400).

import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../cli/fs/atomic.js';
import { deriveStream, fillUniform, type Rng } from '../lib/random/index.js';
import { Ddpg } from '../lib/rl/ddpg.js';
import { iddpgLearner, maddpgLearner } from '../lib/rl/independent.js';
import { Maddpg, maddpgRngs } from '../lib/rl/maddpg.js';
import { exploreRngs, jointBuffer, type MultiAgentLearner } from '../lib/rl/multiAgent.js';
import { Box } from '../lib/rl/spaces.js';
import { ROOT } from './shared.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const MS = Number(process.env['BENCH_MS'] ?? 400);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS must be an integer >= 1, got ${process.env['BENCH_ROUNDS']}`);

const AGENTS = [2, 4, 8, 16] as const;
const OBS = 18, ACT = 5, HIDDEN = [64, 64], BATCH = 256, BUFFER = 4096;
const METHODS = ['maddpg', 'iddpg'] as const;
type Method = (typeof METHODS)[number];

const median = (a: readonly number[]): number => { const s = [...a].sort((x, y) => x - y), n = s.length; return n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2; };

/** Least-squares slope of log(y) against log(x). */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log), ly = ys.map(Math.log), n = xs.length;
  const mx = lx.reduce((a, b) => a + b, 0) / n, my = ly.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (lx[i]! - mx) * (ly[i]! - my); sxx += (lx[i]! - mx) ** 2; }
  return sxy / sxx;
}

function learner(method: Method, n: number): MultiAgentLearner<unknown> {
  const obsDims = new Array<number>(n).fill(OBS), spaces = obsDims.map(() => new Box({ low: new Array<number>(ACT).fill(0), high: new Array<number>(ACT).fill(1) }));
  const common = { hiddenSizes: HIDDEN, actorOutput: 'sigmoid' as const, actorLr: 1e-2, criticLr: 1e-2, gamma: 0.95, tau: 0.01, maxGradNorm: 0.5 };
  if (method === 'maddpg') {
    const m = new Maddpg({ ...common, obsDims, actionDims: obsDims.map(() => ACT), actionKind: 'continuous', actorOutputReg: 0 }, maddpgRngs(1, n));
    return maddpgLearner(m, spaces, { rngs: exploreRngs(1, n) }) as MultiAgentLearner<unknown>;
  }
  const agents = obsDims.map((od, i) => new Ddpg({ ...common, obsDim: od, actionDim: ACT, criticWeightDecay: 0 }, deriveStream(1, 'init', i)));
  return iddpgLearner(agents, spaces, { rngs: exploreRngs(1, n) }) as MultiAgentLearner<unknown>;
}

/** A learner and a joint buffer of random transitions for N agents; `step()` = one update on a fresh sample. */
function workload(method: Method, n: number): { step: () => void } {
  const l = learner(method, n);
  const buf = jointBuffer(BUFFER, l.obsDims, l.actionDims), f = buf.fields;
  const rng: Rng = deriveStream(n, 'bench', 'scaling');
  const vec = (k: number, lo: number, hi: number): Float64Array => { const d = new Float64Array(k); fillUniform(rng, d, lo, hi); return d; };
  for (let b = 0; b < BUFFER; b++) buf.add({ obs: vec(f.obs, -1, 1), action: vec(f.action, 0, 1), reward: vec(f.reward, -1, 0), nextObs: vec(f.nextObs, -1, 1), terminated: new Float64Array(n), truncated: new Float64Array(n) });
  return { step: () => { l.update(buf.sample(BATCH, rng)); } };
}

/** Mean ms per step over at least `MS` ms (at least 2 steps), after one warm-up step. */
function msPerStep(w: { step: () => void }): number {
  w.step();
  let k = 0;
  const t0 = performance.now();
  let t = t0;
  while (k < 2 || t - t0 < MS) { w.step(); k++; t = performance.now(); }
  return (t - t0) / k;
}

function main(): void {
  const load0 = loadavg();
  const t0 = performance.now();
  const work = new Map<string, { step: () => void }>();
  for (const m of METHODS) for (const n of AGENTS) work.set(`${m}/${n}`, workload(m, n));
  const times = new Map<string, number[]>();
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? METHODS : [...METHODS].reverse();
    for (const n of AGENTS) for (const m of order) {
      const key = `${m}/${n}`;
      (times.get(key) ?? times.set(key, []).get(key)!).push(msPerStep(work.get(key)!));
    }
    console.log(`round ${r + 1}/${ROUNDS}: ${AGENTS.map((n) => `N=${n} maddpg ${times.get(`maddpg/${n}`)!.at(-1)!.toFixed(1)} / iddpg ${times.get(`iddpg/${n}`)!.at(-1)!.toFixed(1)} ms`).join(', ')}`);
  }
  const methods: Record<string, unknown> = {};
  for (const m of METHODS) {
    const med = AGENTS.map((n) => median(times.get(`${m}/${n}`)!));
    const exponent = logLogSlope([...AGENTS], med);
    methods[m] = {
      exponent: Number(exponent.toFixed(3)),
      perAgents: AGENTS.map((n, i) => ({ agents: n, msPerStep: Number(med[i]!.toFixed(3)), min: Number(Math.min(...times.get(`${m}/${n}`)!).toFixed(3)), max: Number(Math.max(...times.get(`${m}/${n}`)!).toFixed(3)), criticInput: m === 'maddpg' ? n * (OBS + ACT) : OBS + ACT })),
    };
    console.log(`${m}: ${AGENTS.map((n, i) => `N=${n} ${med[i]!.toFixed(2)} ms`).join(', ')}; growth exponent ${exponent.toFixed(2)}`);
  }
  const result = {
    date: new Date().toISOString(),
    setup: { perAgentObs: OBS, perAgentAction: ACT, hiddenSizes: HIDDEN, batchSize: BATCH, actions: 'continuous (sigmoid)', step: 'one learner.update(batch): a gradient step of every agent', rounds: ROUNDS, msPerMeasurement: MS, fit: 'least-squares slope of log(ms per step) vs log(N) over N = 2, 4, 8, 16 (medians over rounds)' },
    methods,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, v8: process.versions.v8, loadAverage1mStart: Number(load0[0]!.toFixed(2)), loadAverage1mEnd: Number(loadavg()[0]!.toFixed(2)) },
  };
  writeFileAtomic(resolve(ROOT, 'bench', 'results', 'scaling.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('wrote bench/results/scaling.json');
}

main();
