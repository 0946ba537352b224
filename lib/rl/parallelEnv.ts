// The multi-agent environment interface, shaped like PettingZoo's `ParallelEnv`
// (`pettingzoo/utils/env.py`): every active agent acts at once.
//
//   possibleAgents                 every agent id that can ever appear, in a fixed order;
//   agents                         the agents active now (a subsequence of possibleAgents);
//   observationSpace(agent), actionSpace(agent)   the same space object for the same agent, always;
//   reset({ seed, options })   →  { obs, infos }                                   keyed by agent;
//   step(actions)              →  { obs, rewards, terminations, truncations, infos } keyed by agent;
//   getState() / setState()        JSON-serialisable snapshot incl. the env's Rng state.
//
// Per-agent values are plain objects (`AgentRecord`), not Maps, so they print, compare and
// serialise as JSON. Iteration order — the pitfall and the rule:
//   - JavaScript orders an object's string keys by insertion, EXCEPT keys that look like array
//     indices ('0', '1', '42'), which always come first in numeric order, and the key '__proto__',
//     which an assignment turns into a prototype change. Agent ids are therefore required to be
//     non-empty strings that are neither canonical array indices nor '__proto__' (`checkAgentIds`);
//     'agent_0', 'agent_1', … are the convention.
//   - Envs insert keys in `possibleAgents` order (use `agentRecord`), so `Object.keys(record)`,
//     `Object.entries(record)` and `JSON.stringify(record)` all follow `possibleAgents` order.
//     Consumers that need an order should still iterate `env.possibleAgents` / `env.agents`.
//
// Which agents a record holds:
//   - reset: obs and infos hold exactly the agents active after the reset (`env.agents`);
//   - step: all five records hold exactly the agents that were active when `step` was called
//     (the agents that acted), including those that terminated or were truncated on this step.
//     Afterwards those agents are removed from `env.agents` (PettingZoo's parallel semantics); when
//     `env.agents` is empty the episode is over and the next call must be `reset`.
//   - `actions` must hold exactly the active agents: a missing agent, an unknown or inactive agent,
//     or a value outside the agent's action space is rejected before the env changes, with an error
//     naming the agent (and, for values, the index and the bound) — see `validateActions`.
//
// Seeding, termination vs truncation and the time limit follow the single-agent contract in
// lib/rl/env.ts (the env owns its Rng, reseeded by `reset({ seed })`; `terminated` = MDP terminal
// state, do not bootstrap; `truncated` = time limit, bootstrap). `checkParallelEnv` tests all of it.
//
// Deviations from PettingZoo: no render/close/metadata/state(); reset returns infos together with
// obs (PettingZoo ≥ 1.22 does the same); the time limit is inside the env (`maxEpisodeSteps`);
// invalid actions throw instead of being clipped or replaced by a no-op.

import type { ActionBoundsMode } from './actionBounds.js';
import { boundAction } from './actionBounds.js';
import type { Info, ResetOptions } from './env.js';
import { Box, type Space } from './spaces.js';
import { describeValue } from './validate.js';

/**
 * Per-agent values keyed by agent id: a plain object whose keys are exactly the agents concerned,
 * inserted in `possibleAgents` order (see the file header for why that order is deterministic).
 * Reading a key gives `T | undefined`, since not every agent is present in every record.
 */
export type AgentRecord<Agent extends string, T> = Readonly<Partial<Record<Agent, T>>>;

/** Result of `ParallelEnv.reset`: keys are exactly `env.agents` after the reset. */
export interface ParallelResetResult<Agent extends string, Obs> {
  /** First observation of each active agent (fresh values; the env keeps no reference to them). */
  readonly obs: AgentRecord<Agent, Obs>;
  readonly infos: AgentRecord<Agent, Info>;
}

