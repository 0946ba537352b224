// checkParallelEnv — the multi-agent counterpart of `checkEnv` (lib/rl/checkEnv.ts), after
// PettingZoo's `parallel_api_test` and `seed_test`, with mecrl's exact-equality determinism:
//
//   checkParallelEnv(() => simpleSpread({ continuous: true }), { seed: 7 });  // throws on the first violation
//
// What is checked, in order:
//   1. possibleAgents is a non-empty list of valid, distinct ids (see `checkAgentIds`); every
//      agent's spaces describe themselves as JSON and rebuild from it, are the same on a second call,
//      and `actionSpace(agent).sample` lies inside the space;
//   2. step before reset throws;
//   3. determinism: two envs from `makeEnv`, reset with the same seed and given the same actions
//      (drawn once, for every possible agent and step, from a stream derived from the seed; each
//      step passes the active agents' entries) give identical observations, rewards, flags, infos
//      and active-agent lists; re-seeding the first env reproduces its own run. Episodes that end
//      (no active agent left) are followed by an unseeded reset;
//   4. at every reset/step: the keys of every returned record equal the agents concerned, in
//      possibleAgents order (after reset: `env.agents`; after step: the agents that acted);
//      observations lie in each agent's observationSpace; rewards are finite numbers; flags are
//      booleans; infos are plain objects; `env.agents` is a subsequence of possibleAgents and drops
//      every agent that terminated or was truncated; truncation is true exactly at
//      `maxEpisodeSteps` (when defined);
//   5. a different seed gives a different first observation (disable with `checkSeedSensitivity`);
//   6. getState() is plain JSON; after a JSON round trip, setState on a fresh env and on the same
//      env (rewind) reproduce the continuation exactly;
//   7. invalid actions are rejected with an Error naming the agent, leave the state unchanged, and
//      the env still steps afterwards: out of bounds, NaN, wrong length, wrong type (per space
//      kind), an unknown agent, a missing agent, an inactive agent (when there is one), and an
//      `actions` value that is not an object (an env with `actionBounds: 'clip'` accepts out-of-bounds
//      Box values: those are not tried);
//   8. `observe(agent)`, when the env has it, returns each agent's last observation after reset,
//      step and setState (also on a fresh env). (Throwing before the first reset, as mecrl's own
//      envs do, is not required of every parallel env.)
// Comparisons use Object.is per number, so −0 ≠ 0 and NaN = NaN.
//
// The value comparison, the JSON check, the per-space invalid values and the steps both checkers
// share live in checkShared.ts.

import { deriveStream } from '../random/index.js';
import type { AgentRecord, ParallelEnv, ParallelStepResult } from './parallelEnv.js';
import { checkAgentIds, hasAgent } from './parallelEnv.js';
import { checkerOptions, checkRuns, errorText, invalidValues, rejectionMessage, spaceJsonText, stepsAfterRejections, throws, type Fail, type TraceEntryBase } from './checkShared.js';

/** Options of `checkParallelEnv`. */
export interface CheckParallelEnvOptions {
  /** Seed passed to `reset`; a safe integer. Default 123 (as `checkEnv`). */
  readonly seed: number;
  /** Steps in each rollout (episodes are reset without a seed when they end). Integer in [2, 10^6]; default 300. */
  readonly steps: number;
  /** Require a different seed to change the first observations. Default true; disable for envs with a deterministic start. */
  readonly checkSeedSensitivity: boolean;
}

/** Defaults of `CheckParallelEnvOptions`. */
export const CHECK_PARALLEL_ENV_DEFAULTS: Readonly<CheckParallelEnvOptions> = Object.freeze({ seed: 123, steps: 300, checkSeedSensitivity: true });

