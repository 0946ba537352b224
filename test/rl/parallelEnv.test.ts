// ParallelEnv helpers (agent ids, records, action validation) and checkParallelEnv: it passes on
// simple_spread and catches each kind of broken env (each subclass below breaks exactly one rule).

import { describe, expect, it } from 'vitest';
import type { AgentRecord, ParallelResetResult, ParallelStepResult } from '../../lib/rl/parallelEnv.js';
import { agentRecord, checkAgentIds, hasAgent, validateActions } from '../../lib/rl/parallelEnv.js';
import { checkParallelEnv, ParallelEnvCheckError } from '../../lib/rl/checkParallelEnv.js';
import { Box, Discrete } from '../../lib/rl/spaces.js';
import type { SimpleSpreadState } from '../../lib/env/classic/simpleSpread.js';
import { SimpleSpreadEnv } from '../../lib/env/classic/simpleSpread.js';

type Act = Float64Array | number;

describe('agent ids and records', () => {
  it('checkAgentIds accepts distinct non-index ids and returns a frozen copy', () => {
    const ids = ['agent_0', 'agent_1', 'adversary'];
    const out = checkAgentIds('T', ids);
    expect(out).toEqual(ids);
    expect(out).not.toBe(ids);
    expect(Object.isFrozen(out)).toBe(true);
  });

  it('checkAgentIds rejects ids that would break insertion order, duplicates and non-strings', () => {
    expect(() => checkAgentIds('T', [])).toThrow(/T: possibleAgents must be a non-empty array/);
    expect(() => checkAgentIds('T', ['a', '1'])).toThrow(/possibleAgents\[1\] = "1" looks like an array index/);
    expect(() => checkAgentIds('T', ['0'])).toThrow(/array index/);
    expect(() => checkAgentIds('T', ['__proto__'])).toThrow(/must not be "__proto__"/);
    expect(() => checkAgentIds('T', ['a', 'b', 'a'])).toThrow(/possibleAgents\[2\] = "a" is a duplicate/);
    expect(() => checkAgentIds('T', ['a', ''])).toThrow(/possibleAgents\[1\] must be a non-empty string/);
    expect(() => checkAgentIds('T', ['a', 3 as unknown as string])).toThrow(TypeError);
    // Not array indices, so insertion order is kept: leading zero, negative, 2^32 − 1.
    expect(() => checkAgentIds('T', ['01', '-1', '4294967295'])).not.toThrow();
  });

  it('the pitfall checkAgentIds guards against: index-like keys iterate numerically', () => {
    const o: Record<string, number> = {};
    o['10'] = 0;
    o['2'] = 1;
    expect(Object.keys(o)).toEqual(['2', '10']);
  });

  it('agentRecord inserts keys in list order, so keys, entries and JSON follow it', () => {
    const r = agentRecord(['zeta', 'alpha', 'mid'], (a, i) => `${a}${i}`);
    expect(Object.keys(r)).toEqual(['zeta', 'alpha', 'mid']);
    expect(JSON.stringify(r)).toBe('{"zeta":"zeta0","alpha":"alpha1","mid":"mid2"}');
    expect(hasAgent(r, 'alpha')).toBe(true);
    expect(hasAgent(r, 'toString')).toBe(false);
  });
});

