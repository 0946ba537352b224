// checkEnv — an invasive checker for `Env` implementations, after Gymnasium
// `gymnasium/utils/env_checker.py` and PettingZoo's seed test, made strict for mecrl's determinism
// requirement (exact equality, not allclose). Users run it on their own envs:
//
//   checkEnv(() => new MyEnv(config), { seed: 7 });   // throws EnvCheckError on the first violation
//
// What is checked, in order:
//   1. spaces: both describe themselves as JSON and rebuild from it; `actionSpace.sample` is inside it;
//   2. step before reset throws;
//   3. determinism: two envs from `makeEnv`, reset with the same seed and driven by the same action
//      sequence (unseeded resets whenever an episode ends) give identical observations, rewards,
//      flags and infos; re-seeding the first env reproduces its own run (reset really reseeds);
//   4. every observation lies in `observationSpace`; rewards are finite; flags are booleans; info
//      is an object; `truncated` is true exactly at `maxEpisodeSteps` (when defined);
//   5. a different seed gives a different first observation (disable with `checkSeedSensitivity`);
//   6. getState() is plain JSON (finite numbers, strings, booleans, null, arrays, plain objects);
//      after a JSON round trip, setState on a fresh env AND on the same env (rewind) reproduce the
//      continuation exactly;
//   7. invalid actions (out of bounds, wrong length, NaN, wrong type, non-integer discrete) throw
//      an Error and leave the env state unchanged, and the env still steps afterwards.
// Comparisons use Object.is per number, so −0 ≠ 0 and NaN = NaN.

import { deriveStream } from '../random/index.js';
import type { Env, StepResult } from './env.js';
import { Box, Discrete, MultiDiscrete, spaceFromJSON } from './spaces.js';
import { integerIn, noUnknownKeys } from './validate.js';

/** Options of `checkEnv`. */
export interface CheckEnvOptions {
  /** Seed passed to `reset`; a safe integer. Default 123 (Gymnasium's checker uses 123 too). */
  readonly seed: number;
  /** Steps in each rollout (episodes are reset without a seed when they end). Integer in [2, 10^6]; default 300. */
  readonly steps: number;
  /** Require a different seed to change the first observation. Default true; disable for envs with a deterministic start. */
  readonly checkSeedSensitivity: boolean;
}

/** Defaults of `CheckEnvOptions`. */
export const CHECK_ENV_DEFAULTS: Readonly<CheckEnvOptions> = Object.freeze({ seed: 123, steps: 300, checkSeedSensitivity: true });

/** What `checkEnv` exercised (returned when every check passed). */
export interface CheckEnvReport {
  readonly id: string;
  /** Steps taken in the main rollout. */
  readonly steps: number;
  /** Episodes started in the main rollout (1 + unseeded resets). */
  readonly episodes: number;
  /** Each invalid action tried, and the message the env rejected it with. */
  readonly rejectedActions: readonly { readonly description: string; readonly message: string }[];
}

/** Thrown by `checkEnv` on the first violation; the message names the env, the check and the difference. */
export class EnvCheckError extends Error {
  override readonly name = 'EnvCheckError';
}

interface TraceEntry {
  readonly kind: 'reset' | 'step';
  /** Step index in the rollout (for a reset: the index of the next step). */
  readonly at: number;
  readonly obs: unknown;
  readonly reward?: number;
  readonly terminated?: boolean;
  readonly truncated?: boolean;
  readonly info: unknown;
}

/**
 * Check that `makeEnv` builds envs honouring the `Env` contract (see the file header for the list).
 * `makeEnv` must return a fresh, independent env each call.
 *
 * @returns a report of what was exercised.
 * @throws EnvCheckError naming the first violated property, with the step and the differing value.
 */