/** What `checkParallelEnv` exercised (returned when every check passed). */
export interface CheckParallelEnvReport {
  readonly id: string;
  readonly possibleAgents: readonly string[];
  /** Steps taken in the main rollout. */
  readonly steps: number;
  /** Episodes started in the main rollout (1 + unseeded resets). */
  readonly episodes: number;
  /** Each invalid `actions` record tried, and the message the env rejected it with. */
  readonly rejectedActions: readonly { readonly description: string; readonly message: string }[];
}

/** Thrown by `checkParallelEnv` on the first violation; the message names the env, the check and the difference. */
export class ParallelEnvCheckError extends Error {
  override readonly name = 'ParallelEnvCheckError';
}

type AnyParallelEnv = ParallelEnv<string, unknown, unknown, unknown, unknown>;

interface TraceEntry extends TraceEntryBase {
  /** `env.agents` after this reset/step. */
  readonly agents: readonly string[];
  readonly obs: unknown;
  readonly rewards?: unknown;
  readonly terminations?: unknown;
  readonly truncations?: unknown;
  readonly infos: unknown;
}

/**
 * Check that `makeEnv` builds envs honouring the `ParallelEnv` contract (see the file header for
 * the list). `makeEnv` must return a fresh, independent env each call.
 *
 * @returns a report of what was exercised.
 * @throws ParallelEnvCheckError naming the first violated property, with the step, agent and differing value.
 */
export function checkParallelEnv<Agent extends string, Obs, Act, State, Options>(
  makeEnv: () => ParallelEnv<Agent, Obs, Act, State, Options>,
  options: Partial<CheckParallelEnvOptions> = {},
): CheckParallelEnvReport {
  const o = checkerOptions('checkParallelEnv', options, CHECK_PARALLEL_ENV_DEFAULTS);
  const { seed, steps } = o;
  const make = makeEnv as unknown as () => AnyParallelEnv;
  const env1 = make();
  const id = typeof env1.id === 'string' ? env1.id : '<env without id>';
  const fail: Fail = (message) => {
    throw new ParallelEnvCheckError(`checkParallelEnv(${id}): ${message}`);
  };

  // 1. Agents and spaces.
  let possible: readonly string[] = [];
  try {
    possible = checkAgentIds('possibleAgents', env1.possibleAgents);
  } catch (e) {
    fail(errorText(e));
  }
  for (const agent of possible) {
    for (const name of ['observationSpace', 'actionSpace'] as const) {
      const what = `${name}(${JSON.stringify(agent)})`;
      try {
        const space = env1[name](agent);
        if (space === undefined || space === null) fail(`${what} returned nothing`);
        const text = spaceJsonText(space, what, fail);
        const again = JSON.stringify(env1[name](agent).toJSON());
        if (again !== text) fail(`${what} changed between two calls: ${text} vs ${again}`);
      } catch (e) {
        if (e instanceof ParallelEnvCheckError) throw e;
        fail(`${what} is not a valid space (${errorText(e)})`);
      }
    }
  }

  // Actions: drawn for every possible agent at every step, so runs that differ cannot shift them.
  const actionRng = deriveStream(seed, 'checkParallelEnv', 'actions');
  const plan: Record<string, unknown>[] = [];
  for (let k = 0; k < steps; k++) {
    const row: Record<string, unknown> = {};
    for (const agent of possible) {
      const space = env1.actionSpace(agent);
      const a = space.sample(actionRng);
      if (!space.contains(a)) fail(`actionSpace(${JSON.stringify(agent)}).sample() returned a value outside the space (draw ${k})`);
      row[agent] = a;
    }
    plan.push(row);
  }

  // 2. Step before reset.
  if (!throws(() => env1.step(actionsFor(possible, plan[0] as Record<string, unknown>)))) fail('step() before reset() did not throw');

  // 3–6. Determinism, seed sensitivity and the state round trip.
  const run1 = checkRuns<AnyParallelEnv, TraceEntry>(env1, {
    make,
    run: (env, n) => rollout(env, seed, plan.slice(0, n), fail),
    resume: (env, from, needsReset) => continueRollout(env, plan, from, steps, needsReset, possible, fail),
    firstObs: (env, s) => env.reset({ seed: s }).obs,
    keys: ['agents', 'obs', 'rewards', 'terminations', 'truncations', 'infos'],
    sortKeys: false,
    obsNoun: 'observations',
  }, o, fail);

  // 7. Invalid actions.
  const env5 = make();
  env5.reset({ seed });
  const active = [...env5.agents];
  const valid = actionsFor(active, plan[0] as Record<string, unknown>);
  const rejectedActions: { description: string; message: string }[] = [];
  for (const { description, actions, mustName } of invalidActionRecords(env5, possible, active, valid)) {
    const message = rejectionMessage(() => env5.step(actions as AgentRecord<string, unknown>), () => env5.getState(),
      `invalid actions (${description})`, fail, (m) => {
        if (mustName !== undefined && !m.includes(mustName)) {
          fail(`step() rejected invalid actions (${description}) but the error does not name agent ${JSON.stringify(mustName)}: ${m}`);
        }
      });
    rejectedActions.push({ description, message });
  }
  stepsAfterRejections(() => env5.step(actionsFor(active, plan[0] as Record<string, unknown>)), fail);

  // 8. observe(agent), when present.
  const env6 = make() as AnyParallelEnv & { observe?: (agent: string) => unknown };
  if (typeof env6.observe === 'function') {
    const text = (x: unknown): string => JSON.stringify(ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x);
    const first = env6.reset({ seed }).obs as Record<string, unknown>;
    for (const a of env6.agents) if (text(env6.observe(a)) !== text(first[a])) fail(`observe(${JSON.stringify(a)}) after reset() differs from the observation reset() returned`);
    const r = env6.step(actionsFor([...env6.agents], plan[0] as Record<string, unknown>)).obs as Record<string, unknown>;
    const env7 = make() as typeof env6;
    env7.setState(JSON.parse(JSON.stringify(env6.getState())) as unknown);
    for (const a of Object.keys(r)) {
      if (text(env6.observe(a)) !== text(r[a])) fail(`observe(${JSON.stringify(a)}) after step() differs from the observation step() returned`);
      if (text(env7.observe!(a)) !== text(r[a])) fail(`observe(${JSON.stringify(a)}) after setState() on a fresh env differs from the observation of the saved state`);
    }
  }

  return { id, possibleAgents: possible, steps, episodes: run1.episodes, rejectedActions };
}

