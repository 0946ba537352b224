// The paper envs' shared conventions (lib/env/index.ts header): continuous-action envs (backscatter,
// smart-community) take `actionBounds` ('error' by default, 'clip' on request); discrete-action envs
// (load-balancing, iot-multi-rat) reject invalid actions naming the agent and the range; every paper
// env's `observe(agent)` throws before the first reset()/setState() and follows a restored state.

import { describe, expect, it } from 'vitest';
import { BackscatterEnv, IotMultiRatEnv, LoadBalancingEnv, SmartCommunityEnv } from '../../lib/env/index.js';
import { agentRecord, checkParallelEnv, type AgentRecord } from '../../lib/rl/index.js';
import { TINY as IOT_TINY } from './iot-multi-rat/helpers.js';

type AnyEnv = { readonly id: string; readonly possibleAgents: readonly string[]; observe(agent: string): unknown; reset(o?: { seed?: number }): { obs: AgentRecord<string, unknown> }; getState(): unknown; setState(s: never): void };

const text = (x: unknown): string => JSON.stringify(x instanceof Float64Array ? Array.from(x) : x);

describe('paper envs: observe(agent) needs a state (reset or setState)', () => {
  const makers: Array<[string, () => AnyEnv]> = [
    ['backscatter', () => new BackscatterEnv({ episodeLength: 5 }) as unknown as AnyEnv],
    ['smart-community', () => new SmartCommunityEnv({ devicesPerCommunity: 3 }) as unknown as AnyEnv],
    ['load-balancing', () => new LoadBalancingEnv({ episodeLength: 5 }) as unknown as AnyEnv],
    ['iot-multi-rat', () => new IotMultiRatEnv(IOT_TINY) as unknown as AnyEnv],
  ];
  it.each(makers)('%s', (_, make) => {
    const env = make();
    const agent = env.possibleAgents[1]!;
    expect(() => env.observe(agent)).toThrow(`${env.id}.observe: call reset() or setState() before observe()`);
    const { obs } = env.reset({ seed: 3 });
    expect(text(env.observe(agent))).toBe(text(obs[agent]));
    const fresh = make();
    fresh.setState(JSON.parse(JSON.stringify(env.getState())) as never);
    expect(text(fresh.observe(agent))).toBe(text(obs[agent]));
    expect(() => fresh.observe('nobody')).toThrow('unknown agent "nobody"');
  });

  it('backscatter: the hierarchical observations need a state too', () => {
    const env = new BackscatterEnv({ episodeLength: 5 });
    expect(() => env.userObservation(0)).toThrow('backscatter.userObservation: call reset() or setState() before userObservation()');
    expect(() => env.apObservation()).toThrow('backscatter.apObservation: call reset() or setState() before apObservation()');
  });
});

describe("backscatter: actionBounds 'error' (default) and 'clip'", () => {
  const wild = (n: number, k: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (((i + k) * 7) % 5) * 0.6 - 0.7); // values in [−0.7, 1.7]
  const clip01 = (a: Float64Array): Float64Array => a.map((v) => Math.min(1, Math.max(0, v)));

  it("defaults to 'error': every entry point throws naming the index and bound, the env unchanged", () => {
    const env = new BackscatterEnv({ episodeLength: 5 });
    expect(env.config.actionBounds).toBe('error');
    env.reset({ seed: 1 });
    const d = env.dims, before = JSON.stringify(env.getState());
    const ap = new Float64Array(d.apActDim).fill(0.5), user = new Float64Array(d.userActDim).fill(0.5);
    const bad = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (i === 2 ? 1.5 : 0.5));
    const users = (u: Float64Array): Float64Array[] => Array.from({ length: d.numUsers }, () => u);
    expect(() => env.setApAction(bad(d.apActDim))).toThrow('backscatter.setApAction: action[2] = 1.5 is above high[2] = 1');
    expect(() => env.evaluate(ap, users(bad(d.userActDim)))).toThrow('backscatter.evaluate: userActions[0][2] = 1.5 is above high[2] = 1');
    expect(() => env.decodeUser(0, bad(d.userActDim))).toThrow('backscatter.decodeUser: action[2] = 1.5');
    const acts = agentRecord(env.possibleAgents, (_, k) => (k === 0 ? ap : k === 2 ? bad(d.userActDim) : user));
    expect(() => env.step(acts)).toThrow('backscatter.step: actions["user_1"][2] = 1.5 is above high[2] = 1');
    expect(JSON.stringify(env.getState())).toBe(before);
  });

  it("'clip' steps exactly as the clipped actions; in-range actions give identical results in both modes", () => {
    const clip = new BackscatterEnv({ episodeLength: 5, actionBounds: 'clip' }), err = new BackscatterEnv({ episodeLength: 5 });
    clip.reset({ seed: 4 });
    err.reset({ seed: 4 });
    const d = clip.dims;
    const raw = agentRecord(clip.possibleAgents, (_, k) => wild(k === 0 ? d.apActDim : d.userActDim, k));
    const clipped = agentRecord(clip.possibleAgents, (a) => clip01(raw[a]!));
    expect(JSON.stringify(clip.step(raw))).toBe(JSON.stringify(err.step(clipped)));
    expect(Array.from(raw['ap']!)).toEqual(Array.from(wild(d.apActDim, 0))); // the caller's array is not written
    // the hierarchical protocol clips too
    const ap = wild(d.apActDim, 3), users = Array.from({ length: d.numUsers }, (_, i) => wild(d.userActDim, i + 5));
    expect(JSON.stringify(clip.evaluate(ap, users))).toBe(JSON.stringify(err.evaluate(clip01(ap), users.map(clip01))));
    expect(clip.decodeUser(1, users[1]!)).toEqual(err.decodeUser(1, clip01(users[1]!)));
    clip.setApAction(ap);
    err.setApAction(clip01(ap));
    expect(JSON.stringify(clip.stepUsers(users))).toBe(JSON.stringify(err.stepUsers(users.map(clip01))));
    expect(() => clip.setApAction(new Float64Array(d.apActDim).fill(NaN))).toThrow('is NaN');
    const inRange = agentRecord(clip.possibleAgents, (_, k) => new Float64Array(k === 0 ? d.apActDim : d.userActDim).fill(0.3));
    expect(JSON.stringify(clip.step(inRange))).toBe(JSON.stringify(err.step(inRange)));
  });

  it("'clip' passes checkParallelEnv; a bad actionBounds is rejected naming the field", () => {
    expect(() => checkParallelEnv(() => new BackscatterEnv({ episodeLength: 5, actionBounds: 'clip' }), { seed: 5, steps: 12 })).not.toThrow();
    expect(() => new BackscatterEnv({ actionBounds: 'wrap' as never })).toThrow('backscatter: actionBounds must be "clip" or "error", got "wrap"');
  });
});

