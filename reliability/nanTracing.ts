// NaN tracing (issue 20): with the numerics tracer on (lib/tensor `setNumericsCheck`, what
// `mecrl run --debug-numerics` switches on), a NaN or ±Infinity injected into a running DDPG, TD3
// or DQN training — into an observation the env returns, the first observation of an episode, a
// reward the env returns, the rewards already in the replay buffer, or one weight of a network — must
// be reported at the FIRST op (or buffer) that receives it, naming the op, forward/backward, the
// shape and the network. Each trial knows where that is and compares the report with it:
//   observation (from step)  → ReplayBuffer.add receives `nextObs` (no network has seen it yet);
//   observation (from reset) → the first layer of the acting network (actor.layers.0 / q.layers.0), input 0;
//   reward (from step)       → ReplayBuffer.add receives `reward`;
//   reward (in the buffer)   → the loss op (mseLoss/huberLoss) receives the TD target, input 1,
//                              downstream of the critic's (Q-network's) last layer;
//   weight                   → the linear op whose parameter it is, in that layer (e.g. critic[1].layers.1).
// The injection step, component, value (NaN, +Infinity, −Infinity), network and weight index are
// drawn from a fixed seed. Also checks that the tracer does not change any number: a traced run
// without injection ends bit-identical to an untraced one.

import { cartPole, pendulum } from '../lib/env/classic/index.js';
import { deriveStream, integer, type Rng } from '../lib/random/index.js';
import { Ddpg } from '../lib/rl/ddpg.js';
import { Dqn } from '../lib/rl/dqn.js';
import { Td3 } from '../lib/rl/td3.js';
import { actorCriticLearner, dqnLearner } from '../lib/rl/learners.js';
import { OffPolicyTrainer } from '../lib/rl/offPolicy.js';
import type { Env, StepResult, ResetResult } from '../lib/rl/env.js';
import type { Box, Discrete } from '../lib/rl/spaces.js';
import type { Module } from '../lib/nn/index.js';
import { NumericsError, setNumericsCheck, type NumericsEvent, type Tensor } from '../lib/tensor/index.js';
import type { Check } from './check.js';
import type { FuzzResult } from './fuzzEnv.js';

export const NAN_METHODS = ['ddpg', 'td3', 'dqn'] as const;
export type NanMethod = (typeof NAN_METHODS)[number];
export const NAN_KINDS = ['observation', 'reset-observation', 'reward', 'stored-reward', 'weight'] as const;
export type NanKind = (typeof NAN_KINDS)[number];

const WARMUP = 40;
const MAX_AFTER = 600; // steps after the injection within which the report must come

/** An env whose next step/reset can return a poisoned observation or reward. */
class InjectingEnv<A> implements Env<Float64Array, A> {
  poisonStep: { field: 'obs' | 'reward'; index: number; value: number } | null = null;
  poisonReset: { index: number; value: number } | null = null;
  constructor(private readonly inner: Env<Float64Array, A>) {}
  get id(): string { return this.inner.id; }
  get observationSpace(): Env<Float64Array, A>['observationSpace'] { return this.inner.observationSpace; }
  get actionSpace(): Env<Float64Array, A>['actionSpace'] { return this.inner.actionSpace; }
  get maxEpisodeSteps(): number | undefined { return this.inner.maxEpisodeSteps; }
  reset(opts?: Parameters<Env<Float64Array, A>['reset']>[0]): ResetResult<Float64Array> {
    const r = this.inner.reset(opts);
    const p = this.poisonReset;
    if (p === null) return r;
    this.poisonReset = null;
    const obs = r.obs.slice();
    obs[p.index] = p.value;
    return { ...r, obs };
  }
  step(a: A): StepResult<Float64Array> {
    const r = this.inner.step(a);
    const p = this.poisonStep;
    if (p === null) return r;
    this.poisonStep = null;
    if (p.field === 'reward') return { ...r, reward: p.value };
    const obs = r.obs.slice();
    obs[p.index] = p.value;
    return { ...r, obs };
  }
  getState(): unknown { return this.inner.getState(); }
  setState(s: unknown): void { this.inner.setState(s); }
}

interface Setup {
  readonly env: InjectingEnv<never>;
  readonly trainer: OffPolicyTrainer<never>;
  readonly networks: Readonly<Record<string, Module<readonly Tensor[]>>>;
  /** The network that acts, and the one whose output the loss compares with the TD target. */
  readonly actor: string;
  readonly lossNetwork: string;
  readonly obsDim: number;
}