/** The planned actions of `agents` (fresh copies of typed arrays, so an env that mutates them cannot affect other runs). */
function actionsFor(agents: readonly string[], row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const agent of agents) {
    const a = row[agent];
    out[agent] = a instanceof Float64Array || a instanceof Int32Array ? a.slice() : a;
  }
  return out;
}

function rollout(env: AnyParallelEnv, seed: number, plan: readonly Record<string, unknown>[], fail: Fail) {
  const possible = [...env.possibleAgents];
  const { obs, infos } = env.reset({ seed });
  const first: TraceEntry = { kind: 'reset', at: 0, agents: [...env.agents], obs, infos };
  checkReset(env, first, possible, fail);
  const trace = [first, ...continueRollout(env, plan, 0, plan.length, false, possible, fail)];
  const episodes = trace.filter((e) => e.kind === 'reset').length;
  const last = trace[trace.length - 1] as TraceEntry;
  return { trace, episodes, needsReset: last.agents.length === 0 };
}

/** Steps `from..to−1` of `plan`, resetting without a seed whenever no agent is left. */
function continueRollout(
  env: AnyParallelEnv,
  plan: readonly Record<string, unknown>[],
  from: number,
  to: number,
  needsResetAtStart: boolean,
  possible: readonly string[],
  fail: Fail,
): TraceEntry[] {
  const trace: TraceEntry[] = [];
  let needsReset = needsResetAtStart;
  let episodeSteps = 0;
  let knownEpisodeStart = from === 0; // rollouts from step 0 begin with a reset; continuations know after their first reset
  for (let k = from; k < to; k++) {
    if (needsReset) {
      const { obs, infos } = env.reset();
      const entry: TraceEntry = { kind: 'reset', at: k, agents: [...env.agents], obs, infos };
      checkReset(env, entry, possible, fail);
      trace.push(entry);
      episodeSteps = 0;
      knownEpisodeStart = true;
    }
    const acting = [...env.agents];
    let r: ParallelStepResult<string, unknown>;
    try {
      r = env.step(actionsFor(acting, plan[k] as Record<string, unknown>));
    } catch (e) {
      return fail(`step ${k} threw on valid actions: ${errorText(e)}`);
    }
    episodeSteps += 1;
    const where = `step ${k}`;
    if (typeof r !== 'object' || r === null) fail(`${where} returned ${String(r)} instead of { obs, rewards, terminations, truncations, infos }`);
    for (const key of ['obs', 'rewards', 'terminations', 'truncations', 'infos'] as const) checkKeys(r[key], acting, `${where}: ${key}`, 'the agents that acted', fail);
    for (const agent of acting) {
      const at = `${where}: agent ${JSON.stringify(agent)}`;
      const reward = r.rewards[agent];
      if (typeof reward !== 'number' || !Number.isFinite(reward)) fail(`${at} got reward ${String(reward)}; rewards must be finite numbers`);
      if (typeof r.terminations[agent] !== 'boolean' || typeof r.truncations[agent] !== 'boolean') fail(`${at} got a non-boolean termination/truncation flag`);
      checkInfo(r.infos[agent], at, fail);
      checkObs(env, agent, r.obs[agent], at, fail);
      if (knownEpisodeStart && env.maxEpisodeSteps !== undefined) {
        const atLimit = episodeSteps >= env.maxEpisodeSteps;
        if (r.truncations[agent] !== atLimit) {
          fail(`${at} (episode step ${episodeSteps}) got truncation = ${String(r.truncations[agent])} but maxEpisodeSteps = ${env.maxEpisodeSteps}`);
        }
      }
    }
    const after = [...env.agents];
    checkAgentList(after, possible, `after ${where}`, fail);
    for (const agent of acting) {
      if ((r.terminations[agent] === true || r.truncations[agent] === true) && after.includes(agent)) {
        fail(`after ${where}, agent ${JSON.stringify(agent)} terminated or was truncated but is still in env.agents`);
      }
    }
    trace.push({ kind: 'step', at: k, agents: after, obs: r.obs, rewards: r.rewards, terminations: r.terminations, truncations: r.truncations, infos: r.infos });
    needsReset = after.length === 0;
  }
  return trace;
}