describe("smart-community: actionBounds 'error' (default) and 'clip'", () => {
  const cfg = { devicesPerCommunity: 3 };
  const wild = (n: number, k: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (((i + k) * 7) % 5) * 0.8 - 1.7); // values in [−1.7, 1.5]
  const clip11 = (a: Float64Array): Float64Array => a.map((v) => Math.min(1, Math.max(-1, v)));

  it("defaults to 'error': step throws naming the agent, index and bound, the env unchanged", () => {
    const env = new SmartCommunityEnv(cfg);
    expect(env.config.actionBounds).toBe('error');
    env.reset({ seed: 1 });
    const before = JSON.stringify(env.getState());
    const acts = agentRecord(env.possibleAgents, (_, k) => Float64Array.from({ length: env.dims.actDim }, (_, i) => (k === 1 && i === 4 ? -1.25 : 0)));
    expect(() => env.step(acts)).toThrow('smart-community.step: actions["community_1"][4] = -1.25 is below low[4] = -1');
    expect(JSON.stringify(env.getState())).toBe(before);
  });

  it("'clip' steps exactly as the clipped actions; in-range actions give identical results in both modes", () => {
    const clip = new SmartCommunityEnv({ ...cfg, actionBounds: 'clip' }), err = new SmartCommunityEnv(cfg);
    clip.reset({ seed: 4 });
    err.reset({ seed: 4 });
    for (let t = 0; t < 3; t++) {
      const raw = agentRecord(clip.possibleAgents, (_, k) => wild(clip.dims.actDim, k + t));
      expect(JSON.stringify(clip.step(raw))).toBe(JSON.stringify(err.step(agentRecord(err.possibleAgents, (a) => clip11(raw[a]!)))));
    }
    const inRange = agentRecord(clip.possibleAgents, (_, k) => new Float64Array(clip.dims.actDim).fill(0.2 * k - 0.1));
    expect(JSON.stringify(clip.step(inRange))).toBe(JSON.stringify(err.step(inRange)));
    expect(() => clip.step(agentRecord(clip.possibleAgents, () => new Float64Array(clip.dims.actDim).fill(NaN)))).toThrow('is NaN');
  });

  it("'clip' passes checkParallelEnv; a bad actionBounds is rejected naming the field", () => {
    expect(() => checkParallelEnv(() => new SmartCommunityEnv({ ...cfg, actionBounds: 'clip' }), { seed: 3, steps: 30 })).not.toThrow();
    expect(() => new SmartCommunityEnv({ actionBounds: 1 as never })).toThrow('smart-community: actionBounds must be "clip" or "error"');
  });
});

describe('discrete paper envs reject invalid actions naming the agent and the range; the env is unchanged', () => {
  it('load-balancing: Discrete(M + 1)', () => {
    const env = new LoadBalancingEnv({ episodeLength: 5 });
    env.reset({ seed: 1 });
    const before = JSON.stringify(env.getState()), M1 = env.config.numServers + 1;
    for (const [bad, msg] of [[M1, `actions["user_0"] = ${M1}`], [0.5, 'actions["user_0"] = 0.5 is not an integer'], [-1, 'actions["user_0"] = -1']] as const) {
      expect(() => env.step(agentRecord(env.possibleAgents, (_, n) => (n === 0 ? bad : 0)))).toThrow(`load-balancing.step: ${msg}`);
    }
    expect(JSON.stringify(env.getState())).toBe(before);
  });
  it('iot-multi-rat: Discrete(1 + M_L·X_L + M_W·X_W)', () => {
    const env = new IotMultiRatEnv(IOT_TINY);
    env.reset({ seed: 1 });
    const before = JSON.stringify(env.getState()), A = env.dims.numActions;
    for (const [bad, msg] of [[A, `actions["user_1"] = ${A}`], [1.5, 'actions["user_1"] = 1.5 is not an integer'], [NaN, 'actions["user_1"]']] as const) {
      expect(() => env.step(agentRecord(env.possibleAgents, (_, n) => (n === 1 ? bad : 0)))).toThrow(`iot-multi-rat.step: ${msg}`);
    }
    expect(JSON.stringify(env.getState())).toBe(before);
  });
});