/** Result of `ParallelEnv.step`: keys of every record are exactly the agents that acted. */
export interface ParallelStepResult<Agent extends string, Obs> {
  /** Observation after the step (fresh values; the env keeps no reference to them). */
  readonly obs: AgentRecord<Agent, Obs>;
  /** Finite reward of each agent for this transition. */
  readonly rewards: AgentRecord<Agent, number>;
  /** The agent reached a terminal state: do not bootstrap from its `obs`. */
  readonly terminations: AgentRecord<Agent, boolean>;
  /** The agent's episode was cut (time limit): bootstrap from its `obs`. */
  readonly truncations: AgentRecord<Agent, boolean>;
  readonly infos: AgentRecord<Agent, Info>;
}

/**
 * A parallel multi-agent environment. `Obs`/`Act` are the element types of the agents' spaces
 * (Float64Array for Box, number for Discrete, Int32Array for MultiDiscrete), `State` the
 * JSON-serialisable snapshot type, `Options` the reset options.
 */
export interface ParallelEnv<Agent extends string, Obs, Act, State = unknown, Options = Readonly<Record<string, unknown>>> {
  /** Stable identifier, e.g. `'simple_spread'`; used in error messages and stream labels. */
  readonly id: string;
  /** Every agent that may ever be active, in the fixed order all records follow. Non-empty, no duplicates. */
  readonly possibleAgents: readonly Agent[];
  /** Agents active now: a subsequence of `possibleAgents`; empty before the first reset and after the episode ended. */
  readonly agents: readonly Agent[];
  /** Steps after which every agent is truncated, or undefined when unlimited. */
  readonly maxEpisodeSteps: number | undefined;
  /** Box action spaces only: what an out-of-range action does (see `Env.actionBounds`); undefined = 'error'. */
  readonly actionBounds?: ActionBoundsMode;
  /** Observation space of `agent` (the same object on every call). Throws for an id not in `possibleAgents`. */
  observationSpace(agent: Agent): Space<Obs>;
  /** Action space of `agent` (the same object on every call). Throws for an id not in `possibleAgents`. */
  actionSpace(agent: Agent): Space<Act>;
  /** Start an episode (seeding contract of lib/rl/env.ts). */
  reset(opts?: ResetOptions<Options>): ParallelResetResult<Agent, Obs>;
  /**
   * Advance one step with one action per active agent. Throws — leaving the env unchanged — on an
   * invalid `actions` record, before `reset`, or after the episode ended.
   */
  step(actions: AgentRecord<Agent, Act>): ParallelStepResult<Agent, Obs>;
  /** JSON-serialisable snapshot of everything that affects the future (incl. active agents, step count, Rng state). */
  getState(): State;
  /** Restore a snapshot from `getState` (possibly after a JSON round trip). Validates it. */
  setState(state: State): void;
}

/** Canonical array index ('0', '7', '4294967294'): such object keys are ordered numerically, not by insertion. */
function isArrayIndexKey(key: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/**
 * Validate a list of agent ids (for `possibleAgents`): a non-empty array of distinct, non-empty
 * strings, none a canonical array index ('0', '12') nor '__proto__', so that records built with
 * `agentRecord` iterate in list order. Returns a frozen copy.
 * @throws TypeError/RangeError naming `owner`, the offending position and the rule.
 */
export function checkAgentIds<Agent extends string>(owner: string, ids: readonly Agent[]): readonly Agent[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new TypeError(`${owner}: possibleAgents must be a non-empty array of agent ids, got ${describeValue(ids)}`);
  }
  const seen = new Set<string>();
  ids.forEach((id: unknown, i) => {
    if (typeof id !== 'string' || id.length === 0) {
      throw new TypeError(`${owner}: possibleAgents[${i}] must be a non-empty string, got ${describeValue(id)}`);
    }
    if (isArrayIndexKey(id)) {
      throw new RangeError(`${owner}: possibleAgents[${i}] = ${JSON.stringify(id)} looks like an array index; ` +
        'object keys of that form iterate in numeric order, not insertion order (use e.g. "agent_0")');
    }
    if (id === '__proto__') throw new RangeError(`${owner}: possibleAgents[${i}] must not be "__proto__"`);
    if (seen.has(id)) throw new RangeError(`${owner}: possibleAgents[${i}] = ${JSON.stringify(id)} is a duplicate`);
    seen.add(id);
  });
  return Object.freeze([...ids]);
}