function setup(method: NanMethod, seed: number): Setup {
  const trainerConfig = { seed, bufferSize: 2000, batchSize: 16, warmupSteps: WARMUP, updateEvery: 1, gradientSteps: 1 };
  if (method === 'dqn') {
    const env = new InjectingEnv(cartPole() as unknown as Env<Float64Array, never>);
    const agent = new Dqn({ obsDim: 4, nvec: [2], hiddenSizes: [16], epsilonStart: 1, epsilonEnd: 0.05, epsilonSteps: 200 }, deriveStream(seed, 'init'));
    const learner = dqnLearner(agent, env.actionSpace as unknown as Discrete, deriveStream(seed, 'explore'));
    return { env, trainer: new OffPolicyTrainer(env, learner as never, trainerConfig), networks: { q: agent.q }, actor: 'q', lossNetwork: 'q', obsDim: 4 };
  }
  const env = new InjectingEnv(pendulum({ maxEpisodeSteps: 60 }) as unknown as Env<Float64Array, never>);
  const common = { obsDim: 3, actionDim: 1, hiddenSizes: [16, 16], finalLayerInit: null };
  const agent = method === 'ddpg' ? new Ddpg({ ...common, criticWeightDecay: 0 }, deriveStream(seed, 'init')) : new Td3(common, deriveStream(seed, 'init'), deriveStream(seed, 'target-noise'));
  const learner = actorCriticLearner(agent, env.actionSpace as unknown as Box, { kind: 'gaussian', std: 0.1 }, deriveStream(seed, 'explore'));
  const networks: Record<string, Module<readonly Tensor[]>> = agent instanceof Ddpg ? { actor: agent.actor, critic: agent.critic } : { actor: agent.actor, 'critic[0]': agent.critics[0]!, 'critic[1]': agent.critics[1]! };
  return { env, trainer: new OffPolicyTrainer(env, learner as never, trainerConfig), networks, actor: 'actor', lossNetwork: agent instanceof Ddpg ? 'critic' : 'critic[0]', obsDim: 3 };
}

/** Label of the parameter holding flat index `i` of `net` (e.g. `critic.layers.1.weight`) and the index inside it. */
function parameterAt(net: Module<readonly Tensor[]>, i: number): { label: string; shape: readonly number[]; index: number } {
  let o = 0;
  for (const p of net.parameters()) {
    if (i < o + p.tensor.size) return { label: p.tensor.label!, shape: p.tensor.shape, index: i - o };
    o += p.tensor.size;
  }
  throw new RangeError(`parameterAt: index ${i} is outside the ${o} parameters`);
}

export interface NanTrial {
  readonly method: NanMethod;
  readonly kind: NanKind;
  /** Env steps after warm-up before the injection. */
  readonly after: number;
  readonly value: number;
  /** Drawn per trial: observation component / network / weight. */
  readonly pick: number;
}

/** What a trial expects of the first report (every field given must match). */
type Expected = Partial<Pick<NumericsEvent, 'op' | 'phase' | 'kind' | 'where' | 'index' | 'module' | 'moduleVia'>> & { readonly opPattern?: RegExp; readonly shape?: readonly number[] };

function fmt(e: NumericsEvent | null): string {
  return e === null ? 'no report' : JSON.stringify({ op: e.op, phase: e.phase, kind: e.kind, where: e.where, shape: e.shape, index: e.index, module: e.module, moduleVia: e.moduleVia });
}