export function checkEnv<Obs, Act, State, Options>(
  makeEnv: () => Env<Obs, Act, State, Options>,
  options: Partial<CheckEnvOptions> = {},
): CheckEnvReport {
  noUnknownKeys('checkEnv', options, Object.keys(CHECK_ENV_DEFAULTS));
  const o = { ...CHECK_ENV_DEFAULTS, ...options };
  const seed = integerIn('checkEnv', 'seed', o.seed, Number.MIN_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER - 1);
  const steps = integerIn('checkEnv', 'steps', o.steps, 2, 1_000_000);
  const env1 = makeEnv();
  const id = typeof env1.id === 'string' ? env1.id : '<env without id>';
  const fail = (message: string): never => {
    throw new EnvCheckError(`checkEnv(${id}): ${message}`);
  };

  // 1. Spaces.
  for (const [name, space] of [['observationSpace', env1.observationSpace], ['actionSpace', env1.actionSpace]] as const) {
    if (space === undefined || space === null) fail(`${name} is missing`);
    let text = '';
    try {
      text = JSON.stringify(space.toJSON());
      const rebuilt = JSON.stringify(spaceFromJSON(JSON.parse(text)).toJSON());
      if (rebuilt !== text) fail(`${name}.toJSON() does not round trip through spaceFromJSON: ${text} vs ${rebuilt}`);
    } catch (e) {
      if (e instanceof EnvCheckError) throw e;
      fail(`${name}.toJSON() is not a valid space description (${errorText(e)})`);
    }
  }
  const actionRng = deriveStream(seed, 'checkEnv', 'actions');
  const actions: Act[] = [];
  for (let k = 0; k < steps; k++) {
    const a = env1.actionSpace.sample(actionRng);
    if (!env1.actionSpace.contains(a)) fail(`actionSpace.sample() returned a value outside actionSpace (draw ${k})`);
    actions.push(a);
  }

  // 2. Step before reset.
  if (!throws(() => env1.step(actions[0] as Act))) fail('step() before reset() did not throw');

  // 3 + 4. Determinism across envs and across re-seeding, with per-step validity checks.
  const env2 = makeEnv();
  const run1 = rollout(env1, seed, actions, fail);
  const run2 = rollout(env2, seed, actions, fail);
  compareTraces(run1.trace, run2.trace, `two envs from makeEnv, reset with seed ${seed} and given the same actions,`, fail);
  const run1again = rollout(env1, seed, actions, fail);
  compareTraces(run1.trace, run1again.trace, `re-seeding the same env with reset({ seed: ${seed} }) did not reproduce its first run:`, fail);

  // 5. Seed sensitivity.
  if (o.checkSeedSensitivity) {
    const a = env1.reset({ seed }).obs;
    const b = env1.reset({ seed: seed + 1 }).obs;
    if (difference(a, b, 'obs') === undefined) {
      fail(`reset({ seed: ${seed} }) and reset({ seed: ${seed + 1} }) gave the same observation; does reset ignore the seed? ` +
        '(pass checkSeedSensitivity: false for an env whose start is deterministic)');
    }
  }

  // 6. State round trip: snapshot mid-run, then continue (a) on a fresh env, (b) on the same env rewound.
  const mid = Math.floor(steps / 2);
  const env3 = makeEnv();
  const head = rollout(env3, seed, actions.slice(0, mid), fail);
  const raw = env3.getState();
  const badJson = nonJson(raw, 'state');
  if (badJson !== undefined) fail(`getState() is not plain JSON: ${badJson}`);
  const snapshot = JSON.parse(JSON.stringify(raw)) as State;
  const tail = continueRollout(env3, actions, mid, steps, head.needsReset, fail);
  const env4 = makeEnv();
  env4.setState(JSON.parse(JSON.stringify(snapshot)) as State);
  compareTraces(tail, continueRollout(env4, actions, mid, steps, head.needsReset, fail),
    `setState(getState()) on a fresh env (snapshot after ${mid} steps) did not reproduce the continuation:`, fail);
  env3.setState(JSON.parse(JSON.stringify(snapshot)) as State);
  compareTraces(tail, continueRollout(env3, actions, mid, steps, head.needsReset, fail),
    `setState(getState()) on the same env (rewind to step ${mid}) did not reproduce the continuation:`, fail);

  // 7. Invalid actions.
  const env5 = makeEnv();
  env5.reset({ seed });
  const rejectedActions: { description: string; message: string }[] = [];
  for (const { description, action } of invalidActions(env5.actionSpace, actions[0] as Act)) {
    const before = JSON.stringify(env5.getState());
    let error: unknown;
    let threw = false;
    try {
      env5.step(action as Act);
    } catch (e) {
      threw = true;
      error = e;
    }
    if (!threw) fail(`step() accepted an invalid action (${description})`);
    if (!(error instanceof Error) || error.message.length === 0) fail(`step() rejected an invalid action (${description}) without an Error message`);
    if (JSON.stringify(env5.getState()) !== before) fail(`step() with an invalid action (${description}) changed the env state before throwing`);
    rejectedActions.push({ description, message: (error as Error).message });
  }
  try {
    env5.step(actions[0] as Act);
  } catch (e) {
    fail(`after rejecting invalid actions, a valid step threw: ${errorText(e)}`);
  }

  return { id, steps, episodes: run1.episodes, rejectedActions };
}

