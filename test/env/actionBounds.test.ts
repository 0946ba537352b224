// Out-of-range actions per environment (issue 12): Pendulum clips (Gymnasium), CartPole rejects
// (Gymnasium asserts), small-cell (a paper env) rejects by default and clips on request; the shared
// `boundAction` helper; and mecrl/env exporting the MEC building blocks of lib/env/common.

import { describe, expect, it } from 'vitest';
import * as envApi from '../../lib/env/index.js';
import * as common from '../../lib/env/common/index.js';
import { cartPole, simpleSpread, SmallCellEnv } from '../../lib/env/index.js';
import { Box, boundAction, checkParallelEnv, agentRecord } from '../../lib/rl/index.js';
import { TINY } from './small-cell/helpers.js';

describe('boundAction', () => {
  const box = new Box({ low: [0, -1], high: [1, 1] });
  it("'clip' returns the same array when in range and a clipped copy otherwise", () => {
    const inside = Float64Array.of(0.5, -1);
    expect(boundAction(box, inside, 'clip')).toBe(inside);
    const outside = Float64Array.of(1.5, -3);
    const clipped = boundAction(box, outside, 'clip');
    expect(Array.from(clipped)).toEqual([1, -1]);
    expect(Array.from(outside)).toEqual([1.5, -3]);
  });
  it("'error' throws naming the index and bound; both modes reject NaN, lengths and types", () => {
    expect(() => boundAction(box, Float64Array.of(0, 2), 'error')).toThrow('action[1] = 2 is above high[1] = 1');
    for (const mode of ['clip', 'error'] as const) {
      expect(() => boundAction(box, Float64Array.of(NaN, 0), mode)).toThrow('action[0] is NaN');
      expect(() => boundAction(box, Float64Array.of(0), mode)).toThrow('action has length 1');
      expect(() => boundAction(box, [0, 0], mode)).toThrow(TypeError);
    }
  });
});

describe('CartPole-v1 rejects invalid actions (Gymnasium asserts action_space.contains)', () => {
  it('throws on 2, 0.5 and -1 and leaves the state unchanged', () => {
    const env = cartPole();
    env.reset({ seed: 1 });
    const before = JSON.stringify(env.getState());
    expect(() => env.step(2)).toThrow('action = 2');
    expect(() => env.step(0.5)).toThrow('action = 0.5 is not an integer');
    expect(() => env.step(-1)).toThrow('action = -1');
    expect(JSON.stringify(env.getState())).toBe(before);
  });
  it('observe() throws before reset and follows reset/step/setState (also on a never-reset env)', () => {
    const env = cartPole();
    expect(() => env.observe()).toThrow('CartPole-v1.observe: call reset() or setState() before observe()');
    env.reset({ seed: 2 });
    const r = env.step(1);
    expect(Array.from(env.observe())).toEqual(Array.from(r.obs));
    const fresh = cartPole();
    fresh.setState(JSON.parse(JSON.stringify(env.getState())));
    expect(Array.from(fresh.observe())).toEqual(Array.from(r.obs));
    expect(Array.from(fresh.step(0).obs)).toEqual(Array.from(env.step(0).obs));
  });
});

describe("small-cell: actionBounds 'error' (default) and 'clip'", () => {
  const agents = ['sbs_0', 'sbs_1'];
  const act = (env: SmallCellEnv, v: (i: number) => number) => agentRecord(agents, () => Float64Array.from({ length: env.dims.actDim }, (_, i) => v(i)));

  it("defaults to 'error': an element above 1 throws naming the agent, index and bound", () => {
    const env = new SmallCellEnv({ ...TINY, seed: 1 });
    expect(env.actionBounds).toBe('error');
    env.reset({ seed: 1 });
    expect(() => env.step(act(env, (i) => (i === 3 ? 1.5 : 0.5)))).toThrow('small-cell.step: actions["sbs_0"][3] = 1.5 is above high[3] = 1');
  });

  it("'clip' steps exactly as the clipped action; in-range actions give identical results in both modes", () => {
    const clip = new SmallCellEnv({ ...TINY, seed: 1, actionBounds: 'clip' });
    const err = new SmallCellEnv({ ...TINY, seed: 1 });
    clip.reset({ seed: 4 });
    err.reset({ seed: 4 });
    const wild = (i: number) => ((i * 7) % 5) * 0.6 - 0.7; // values in [−0.7, 1.7]
    const r1 = clip.step(act(clip, wild));
    const r2 = err.step(act(err, (i) => Math.min(1, Math.max(0, wild(i)))));
    expect(JSON.stringify(r1)).toBe(JSON.stringify(r2));
    expect(() => clip.step(act(clip, (i) => (i === 0 ? NaN : 0.5)))).toThrow('is NaN');
    const r3 = clip.step(act(clip, () => 0.3));
    const r4 = err.step(act(err, () => 0.3));
    expect(JSON.stringify(r3)).toBe(JSON.stringify(r4));
  });

  it("'clip' passes checkParallelEnv (out-of-range values are then not required to throw)", () => {
    expect(() => checkParallelEnv(() => new SmallCellEnv({ ...TINY, seed: 3, episodeLength: 5, actionBounds: 'clip' }), { steps: 12 })).not.toThrow();
  });

  it('rejects a bad actionBounds naming the field', () => {
    expect(() => new SmallCellEnv({ ...TINY, actionBounds: 'none' as never })).toThrow('small-cell: actionBounds must be "clip" or "error", got "none"');
  });
});

describe('mecrl/env exports the MEC building blocks of lib/env/common', () => {
  it('every export of lib/env/common is the same value from mecrl/env', () => {
    const names = Object.keys(common);
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) expect((envApi as Record<string, unknown>)[name], name).toBe((common as Record<string, unknown>)[name]);
    // a building block used through the public entry point: 23 dBm = 10^(2.3)/1000 W = 0.19952623149688797 W
    expect(envApi.dbmToWatts(23)).toBeCloseTo(0.19952623149688797, 15);
  });
});

describe('parallel envs: observe(agent) needs a state, and setState works on a never-reset env', () => {
  it('small-cell and simple_spread', () => {
    const makers = [() => new SmallCellEnv({ ...TINY, seed: 2 }), () => simpleSpread({ continuous: true })];
    for (const make of makers) {
      const env = make();
      const agent = env.possibleAgents[1]!;
      expect(() => env.observe(agent)).toThrow(`${env.id}.observe: call reset() or setState() before observe()`);
      const { obs } = env.reset({ seed: 3 });
      expect(Array.from(env.observe(agent))).toEqual(Array.from(obs[agent]!));
      const fresh = make();
      fresh.setState(JSON.parse(JSON.stringify(env.getState())));
      expect(Array.from(fresh.observe(agent))).toEqual(Array.from(obs[agent]!));
      expect(() => fresh.observe('nobody')).toThrow('unknown agent "nobody"');
    }
  });
});