/** Runs one trial; returns null when the report is the expected one, else what went wrong. */
export function runNanTrial(t: NanTrial, seed = 20): string | null {
  const s = setup(t.method, seed);
  s.trainer.run(WARMUP + t.after);
  let expected: Expected;
  const k = t.pick;
  switch (t.kind) {
    case 'observation': {
      const index = k % s.obsDim;
      s.env.poisonStep = { field: 'obs', index, value: t.value };
      expected = { op: 'ReplayBuffer.add', phase: 'forward', kind: 'received', where: 'nextObs', index, module: null, shape: [s.obsDim] };
      break;
    }
    case 'reward':
      s.env.poisonStep = { field: 'reward', index: 0, value: t.value };
      expected = { op: 'ReplayBuffer.add', phase: 'forward', kind: 'received', where: 'reward', index: 0, module: null, shape: [1] };
      break;
    case 'reset-observation': {
      const index = k % s.obsDim;
      s.env.poisonReset = { index, value: t.value };
      expected = { opPattern: /^linear:/, phase: 'forward', kind: 'received', where: 'input 0 (a leaf)', index, module: `${s.actor}.layers.0`, moduleVia: 'parameter', shape: [1, s.obsDim] };
      break;
    }
    case 'stored-reward': {
      // Every stored reward (a live view of the buffer): the next update's TD targets are all non-finite.
      const reward = (s.trainer.buffer.getState() as unknown as { arrays: { reward: Float64Array } }).arrays.reward;
      reward.fill(t.value, 0, s.trainer.buffer.size);
      const last = s.networks[s.lossNetwork]!.parameters().at(-1)!.tensor.label!;
      expected = { opPattern: /^(mse|huber)Loss$/, phase: 'forward', kind: 'received', where: 'input 1 (a leaf)', index: 0, module: last.slice(0, last.lastIndexOf('.')), moduleVia: 'input', shape: [16, 1] };
      break;
    }
    case 'weight': {
      const names = Object.keys(s.networks);
      const net = s.networks[names[k % names.length]!]!;
      const i = Math.floor(k / names.length) % net.countParams();
      const p = parameterAt(net, i);
      net.flat.data[i] = t.value;
      expected = { opPattern: /^linear:/, phase: 'forward', kind: 'received', index: p.index, module: p.label.slice(0, p.label.lastIndexOf('.')), moduleVia: 'parameter', shape: p.shape };
      expected = { ...expected, where: `input ${p.label.endsWith('.weight') ? 1 : 2} '${p.label}'` };
      break;
    }
  }
  let first: NumericsEvent | null = null;
  const prev = setNumericsCheck((e) => {
    first ??= e;
    throw new NumericsError('traced', e);
  });
  let error: unknown = null;
  try {
    s.trainer.run(MAX_AFTER);
  } catch (e) {
    error = e;
  } finally {
    setNumericsCheck(prev);
  }
  const got = first as NumericsEvent | null;
  const where = `${t.method} ${t.kind} (${t.value}) ${t.after} steps after warm-up`;
  if (got === null) return `${where}: no report within ${MAX_AFTER} steps${error === null ? '' : ` (${(error as Error).name}: ${(error as Error).message})`}`;
  if (!(error instanceof NumericsError)) return `${where}: the run did not stop at the report: ${error === null ? 'it went on' : (error as Error).message}`;
  const bad: string[] = [];
  for (const [f, v] of Object.entries(expected)) {
    if (f === 'opPattern') { if (!(v as RegExp).test(got.op)) bad.push(`op ${got.op} !~ ${String(v)}`); continue; }
    const g = (got as unknown as Record<string, unknown>)[f];
    if (JSON.stringify(g) !== JSON.stringify(v)) bad.push(`${f} ${JSON.stringify(g)} ≠ ${JSON.stringify(v)}`);
  }
  if (!Object.is(got.value, t.value)) bad.push(`value ${got.value} ≠ ${t.value}`);
  return bad.length === 0 ? null : `${where}: ${bad.join('; ')} — got ${fmt(got)}`;
}

/** `n` trials cycling through method × kind, with drawn injection points and values. */
export function nanTrials(n: number, seed = 20): NanTrial[] {
  const rng: Rng = deriveStream(seed, 'nan-tracing');
  const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const out: NanTrial[] = [];
  for (let i = 0; i < n; i++) {
    const method = NAN_METHODS[i % NAN_METHODS.length]!;
    const kind = NAN_KINDS[Math.floor(i / NAN_METHODS.length) % NAN_KINDS.length]!;
    out.push({ method, kind, after: integer(rng, 0, 120), value: values[integer(rng, 0, values.length)]!, pick: integer(rng, 0, 1 << 20) });
  }
  return out;
}

/** The tracer reads only: a traced run of `steps` steps (no injection) ends with the same weights as an untraced one. */
export function tracerIsReadOnly(method: NanMethod, steps: number, seed = 20): string | null {
  const a = setup(method, seed), b = setup(method, seed);
  a.trainer.run(steps);
  const prev = setNumericsCheck(() => { throw new Error('unexpected non-finite value'); });
  try { b.trainer.run(steps); } finally { setNumericsCheck(prev); }
  for (const name of Object.keys(a.networks)) {
    const x = a.networks[name]!.flat.data, y = b.networks[name]!.flat.data;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${method}: ${name} weight ${i} differs with the tracer on (${x[i]} vs ${y[i]})`;
  }
  return null;
}

export function nanTracing(trials: number, seed = 20): FuzzResult {
  let failures = 0;
  const examples: string[] = [];
  const fail = (line: string): void => { failures++; if (examples.length < 10) examples.push(line); };
  for (const t of nanTrials(trials, seed)) {
    const r = runNanTrial(t, seed);
    if (r !== null) fail(r);
  }
  for (const m of NAN_METHODS) {
    const r = tracerIsReadOnly(m, WARMUP + 60, seed);
    if (r !== null) fail(r);
  }
  return { trials: trials + NAN_METHODS.length, failures, examples };
}

export const CHECKS_NAN: readonly Check[] = [
  { name: 'nan-tracing', description: `DDPG, TD3 (Pendulum) and DQN (CartPole) trainings with the numerics tracer on (mecrl run --debug-numerics): NaN/±Infinity injected into an env observation, an episode's first observation, an env reward, the replay buffer's rewards or one network weight, at a drawn step; the report must name the first op (or buffer) that receives it — op, forward/backward, shape, flat index and network (e.g. critic[1].layers.1) — and the run must stop there; plus one traced run per method without injection, bit-identical to an untraced one (trials = injections + ${NAN_METHODS.length})`, trials: 600, run: (n) => nanTracing(n) },
];
