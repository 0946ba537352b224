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
//      `actions` value that is not an object.
// Comparisons use Object.is per number, so −0 ≠ 0 and NaN = NaN.
//
// The value comparison (`difference`), the JSON check (`nonJson`) and the per-space invalid values
// follow checkEnv.ts's private helpers of the same names; if they are ever exported from one place,
// both checkers should use it.

import { deriveStream } from '../random/index.js';
import type { AgentRecord, ParallelEnv, ParallelStepResult } from './parallelEnv.js';
import { checkAgentIds, hasAgent } from './parallelEnv.js';
import { Box, Discrete, MultiDiscrete, spaceFromJSON } from './spaces.js';
import { integerIn, noUnknownKeys } from './validate.js';

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
type Fail = (message: string) => never;

interface TraceEntry {
  readonly kind: 'reset' | 'step';
  /** Step index in the rollout (for a reset: the index of the next step). */
  readonly at: number;
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
  noUnknownKeys('checkParallelEnv', options, Object.keys(CHECK_PARALLEL_ENV_DEFAULTS));
  const o = { ...CHECK_PARALLEL_ENV_DEFAULTS, ...options };
  const seed = integerIn('checkParallelEnv', 'seed', o.seed, Number.MIN_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER - 1);
  const steps = integerIn('checkParallelEnv', 'steps', o.steps, 2, 1_000_000);
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
      let text = '';
      try {
        const space = env1[name](agent);
        if (space === undefined || space === null) fail(`${what} returned nothing`);
        text = JSON.stringify(space.toJSON());
        const rebuilt = JSON.stringify(spaceFromJSON(JSON.parse(text)).toJSON());
        if (rebuilt !== text) fail(`${what}.toJSON() does not round trip through spaceFromJSON: ${text} vs ${rebuilt}`);
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

  // 3 + 4. Determinism across envs and across re-seeding, with per-step validity checks.
  const env2 = make();
  const run1 = rollout(env1, seed, plan, fail);
  const run2 = rollout(env2, seed, plan, fail);
  compareTraces(run1.trace, run2.trace, `two envs from makeEnv, reset with seed ${seed} and given the same actions,`, fail);
  const run1again = rollout(env1, seed, plan, fail);
  compareTraces(run1.trace, run1again.trace, `re-seeding the same env with reset({ seed: ${seed} }) did not reproduce its first run:`, fail);

  // 5. Seed sensitivity.
  if (o.checkSeedSensitivity) {
    const a = env1.reset({ seed }).obs;
    const b = env1.reset({ seed: seed + 1 }).obs;
    if (difference(a, b, 'obs') === undefined) {
      fail(`reset({ seed: ${seed} }) and reset({ seed: ${seed + 1} }) gave the same observations; does reset ignore the seed? ` +
        '(pass checkSeedSensitivity: false for an env whose start is deterministic)');
    }
  }

  // 6. State round trip: snapshot mid-run, then continue (a) on a fresh env, (b) on the same env rewound.
  const mid = Math.floor(steps / 2);
  const env3 = make();
  const head = rollout(env3, seed, plan.slice(0, mid), fail);
  const raw = env3.getState();
  const badJson = nonJson(raw, 'state');
  if (badJson !== undefined) fail(`getState() is not plain JSON: ${badJson}`);
  const snapshot = JSON.stringify(raw);
  const tail = continueRollout(env3, plan, mid, steps, head.needsReset, possible, fail);
  const env4 = make();
  env4.setState(JSON.parse(snapshot));
  compareTraces(tail, continueRollout(env4, plan, mid, steps, head.needsReset, possible, fail),
    `setState(getState()) on a fresh env (snapshot after ${mid} steps) did not reproduce the continuation:`, fail);
  env3.setState(JSON.parse(snapshot));
  compareTraces(tail, continueRollout(env3, plan, mid, steps, head.needsReset, possible, fail),
    `setState(getState()) on the same env (rewind to step ${mid}) did not reproduce the continuation:`, fail);

  // 7. Invalid actions.
  const env5 = make();
  env5.reset({ seed });
  const active = [...env5.agents];
  const valid = actionsFor(active, plan[0] as Record<string, unknown>);
  const rejectedActions: { description: string; message: string }[] = [];
  for (const { description, actions, mustName } of invalidActionRecords(env5, possible, active, valid)) {
    const before = JSON.stringify(env5.getState());
    let error: unknown;
    let threw = false;
    try {
      env5.step(actions as AgentRecord<string, unknown>);
    } catch (e) {
      threw = true;
      error = e;
    }
    if (!threw) fail(`step() accepted invalid actions (${description})`);
    if (!(error instanceof Error) || error.message.length === 0) fail(`step() rejected invalid actions (${description}) without an Error message`);
    const message = (error as Error).message;
    if (mustName !== undefined && !message.includes(mustName)) {
      fail(`step() rejected invalid actions (${description}) but the error does not name agent ${JSON.stringify(mustName)}: ${message}`);
    }
    if (JSON.stringify(env5.getState()) !== before) fail(`step() with invalid actions (${description}) changed the env state before throwing`);
    rejectedActions.push({ description, message });
  }
  try {
    env5.step(actionsFor(active, plan[0] as Record<string, unknown>));
  } catch (e) {
    fail(`after rejecting invalid actions, a valid step threw: ${errorText(e)}`);
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

function compareTraces(a: readonly TraceEntry[], b: readonly TraceEntry[], what: string, fail: Fail): void {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as TraceEntry;
    const y = b[i] as TraceEntry;
    const where = x.kind === 'reset' ? `the reset before step ${x.at}` : `step ${x.at}`;
    if (x.kind !== y.kind) fail(`${what} one run reset while the other stepped at ${where}`);
    for (const key of ['agents', 'obs', 'rewards', 'terminations', 'truncations', 'infos'] as const) {
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
    const ka = Object.keys(a);
    const kb = Object.keys(b);
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
    for (const { description, value } of invalidValues(env.actionSpace(agent), valid[agent])) {
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

/** Invalid single-agent actions for the built-in spaces, each derived from a valid one. */
function invalidValues(space: unknown, valid: unknown): { description: string; value: unknown }[] {
  const out: { description: string; value: unknown }[] = [];
  if (space instanceof Box && valid instanceof Float64Array) {
    const n = space.size;
    const withValue = (v: number): Float64Array => {
      const a = Float64Array.from(valid);
      a[0] = v;
      return a;
    };
    const hi = space.high[0] as number;
    const lo = space.low[0] as number;
    if (Number.isFinite(hi)) out.push({ description: `action[0] above high[0] = ${hi}`, value: withValue(hi + Math.max(1, Math.abs(hi))) });
    if (Number.isFinite(lo)) out.push({ description: `action[0] below low[0] = ${lo}`, value: withValue(lo - Math.max(1, Math.abs(lo))) });
    out.push({ description: 'action[0] = NaN', value: withValue(NaN) });
    const longer = new Float64Array(n + 1);
    longer.set(valid);
    out.push({ description: `length ${n + 1} instead of ${n}`, value: longer });
    if (n > 1) out.push({ description: `length ${n - 1} instead of ${n}`, value: valid.slice(0, n - 1) });
    out.push({ description: 'a plain array instead of a Float64Array', value: Array.from(valid) });
    out.push({ description: 'a number instead of a Float64Array', value: valid[0] });
  } else if (space instanceof Discrete) {
    const { start, n } = space;
    out.push({ description: `non-integer ${start + 0.5}`, value: start + 0.5 });
    out.push({ description: `${start + n}, one above the largest value`, value: start + n });
    out.push({ description: `${start - 1}, one below the smallest value`, value: start - 1 });
    out.push({ description: 'NaN', value: NaN });
    out.push({ description: 'a Float64Array instead of a number', value: Float64Array.of(start) });
  } else if (space instanceof MultiDiscrete && valid instanceof Int32Array) {
    const above = Int32Array.from(valid);
    above[0] = space.nvec[0] as number;
    const below = Int32Array.from(valid);
    below[0] = -1;
    out.push({ description: `action[0] = nvec[0] = ${space.nvec[0]}`, value: above });
    out.push({ description: 'action[0] = -1', value: below });
    const longer = new Int32Array(valid.length + 1);
    longer.set(valid);
    out.push({ description: `length ${valid.length + 1} instead of ${valid.length}`, value: longer });
    out.push({ description: 'a Float64Array instead of an Int32Array', value: Float64Array.from(valid) });
  }
  out.push({ description: 'undefined', value: undefined });
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
