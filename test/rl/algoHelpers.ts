// Shared helpers of the DDPG / TD3 / DQN / off-policy-loop tests: hand-made batches, writing
// weights by hand, a bit-exact comparison of checkpoint state trees, and builders of small seeded
// training runs (the same builder is used for the uninterrupted run, the resumed run and the
// determinism reruns, so "same config" is literally the same code).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Module } from '../../lib/nn/index.js';
import type { Tensor } from '../../lib/tensor/index.js';
import { deriveStream } from '../../lib/random/index.js';
import { cartPole, pendulum, type CartPoleEnv, type PendulumEnv } from '../../lib/env/classic/index.js';
import { splitState, type StateValue } from '../../lib/rl/checkpoint.js';
import { Ddpg, type DdpgConfig } from '../../lib/rl/ddpg.js';
import { Dqn, type DqnConfig } from '../../lib/rl/dqn.js';
import { actorCriticLearner, dqnLearner, type ExplorationNoiseConfig, type Learner } from '../../lib/rl/learners.js';
import { OffPolicyTrainer, type OffPolicyConfig, type OffPolicyEvent } from '../../lib/rl/offPolicy.js';
import { TransitionBuffer, type TransitionBatch } from '../../lib/rl/replayBuffer.js';
import { Td3, type Td3Config } from '../../lib/rl/td3.js';
import type { Env } from '../../lib/rl/env.js';

// ---------------------------------------------------------------------------------------------
// Batches and weights

export interface RowSpec {
  readonly obs: readonly number[];
  readonly action: readonly number[];
  readonly reward: number;
  readonly nextObs: readonly number[];
  readonly terminated?: boolean;
  readonly truncated?: boolean;
}

/** A TransitionBatch built from explicit rows (what `TransitionBuffer.sample` would return). */
export function makeBatch(rows: readonly RowSpec[]): TransitionBatch {
  const flat = (f: (r: RowSpec) => readonly number[]): Float64Array => Float64Array.from(rows.flatMap(f));
  return {
    batchSize: rows.length,
    indices: Int32Array.from(rows.map((_, i) => i)),
    obs: flat((r) => r.obs),
    action: flat((r) => r.action),
    reward: flat((r) => [r.reward]),
    nextObs: flat((r) => r.nextObs),
    terminated: flat((r) => [r.terminated === true ? 1 : 0]),
    truncated: flat((r) => [r.truncated === true ? 1 : 0]),
  };
}

/** A deep copy of a batch (buffer-owned batches are overwritten by the next `sample`). */
export function copyBatch(b: TransitionBatch): TransitionBatch {
  return {
    batchSize: b.batchSize,
    indices: b.indices.slice(),
    obs: b.obs.slice(),
    action: b.action.slice(),
    reward: b.reward.slice(),
    nextObs: b.nextObs.slice(),
    terminated: b.terminated.slice(),
    truncated: b.truncated.slice(),
  };
}

/**
 * `n` batches of `batchSize` random transitions (obs/actions in [−1, 1], rewards in [−2, 2], about
 * one row in five terminated and one in seven truncated), sampled from a buffer, all copied.
 */
export function randomBatches(seed: number, n: number, batchSize: number, obsDim: number, actionDim: number): TransitionBatch[] {
  const rng = deriveStream(seed, 'test-batches');
  const u = (): number => 2 * rng.nextDouble() - 1;
  const buf = new TransitionBuffer({ capacity: 256, obsDim, actionDim });
  for (let i = 0; i < 256; i++) {
    const obs = Array.from({ length: obsDim }, u), next = Array.from({ length: obsDim }, u);
    buf.addTransition(obs, Array.from({ length: actionDim }, u), 2 * u(), next, rng.nextDouble() < 0.2, rng.nextDouble() < 0.15);
  }
  const replay = deriveStream(seed, 'test-replay');
  return Array.from({ length: n }, () => copyBatch(buf.sample(batchSize, replay)));
}

/** Writes `values` over a module's flat parameter vector (layout: per layer W [in, out] row-major, then b). */
export function setParams(module: Module<readonly Tensor[]>, values: readonly number[]): void {
  const d = module.flat.data;
  if (values.length !== d.length) throw new Error(`setParams: module has ${d.length} parameters, got ${values.length} values`);
  d.set(values);
}

/** Whether every value is finite. */
export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Bit-exact state comparison

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Asserts two checkpoint state trees are bit-identical: the JSON part (numbers encoded so that
 * NaN, ±Infinity and −0 are distinguished) and every Float64Array byte for byte, by path name.
 */
export function expectSameState(actual: StateValue, expected: StateValue): void {
  const a = splitState(actual), e = splitState(expected);
  expect(firstDifference(a.manifest, e.manifest, '')).toBeUndefined();
  expect(a.arrays.map((x) => x.name)).toEqual(e.arrays.map((x) => x.name));
  a.arrays.forEach((x, i) => {
    const same = bytes(x.data).equals(bytes(e.arrays[i]!.data));
    expect(same, `array '${x.name}' differs`).toBe(true);
  });
}

/** The path and values of the first difference between two JSON trees, or undefined (short failure messages). */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.join() !== kb.join()) return `${path || 'root'}: keys [${ka.join(', ')}] vs [${kb.join(', ')}]`;
    for (const k of ka) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path || 'root'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/** Asserts two event logs are identical, element by element (stats numbers compared with Object.is semantics). */
