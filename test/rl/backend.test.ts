// The 'wasm' kernel backend changes nothing but speed: short DDPG, TD3 and MADDPG training runs
// and a small-cell smoke job end with BIT-identical weights, optimizer moments, targets, noise
// streams and metrics under 'ts' and 'wasm' (lib/tensor/backend.ts).

import { describe, expect, it } from 'vitest';
import { SimpleSpreadEnv } from '../../lib/env/classic/index.js';
import type { StateValue } from '../../lib/rl/checkpoint.js';
import { maddpgLearner } from '../../lib/rl/independent.js';
import { Maddpg, maddpgRngs } from '../../lib/rl/maddpg.js';
import { MultiAgentTrainer, envSpaces, exploreRngs } from '../../lib/rl/multiAgent.js';
import { backendAvailable, getBackend, inKernelMemory, withBackend, type Backend } from '../../lib/tensor/index.js';
import { EXPERIMENTS } from '../../experiments/index.js';
import type { JobContext, MetricRow } from '../../experiments/types.js';
import { ddpgRun, dqnRun, expectSameState, td3Run } from './algoHelpers.js';

/** State trees with every Float64Array as its raw bytes (hex), so -0/+0 and NaN bits count. */
function bitsOf(s: unknown): unknown {
  return JSON.parse(JSON.stringify(s, (_k, v: unknown) => (v instanceof Float64Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : v)));
}

function on<T>(b: Backend, fn: () => T): T {
  return withBackend(b, () => {
    expect(getBackend()).toBe(b);
    return fn();
  });
}

describe('ts and wasm backends give bit-identical training runs', () => {
  it('wasm is available here (else these tests would compare ts with ts)', () => {
    expect(backendAvailable('wasm')).toBe(true);
  });

  it('DDPG on Pendulum, 300 steps (250 updates); under wasm the networks and Adam moments live in arenas', () => {
    const run = (b: Backend): StateValue => on(b, () => {
      const r = ddpgRun(3);
      r.trainer.run(300);
      const a = r.agent;
      for (const net of [a.actor, a.critic, a.actorTarget, a.criticTarget]) expect(inKernelMemory(net.flat.data)).toBe(b === 'wasm');
      expect(inKernelMemory(a.actorOpt.m) && inKernelMemory(a.criticOpt.v)).toBe(b === 'wasm');
      if (b === 'wasm') expect(a.critic.arena!.optimizers).toEqual([a.criticOpt]);
      return r.trainer.getState() as unknown as StateValue;
    });
    const t = run('ts'), w = run('wasm');
    expectSameState(w, t);
    expect(bitsOf(w)).toEqual(bitsOf(t));
  });

  it('TD3 on Pendulum, 300 steps (policy delay 2, target smoothing)', () => {
    const run = (b: Backend): StateValue => on(b, () => { const r = td3Run(4); r.trainer.run(300); return r.trainer.getState() as unknown as StateValue; });
    const t = run('ts'), w = run('wasm');
    expectSameState(w, t);
    expect(bitsOf(w)).toEqual(bitsOf(t));
  });

  it('DQN on CartPole, 300 steps (its q network and Adam moments in an arena under wasm)', () => {
    const run = (b: Backend): unknown => on(b, () => {
      const r = dqnRun(6);
      r.trainer.run(300);
      expect(inKernelMemory(r.agent.q.flat.data) && inKernelMemory(r.agent.opt.m)).toBe(b === 'wasm');
      expect(r.agent.updates).toBeGreaterThan(0);
      return bitsOf(r.trainer.getState());
    });
    expect(run('wasm')).toEqual(run('ts'));
  });

  it('MADDPG on simple_spread (3 agents), 200 steps', () => {
    const run = (b: Backend): unknown => on(b, () => {
      const env = new SimpleSpreadEnv({ continuous: true }), { obsDims, actionSpaces } = envSpaces(env);
      const m = new Maddpg({ obsDims, actionDims: obsDims.map(() => 5), hiddenSizes: [16, 16] }, maddpgRngs(5, 3));
      const returns: number[] = [];
      const t = new MultiAgentTrainer(env, maddpgLearner(m, actionSpaces, { rngs: exploreRngs(5, 3) }), { seed: 5, bufferSize: 500, batchSize: 32, warmupSteps: 50, updateEvery: 10, warmupActions: 'policy' }, (e) => { if (e.kind === 'episode') returns.push(e.totalReturn); });
      t.run(200);
      expect(m.agents.every((a) => inKernelMemory(a.critic.flat.grad) && inKernelMemory(a.criticOpt.m))).toBe(b === 'wasm');
      return bitsOf({ returns, state: m.getState() });
    });
    expect(run('wasm')).toEqual(run('ts'));
  });

  it('MADDPG with Gumbel-Softmax actions (discrete simple_spread), 150 steps', () => {
    const run = (b: Backend): unknown => on(b, () => {
      const env = new SimpleSpreadEnv({ continuous: false }), { obsDims, actionSpaces } = envSpaces(env);
      const m = new Maddpg({ obsDims, actionDims: obsDims.map(() => 5), hiddenSizes: [16], actionKind: 'gumbel', gumbelHard: true }, maddpgRngs(8, 3));
      const t = new MultiAgentTrainer(env, maddpgLearner(m, actionSpaces, { rngs: exploreRngs(8, 3) }), { seed: 8, bufferSize: 400, batchSize: 16, warmupSteps: 40, updateEvery: 5, warmupActions: 'policy' }, () => {});
      t.run(150);
      expect(m.updates).toBeGreaterThan(0);
      expect(inKernelMemory(m.agents[2]!.actor.flat.data)).toBe(b === 'wasm');
      return bitsOf(m.getState());
    });
    expect(run('wasm')).toEqual(run('ts'));
  });

  for (const method of ['ma-drl', 'f-drl']) {
    it(`a small-cell smoke job (${method}): same metric rows and result`, () => {
      const exp = EXPERIMENTS['small-cell']!;
      const config = exp.resolveConfig(exp.presets['smoke']!.config as Record<string, unknown>);
      const run = (b: Backend): unknown => on(b, () => {
        const rows: MetricRow[] = [];
        const ctx: JobContext = { emit: (r) => rows.push(r), progress: () => {}, resumeFrom: null, checkpointEvery: 0, saveCheckpoint: () => {}, shouldStop: () => false };
        const result = exp.runJob(config, method, 1, ctx);
        return bitsOf({ rows, result });
      });
      const t = run('ts') as { rows: unknown[] };
      expect(t.rows.length).toBeGreaterThan(0);
      expect(run('wasm')).toEqual(t);
    });
  }
});