/** A record with one entry per agent of `agents`, inserted in that order: `{ [agent]: value(agent, i) }`. */
export function agentRecord<Agent extends string, T>(agents: readonly Agent[], value: (agent: Agent, index: number) => T): AgentRecord<Agent, T> {
  const out: Partial<Record<Agent, T>> = {};
  agents.forEach((agent, i) => {
    out[agent] = value(agent, i);
  });
  return out;
}

/** Own-property lookup (a record never inherits agents from Object.prototype, e.g. 'toString'). */
export function hasAgent(record: object, agent: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, agent);
}

/**
 * Check an `actions` record before an env applies it (call it before changing any state):
 *   - `actions` is a plain object;
 *   - every key is an active agent (unknown ids and inactive agents are named in the error);
 *   - every active agent is present;
 *   - each value passes `actionSpace(agent).validate`, e.g.
 *     `simple_spread.step: actions["agent_1"][3] = 1.5 is above high[3] = 1`.
 * With `bounds` 'clip', a Box action outside its bounds passes (the env then steps with
 * `boundAction(space, action, 'clip')`); wrong types, lengths and NaNs are still rejected.
 * @param owner - prefix of every message, e.g. `'simple_spread.step'`.
 * @param agents - the active agents (`env.agents`).
 * @param possibleAgents - all agent ids (to tell "inactive" from "unknown").
 * @throws TypeError/RangeError naming the agent; the value errors also name the index and bound.
 */
export function validateActions<Agent extends string, Act>(
  owner: string,
  agents: readonly Agent[],
  possibleAgents: readonly Agent[],
  actionSpace: (agent: Agent) => Space<Act>,
  actions: unknown,
  bounds: ActionBoundsMode = 'error',
): asserts actions is AgentRecord<Agent, Act> {
  const expected = `an object with one action per active agent (${agents.map((a) => JSON.stringify(a)).join(', ')})`;
  if (typeof actions !== 'object' || actions === null || Array.isArray(actions) || ArrayBuffer.isView(actions)) {
    throw new TypeError(`${owner}: actions must be ${expected}, got ${describeValue(actions)}`);
  }
  const active = new Set<string>(agents);
  for (const key of Object.keys(actions)) {
    if (active.has(key)) continue;
    if ((possibleAgents as readonly string[]).includes(key)) {
      throw new RangeError(`${owner}: actions has an entry for agent ${JSON.stringify(key)}, which is not active ` +
        `(it terminated or was truncated); active agents: ${agents.join(', ')}`);
    }
    throw new RangeError(`${owner}: actions has an entry for unknown agent ${JSON.stringify(key)}; ` +
      `active agents: ${agents.join(', ')}`);
  }
  for (const agent of agents) {
    if (!hasAgent(actions, agent)) {
      throw new RangeError(`${owner}: actions is missing agent ${JSON.stringify(agent)}; every active agent must act ` +
        `(active agents: ${agents.join(', ')})`);
    }
  }
  const record = actions as Readonly<Record<string, unknown>>;
  for (const agent of agents) {
    try {
      const space = actionSpace(agent), what = `actions[${JSON.stringify(agent)}]`;
      if (bounds === 'clip' && space instanceof Box) boundAction(space, record[agent], 'clip', what);
      else space.validate(record[agent], what);
    } catch (e) {
      const message = `${owner}: ${e instanceof Error ? e.message : String(e)}`;
      throw e instanceof TypeError ? new TypeError(message) : new RangeError(message);
    }
  }
}