function rollout<Obs, Act>(env: Env<Obs, Act, unknown, unknown>, seed: number, actions: readonly Act[], fail: (m: string) => never) {
  const { obs, info } = env.reset({ seed });
  const first: TraceEntry = { kind: 'reset', at: 0, obs, info };
  checkReset(env, first, fail);
  const trace = [first, ...continueRollout(env, actions, 0, actions.length, false, fail)];
  const episodes = trace.filter((e) => e.kind === 'reset').length;
  const last = trace[trace.length - 1] as TraceEntry;
  return { trace, episodes, needsReset: last.kind === 'step' && (last.terminated === true || last.truncated === true) };
}

/** Steps `from..to−1` of `actions`, resetting without a seed whenever an episode has ended. */
function continueRollout<Obs, Act>(
  env: Env<Obs, Act, unknown, unknown>,
  actions: readonly Act[],
  from: number,
  to: number,
  needsResetAtStart: boolean,
  fail: (m: string) => never,
): TraceEntry[] {
  const trace: TraceEntry[] = [];
  let needsReset = needsResetAtStart;
  let episodeSteps = 0;
  let knownEpisodeStart = false;
  for (let k = from; k < to; k++) {
    if (needsReset) {
      const { obs, info } = env.reset();
      const entry: TraceEntry = { kind: 'reset', at: k, obs, info };
      checkReset(env, entry, fail);
      trace.push(entry);
      episodeSteps = 0;
      knownEpisodeStart = true;
    }
    let r: StepResult<Obs>;
    try {
      r = env.step(actions[k] as Act);
    } catch (e) {
      return fail(`step ${k} threw on a valid action: ${errorText(e)}`);
    }
    episodeSteps += 1;
    const entry: TraceEntry = { kind: 'step', at: k, obs: r.obs, reward: r.reward, terminated: r.terminated, truncated: r.truncated, info: r.info };
    if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) fail(`step ${k} returned reward ${String(r.reward)}; rewards must be finite numbers`);
    if (typeof r.terminated !== 'boolean' || typeof r.truncated !== 'boolean') fail(`step ${k} returned non-boolean terminated/truncated`);
    checkInfo(r.info, `step ${k}`, fail);
    checkObs(env, r.obs, `step ${k}`, fail);
    // Rollouts that begin at step 0 start an episode there too; continuations only know after their first reset.
    if ((knownEpisodeStart || from === 0) && env.maxEpisodeSteps !== undefined) {
      const atLimit = episodeSteps >= env.maxEpisodeSteps;
      if (r.truncated !== atLimit) {
        fail(`step ${k} (episode step ${episodeSteps}) returned truncated = ${r.truncated} but maxEpisodeSteps = ${env.maxEpisodeSteps}`);
      }
    }
    trace.push(entry);
    needsReset = r.terminated || r.truncated;
  }
  return trace;
}

function checkReset(env: Env<unknown, unknown, unknown, unknown>, entry: TraceEntry, fail: (m: string) => never): void {
  checkInfo(entry.info, `reset before step ${entry.at}`, fail);
  checkObs(env, entry.obs, `reset before step ${entry.at}`, fail);
}

function checkObs(env: Env<unknown, unknown, unknown, unknown>, obs: unknown, where: string, fail: (m: string) => never): void {
  if (env.observationSpace.contains(obs)) return;
  try {
    env.observationSpace.validate(obs, 'observation');
  } catch (e) {
    fail(`the observation returned by ${where} is outside observationSpace: ${errorText(e)}`);
  }
  fail(`the observation returned by ${where} is outside observationSpace (contains() is false but validate() passed)`);
}