describe('validateActions', () => {
  const possible = ['agent_0', 'agent_1', 'agent_2'];
  const box = new Box({ low: 0, high: 1, shape: [5] });
  const disc = new Discrete(5);
  const ok = (): Record<string, Act> => ({ agent_0: new Float64Array(5), agent_1: new Float64Array(5), agent_2: new Float64Array(5) });
  const v = (actions: unknown, agents = possible, space: Box | Discrete = box): void =>
    validateActions('E.step', agents, possible, () => space as never, actions);

  it('accepts one valid action per active agent', () => {
    expect(() => v(ok())).not.toThrow();
    expect(() => v({ agent_0: 4, agent_2: 0 }, ['agent_0', 'agent_2'], disc)).not.toThrow();
  });

  it('names the agent, the index and the bound of a bad value', () => {
    const a = ok();
    (a['agent_1'] as Float64Array)[3] = 1.5;
    expect(() => v(a)).toThrow('E.step: actions["agent_1"][3] = 1.5 is above high[3] = 1');
    (a['agent_1'] as Float64Array)[3] = -0.5;
    expect(() => v(a)).toThrow('actions["agent_1"][3] = -0.5 is below low[3] = 0');
    (a['agent_1'] as Float64Array)[3] = NaN;
    expect(() => v(a)).toThrow('actions["agent_1"][3] is NaN');
    expect(() => v({ ...ok(), agent_2: new Float64Array(4) })).toThrow(/actions\["agent_2"\] has length 4 but .* needs length 5/);
    expect(() => v({ ...ok(), agent_0: [0, 0, 0, 0, 0] })).toThrow(TypeError);
    expect(() => v({ agent_0: 0, agent_1: 5, agent_2: 0 }, possible, disc)).toThrow(/actions\["agent_1"\] = 5 is above the largest value 4/);
    expect(() => v({ agent_0: 0, agent_1: 0, agent_2: 1.5 }, possible, disc)).toThrow(/actions\["agent_2"\] = 1.5 is not an integer/);
  });

  it('rejects unknown, inactive and missing agents, and non-objects', () => {
    expect(() => v({ ...ok(), agent_9: new Float64Array(5) })).toThrow(/unknown agent "agent_9"; active agents: agent_0, agent_1, agent_2/);
    expect(() => v(ok(), ['agent_0', 'agent_2'])).toThrow(/agent "agent_1", which is not active/);
    const { agent_1: _dropped, ...missing } = ok();
    expect(() => v(missing)).toThrow(/actions is missing agent "agent_1"/);
    expect(() => v(null)).toThrow(/actions must be an object with one action per active agent/);
    expect(() => v([1, 2, 3])).toThrow(TypeError);
    expect(() => v(new Float64Array(3))).toThrow(TypeError);
  });
});

// --- Broken envs: each breaks exactly one rule of the contract. ---------------------------------

let globalCounter = 0; // the bug of NondeterministicEnv: state shared across instances

class NondeterministicEnv extends SimpleSpreadEnv {
  override step(actions: AgentRecord<string, Act>): ParallelStepResult<string, Float64Array> {
    const r = super.step(actions);
    globalCounter += 1;
    const obs = r.obs['agent_0'] as Float64Array;
    obs[2] = (obs[2] as number) + globalCounter * 1e-9;
    return r;
  }
}

class OutOfSpaceObsEnv extends SimpleSpreadEnv {
  override step(actions: AgentRecord<string, Act>): ParallelStepResult<string, Float64Array> {
    const r = super.step(actions);
    (r.obs['agent_1'] as Float64Array)[5] = NaN;
    return r;
  }
}

class ShortObsEnv extends SimpleSpreadEnv {
  override reset(opts?: { seed?: number }): ParallelResetResult<string, Float64Array> {
    const r = super.reset(opts);
    return { obs: { ...r.obs, agent_2: (r.obs['agent_2'] as Float64Array).slice(0, 17) }, infos: r.infos };
  }
}

class FillsMissingAgentsEnv extends SimpleSpreadEnv {
  override step(actions: AgentRecord<string, Act>): ParallelStepResult<string, Float64Array> {
    const filled: Record<string, Act> = { ...(actions as Record<string, Act>) };
    for (const a of this.agents) if (!hasAgent(actions, a)) filled[a] = 0; // silently substitutes a no-op
    return super.step(filled);
  }
}

class AnonymousErrorsEnv extends SimpleSpreadEnv {
  override step(actions: AgentRecord<string, Act>): ParallelStepResult<string, Float64Array> {
    try {
      return super.step(actions);
    } catch {
      throw new Error('bad action');
    }
  }
}

class ReorderedRewardsEnv extends SimpleSpreadEnv {
  override step(actions: AgentRecord<string, Act>): ParallelStepResult<string, Float64Array> {
    const r = super.step(actions);
    const rewards: Record<string, number> = {};
    for (const a of [...this.possibleAgents].reverse()) rewards[a] = r.rewards[a] as number;
    return { ...r, rewards };
  }
}

class ExtraInfoKeyEnv extends SimpleSpreadEnv {
  override step(actions: AgentRecord<string, Act>): ParallelStepResult<string, Float64Array> {
    const r = super.step(actions);
    return { ...r, infos: { ...r.infos, landmark_0: {} } };
  }
}

class ForgetfulStateEnv extends SimpleSpreadEnv {
  override getState(): SimpleSpreadState {
    const s = super.getState();
    return { ...s, agentVel: s.agentVel.map(() => 0) }; // drops the velocities
  }
}