function checkReset(env: AnyParallelEnv, entry: TraceEntry, possible: readonly string[], fail: Fail): void {
  const where = `the reset before step ${entry.at}`;
  checkAgentList(entry.agents, possible, `after ${where}`, fail);
  if (entry.agents.length === 0) fail(`${where} left no active agent (env.agents is empty)`);
  checkKeys(entry.obs, entry.agents, `${where}: obs`, 'env.agents', fail);
  checkKeys(entry.infos, entry.agents, `${where}: infos`, 'env.agents', fail);
  for (const agent of entry.agents) {
    const at = `${where}: agent ${JSON.stringify(agent)}`;
    checkInfo((entry.infos as Record<string, unknown>)[agent], at, fail);
    checkObs(env, agent, (entry.obs as Record<string, unknown>)[agent], at, fail);
  }
}

/** `agents` must be a subsequence of `possible` (same order, no duplicates, no strangers). */
function checkAgentList(agents: readonly string[], possible: readonly string[], where: string, fail: Fail): void {
  let next = 0;
  for (const agent of agents) {
    const i = possible.indexOf(agent, next);
    if (i < 0) {
      fail(`${where}, env.agents = [${agents.join(', ')}] is not a subsequence of possibleAgents = [${possible.join(', ')}] ` +
        `(at ${JSON.stringify(agent)})`);
    }
    next = i + 1;
  }
}