function checkInfo(info: unknown, where: string, fail: (m: string) => never): void {
  if (typeof info !== 'object' || info === null || Array.isArray(info)) fail(`the info returned by ${where} is not a plain object`);
}

function compareTraces(a: readonly TraceEntry[], b: readonly TraceEntry[], what: string, fail: (m: string) => never): void {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as TraceEntry;
    const y = b[i] as TraceEntry;
    const where = x.kind === 'reset' ? `the reset before step ${x.at}` : `step ${x.at}`;
    if (x.kind !== y.kind) fail(`${what} one run reset while the other stepped at ${where}`);
    for (const key of ['obs', 'reward', 'terminated', 'truncated', 'info'] as const) {
      const d = difference(x[key], y[key], key);
      if (d !== undefined) fail(`${what} differ at ${where}: ${d}`);
    }
  }
  if (a.length !== b.length) fail(`${what} runs have different lengths (${a.length} vs ${b.length} entries)`);
}

/** First difference between two values (Object.is per number), or undefined when they are equal. */
function difference(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) ? undefined : `${path}: ${a} vs ${b}`;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return `${path}: different types`;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}: length ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]: ${x[i]} vs ${y[i]}`;
    return undefined;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: different types`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys [${ka.join(', ')}] vs [${kb.join(', ')}]`;
    for (const k of ka) {
      const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
}

/** Where `value` stops being plain JSON (non-finite number, typed array, class instance, …), or undefined. */
function nonJson(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} = ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const d = nonJson(value[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${path} is a ${(value as object).constructor.name}, not a plain object or array`;
    for (const [k, v] of Object.entries(value)) {
      const d = nonJson(v, `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return `${path} is of type ${typeof value}`;
}

/** Invalid actions for the built-in spaces, each derived from a valid one so only one thing is wrong. */
function invalidActions(space: unknown, valid: unknown): { description: string; action: unknown }[] {
  const out: { description: string; action: unknown }[] = [];
  if (space instanceof Box && valid instanceof Float64Array) {
    const n = space.size;
    const withValue = (v: number): Float64Array => {
      const a = Float64Array.from(valid);
      a[0] = v;
      return a;
    };
    const hi = space.high[0] as number;
    const lo = space.low[0] as number;
    if (Number.isFinite(hi)) out.push({ description: `action[0] above high[0] = ${hi}`, action: withValue(hi + Math.max(1, Math.abs(hi))) });
    if (Number.isFinite(lo)) out.push({ description: `action[0] below low[0] = ${lo}`, action: withValue(lo - Math.max(1, Math.abs(lo))) });
    out.push({ description: 'action[0] = NaN', action: withValue(NaN) });
    const longer = new Float64Array(n + 1);
    longer.set(valid);
    out.push({ description: `length ${n + 1} instead of ${n}`, action: longer });
    out.push({ description: `length ${n - 1} instead of ${n}`, action: valid.slice(0, n - 1) });
    out.push({ description: 'a plain array instead of a Float64Array', action: Array.from(valid) });
    out.push({ description: 'a number instead of a Float64Array', action: valid[0] });
  } else if (space instanceof Discrete) {
    const { start, n } = space;
    out.push({ description: `non-integer ${start + 0.5}`, action: start + 0.5 });
    out.push({ description: `${start + n}, one above the largest value`, action: start + n });
    out.push({ description: `${start - 1}, one below the smallest value`, action: start - 1 });
    out.push({ description: 'NaN', action: NaN });
    out.push({ description: 'a Float64Array instead of a number', action: Float64Array.of(start) });
  } else if (space instanceof MultiDiscrete && valid instanceof Int32Array) {
    const above = Int32Array.from(valid);
    above[0] = space.nvec[0] as number;
    const below = Int32Array.from(valid);
    below[0] = -1;
    out.push({ description: `action[0] = nvec[0] = ${space.nvec[0]}`, action: above });
    out.push({ description: 'action[0] = -1', action: below });
    const longer = new Int32Array(valid.length + 1);
    longer.set(valid);
    out.push({ description: `length ${valid.length + 1} instead of ${valid.length}`, action: longer });
    out.push({ description: 'a Float64Array instead of an Int32Array', action: Float64Array.from(valid) });
  }
  return out;
}

function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