class ImmortalAgentsEnv extends SimpleSpreadEnv {
  override get agents(): readonly string[] {
    return this.possibleAgents; // truncated agents are never removed
  }
}

class InfiniteRewardEnv extends SimpleSpreadEnv {
  override step(actions: AgentRecord<string, Act>): ParallelStepResult<string, Float64Array> {
    const r = super.step(actions);
    return { ...r, rewards: { ...r.rewards, agent_2: -Infinity } };
  }
}

class SeedIgnoringEnv extends SimpleSpreadEnv {
  override reset(): ParallelResetResult<string, Float64Array> {
    return super.reset({ seed: 0 });
  }
}

describe('checkParallelEnv', () => {
  it('passes on simple_spread with discrete and continuous actions and reports what it exercised', () => {
    const discrete = checkParallelEnv(() => new SimpleSpreadEnv(), { steps: 60 });
    expect(discrete.id).toBe('simple_spread');
    expect(discrete.possibleAgents).toEqual(['agent_0', 'agent_1', 'agent_2']);
    expect(discrete.episodes).toBe(3); // 60 steps of 25-step episodes
    const descriptions = discrete.rejectedActions.map((r) => r.description);
    expect(descriptions).toContain('agent "agent_0": 5, one above the largest value');
    expect(descriptions).toContain('an entry for unknown agent "not_an_agent"');
    expect(descriptions).toContain('no entry for active agent "agent_0"');
    const continuous = checkParallelEnv(() => new SimpleSpreadEnv({ continuous: true }), { steps: 60, seed: 7 });
    expect(continuous.rejectedActions.map((r) => r.description)).toContain('agent "agent_2": length 6 instead of 5');
  });

  const cases: Array<[string, () => SimpleSpreadEnv, RegExp]> = [
    ['nondeterministic (module-level counter)', () => new NondeterministicEnv(), /two envs from makeEnv, reset with seed 123 and given the same actions, differ at step 0: obs\.agent_0\[2\]/],
    ['an out-of-space observation after a step', () => new OutOfSpaceObsEnv(), /step 0: agent "agent_1": the observation is outside observationSpace\("agent_1"\): observation\[5\] is NaN/],
    ['a wrong-length observation at reset', () => new ShortObsEnv(), /reset before step 0: agent "agent_2": the observation is outside .* has length 17/],
    ['accepting a missing agent', () => new FillsMissingAgentsEnv(), /accepted invalid actions \(no entry for active agent "agent_0"\)/],
    ['errors that do not name the agent', () => new AnonymousErrorsEnv(), /the error does not name agent "agent_0": bad action/],
    ['record keys out of possibleAgents order', () => new ReorderedRewardsEnv(), /step 0: rewards has keys \[agent_2, agent_1, agent_0\] but the agents that acted are \[agent_0, agent_1, agent_2\]/],
    ['a record key that is not an acting agent', () => new ExtraInfoKeyEnv(), /step 0: infos has keys \[agent_0, agent_1, agent_2, landmark_0\]/],
    ['a state that does not capture the velocities', () => new ForgetfulStateEnv(), /setState\(getState\(\)\) on a fresh env \(snapshot after 30 steps\) did not reproduce the continuation/],
    ['truncated agents left in env.agents', () => new ImmortalAgentsEnv(), /after step 24, agent "agent_0" terminated or was truncated but is still in env.agents/],
    ['a non-finite reward', () => new InfiniteRewardEnv(), /step 0: agent "agent_2" got reward -Infinity/],
    ['reset ignoring its seed', () => new SeedIgnoringEnv(), /re-seeding|ignore the seed/],
  ];
  for (const [name, make, message] of cases) {
    it(`fails on an env with ${name}`, () => {
      let error: unknown;
      try {
        checkParallelEnv(make, { steps: 60 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ParallelEnvCheckError);
      expect((error as Error).message).toMatch(/^checkParallelEnv\(simple_spread\): /);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('validates its own options', () => {
    expect(() => checkParallelEnv(() => new SimpleSpreadEnv(), { steps: 1 })).toThrow(/steps must be an integer in \[2, 1000000\]/);
    expect(() => checkParallelEnv(() => new SimpleSpreadEnv(), { sed: 1 } as never)).toThrow(/unknown config field "sed"/);
  });
});