export function expectSameEvents(actual: readonly OffPolicyEvent[], expected: readonly OffPolicyEvent[]): void {
  expect(actual.length).toBe(expected.length);
  // JSON of encoded numbers: distinguishes −0 and NaN and names the first differing event.
  const enc = (e: OffPolicyEvent): string => JSON.stringify(e, (_k, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `#${String(Object.is(v, -0) ? '-0' : v)}` : v));
  for (let i = 0; i < actual.length; i++) expect(enc(actual[i]!), `event ${i}`).toBe(enc(expected[i]!));
}

// ---------------------------------------------------------------------------------------------
// Temporary folders

const dirs: string[] = [];

export function tmpDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mecrl-rl-'));
  dirs.push(d);
  return d;
}

export function removeTmpDirs(): void {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Small seeded training runs

/** A training run under test: the loop, the agent inside it and everything it reported. */
export interface Run<A> {
  readonly trainer: OffPolicyTrainer<unknown>;
  readonly agent: A;
  readonly env: Env<Float64Array, unknown, unknown, unknown>;
  readonly learner: Learner<unknown>;
  readonly events: OffPolicyEvent[];
}

export const SMALL_LOOP: Omit<OffPolicyConfig, 'seed'> = { bufferSize: 400, batchSize: 32, warmupSteps: 50, updateEvery: 1, gradientSteps: 1 };

function assemble<A, Act>(env: Env<Float64Array, Act, unknown, unknown>, agent: A, learner: Learner<Act>, seed: number, loop: Partial<Omit<OffPolicyConfig, 'seed'>>): Run<A> {
  const events: OffPolicyEvent[] = [];
  const trainer = new OffPolicyTrainer(env, learner, { seed, ...SMALL_LOOP, ...loop }, (e) => events.push(e));
  return {
    trainer: trainer as unknown as OffPolicyTrainer<unknown>,
    agent,
    env: env as unknown as Env<Float64Array, unknown, unknown, unknown>,
    learner: learner as unknown as Learner<unknown>,
    events,
  };
}

export type DdpgOverrides = Partial<Omit<DdpgConfig, 'obsDim' | 'actionDim'>>;
export type Td3Overrides = Partial<Omit<Td3Config, 'obsDim' | 'actionDim'>>;
export type DqnOverrides = Partial<Omit<DqnConfig, 'obsDim' | 'nvec'>>;

/** DDPG on Pendulum (episodes cut at `maxEpisodeSteps`), small networks, OU noise by default. */
export function ddpgRun(
  seed: number,
  opts: { agent?: DdpgOverrides; loop?: Partial<Omit<OffPolicyConfig, 'seed'>>; noise?: ExplorationNoiseConfig; maxEpisodeSteps?: number } = {},
): Run<Ddpg> {
  const env: PendulumEnv = pendulum({ maxEpisodeSteps: opts.maxEpisodeSteps ?? 200 });
  const agent = new Ddpg({ obsDim: 3, actionDim: 1, hiddenSizes: [16, 16], actorLr: 1e-3, criticLr: 1e-3, tau: 0.01, ...opts.agent }, deriveStream(seed, 'init'));
  const learner = actorCriticLearner(agent, env.actionSpace, opts.noise ?? { kind: 'ou', sigma: 0.3, dt: 0.05 }, deriveStream(seed, 'explore'));
  return assemble(env, agent, learner, seed, opts.loop ?? {});
}

/** TD3 on Pendulum, small networks, Gaussian exploration noise by default. */
export function td3Run(
  seed: number,
  opts: { agent?: Td3Overrides; loop?: Partial<Omit<OffPolicyConfig, 'seed'>>; noise?: ExplorationNoiseConfig; maxEpisodeSteps?: number } = {},
): Run<Td3> {
  const env: PendulumEnv = pendulum({ maxEpisodeSteps: opts.maxEpisodeSteps ?? 200 });
  const agent = new Td3({ obsDim: 3, actionDim: 1, hiddenSizes: [16, 16], ...opts.agent }, deriveStream(seed, 'init'), deriveStream(seed, 'target-noise'));
  const learner = actorCriticLearner(agent, env.actionSpace, opts.noise ?? { kind: 'gaussian', std: 0.1 }, deriveStream(seed, 'explore'));
  return assemble(env, agent, learner, seed, opts.loop ?? {});
}

/** DQN on CartPole (one Discrete(2) head), small torso, ε decaying over the run. */
export function dqnRun(seed: number, opts: { agent?: DqnOverrides; loop?: Partial<Omit<OffPolicyConfig, 'seed'>> } = {}): Run<Dqn> {
  const env: CartPoleEnv = cartPole();
  const agent = new Dqn({ obsDim: 4, nvec: [2], hiddenSizes: [16, 16], lr: 1e-3, targetUpdateInterval: 25, epsilonStart: 1, epsilonEnd: 0.05, epsilonSteps: 300, ...opts.agent }, deriveStream(seed, 'init'));
  const learner = dqnLearner(agent, env.actionSpace, deriveStream(seed, 'explore'));
  return assemble(env, agent, learner, seed, opts.loop ?? {});
}
