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
//      an Error and leave the env state unchanged, and the env still steps afterwards; an env with
//      `actionBounds: 'clip'` must instead step an out-of-bounds Box action exactly as its clipped
//      value (same observation, reward and flags);
//   8. `observe()`, when the env has it, throws before the first reset and returns the last
//      observation after reset, step and setState.
// Comparisons use Object.is per number, so −0 ≠ 0 and NaN = NaN.
// The steps and helpers it shares with checkParallelEnv live in checkShared.ts.

import { deriveStream } from '../random/index.js';
import type { Env, StepResult } from './env.js';
import { checkerOptions, checkRuns, errorText, invalidValues, rejectionMessage, spaceJsonText, stepsAfterRejections, throws, type TraceEntryBase } from './checkShared.js';

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

interface TraceEntry extends TraceEntryBase {
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
  const o = checkerOptions('checkEnv', options, CHECK_ENV_DEFAULTS);
  const { seed, steps } = o;
  const env1 = makeEnv();
  const id = typeof env1.id === 'string' ? env1.id : '<env without id>';
  const fail = (message: string): never => {
    throw new EnvCheckError(`checkEnv(${id}): ${message}`);
  };

  // 1. Spaces.
  for (const [name, space] of [['observationSpace', env1.observationSpace], ['actionSpace', env1.actionSpace]] as const) {
    if (space === undefined || space === null) fail(`${name} is missing`);
    try {
      spaceJsonText(space, name, fail);
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

  // 3–6. Determinism, seed sensitivity and the state round trip.
  const run1 = checkRuns<Env<Obs, Act, State, Options>, TraceEntry>(env1, {
    make: makeEnv,
    run: (env, n) => rollout(env, seed, actions.slice(0, n), fail),
    resume: (env, from, needsReset) => continueRollout(env, actions, from, steps, needsReset, fail),
    firstObs: (env, s) => env.reset({ seed: s }).obs,
    keys: ['obs', 'reward', 'terminated', 'truncated', 'info'],
    sortKeys: true,
    obsNoun: 'observation',
  }, o, fail);

  // 7. Invalid actions.
  const env5 = makeEnv();
  env5.reset({ seed });
  const rejectedActions: { description: string; message: string }[] = [];
  for (const { description, value, outOfBounds } of invalidValues(env5.actionSpace, actions[0], true)) {
    if (outOfBounds !== undefined && env5.actionBounds === 'clip') {
      checkClips(env5, value as Act, outOfBounds as Act, description, fail);
      continue;
    }
    const message = rejectionMessage(() => env5.step(value as Act), () => env5.getState(), `an invalid action (${description})`, fail);
    rejectedActions.push({ description, message });
  }
  stepsAfterRejections(() => env5.step(actions[0] as Act), fail);

  // 8. observe(), when present.
  const env6 = makeEnv();
  if (typeof env6.observe === 'function') {
    const text = (x: unknown): string => JSON.stringify(ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x);
    const observe = (env: Env<Obs, Act, State, Options>): string => text(env.observe!());
    if (!throws(() => env6.observe!())) fail('observe() before reset() did not throw');
    const first = text(env6.reset({ seed }).obs);
    if (observe(env6) !== first) fail('observe() after reset() differs from the observation reset() returned');
    const obs = text(env6.step(actions[0] as Act).obs);
    if (observe(env6) !== obs) fail('observe() after step() differs from the observation step() returned');
    const env7 = makeEnv();
    env7.setState(JSON.parse(JSON.stringify(env6.getState())) as State);
    if (observe(env7) !== obs) fail('observe() after setState() on a fresh env differs from the observation of the saved state');
  }

  return { id, steps, episodes: run1.episodes, rejectedActions };
}

/** 'clip' envs: stepping `value` (out of bounds) must equal stepping `clipped`, from the same state. */
function checkClips<Obs, Act, State>(env: Env<Obs, Act, State, unknown>, value: Act, clipped: Act, description: string, fail: (m: string) => never): void {
  const state = JSON.stringify(env.getState());
  const restore = (): void => env.setState(JSON.parse(state) as State);
  let a: string, b: string;
  try {
    const r = env.step(value);
    a = JSON.stringify([Array.from(r.obs as ArrayLike<number>), r.reward, r.terminated, r.truncated]);
  } catch (e) {
    return fail(`actionBounds is 'clip' but step() rejected an out-of-range action (${description}): ${errorText(e)}`);
  }
  restore();
  const r = env.step(clipped);
  b = JSON.stringify([Array.from(r.obs as ArrayLike<number>), r.reward, r.terminated, r.truncated]);
  restore();
  if (a !== b) fail(`actionBounds is 'clip' but the out-of-range action (${description}) did not step as its clipped value: ${a} vs ${b}`);
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