/** A record must be a plain object whose keys are exactly `agents`, in that order. */
function checkKeys(record: unknown, agents: readonly string[], where: string, whom: string, fail: Fail): void {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) fail(`${where} is not a plain object keyed by agent`);
  const keys = Object.keys(record as object);
  if (keys.join('\u0000') !== agents.join('\u0000')) {
    fail(`${where} has keys [${keys.join(', ')}] but ${whom} are [${agents.join(', ')}] (same agents, in possibleAgents order, required)`);
  }
  for (const agent of agents) if (!hasAgent(record as object, agent)) fail(`${where} lacks an own entry for ${JSON.stringify(agent)}`);
}

function checkObs(env: AnyParallelEnv, agent: string, obs: unknown, where: string, fail: Fail): void {
  const space = env.observationSpace(agent);
  if (space.contains(obs)) return;
  try {
    space.validate(obs, 'observation');
  } catch (e) {
    fail(`${where}: the observation is outside observationSpace(${JSON.stringify(agent)}): ${errorText(e)}`);
  }
  fail(`${where}: the observation is outside observationSpace(${JSON.stringify(agent)}) (contains() is false but validate() passed)`);
}

function checkInfo(info: unknown, where: string, fail: Fail): void {
  if (typeof info !== 'object' || info === null || Array.isArray(info)) fail(`${where}: the info is not a plain object`);
}

interface InvalidCase {
  readonly description: string;
  readonly actions: unknown;
  /** An agent id the error message must contain, when the fault is tied to one agent. */
  readonly mustName: string | undefined;
}

/** Invalid `actions` records, each derived from a valid one so that exactly one thing is wrong. */
function invalidActionRecords(
  env: AnyParallelEnv,
  possible: readonly string[],
  active: readonly string[],
  valid: Readonly<Record<string, unknown>>,
): InvalidCase[] {
  const out: InvalidCase[] = [];
  const first = active[0] as string;
  const withValue = (agent: string, value: unknown): Record<string, unknown> => {
    const r: Record<string, unknown> = {};
    for (const a of active) r[a] = a === agent ? value : valid[a];
    return r;
  };
  // Bad values for the first and the last active agent (so an env that only checks one agent is caught).
  const targets = active.length > 1 ? [first, active[active.length - 1] as string] : [first];
  for (const agent of targets) {
    // An env that clips out-of-range Box actions ('clip') accepts them: only the other faults are invalid.
    const clips = (env as { actionBounds?: unknown }).actionBounds === 'clip';
    const values = [...invalidValues(env.actionSpace(agent), valid[agent], false).filter((v) => !(clips && v.outOfBounds !== undefined)), { description: 'undefined', value: undefined }];
    for (const { description, value } of values) {
      out.push({ description: `agent ${JSON.stringify(agent)}: ${description}`, actions: withValue(agent, value), mustName: agent });
    }
  }
  let stranger = 'not_an_agent';
  while (possible.includes(stranger)) stranger += '_';
  out.push({ description: `an entry for unknown agent ${JSON.stringify(stranger)}`, actions: { ...valid, [stranger]: valid[first] }, mustName: stranger });
  const inactive = possible.find((a) => !active.includes(a));
  if (inactive !== undefined) {
    out.push({ description: `an entry for inactive agent ${JSON.stringify(inactive)}`, actions: { ...valid, [inactive]: valid[first] }, mustName: inactive });
  }
  const missing: Record<string, unknown> = {};
  for (const a of active) if (a !== first) missing[a] = valid[a];
  out.push({ description: `no entry for active agent ${JSON.stringify(first)}`, actions: missing, mustName: first });
  out.push({ description: 'actions = null', actions: null, mustName: undefined });
  out.push({ description: 'actions = an array', actions: active.map((a) => valid[a]), mustName: undefined });
  return out;
}
