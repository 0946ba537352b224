// Parallel agent updates (cli/parallel/): `ParallelMaddpg` with 2 worker threads is bit-identical to
// the serial `Maddpg.update` — every agent's actor, critic, targets, Adam moments and noise streams
// and every step's stats — for continuous (paper 1) and Gumbel-Softmax actions; it drops into the
// multi-agent loop unchanged; workers stop cleanly; misuse fails with a clear error.

import { afterAll, describe, expect, it } from 'vitest';
import { splitAgents, ParallelMaddpg } from '../../cli/parallel/parallelMaddpg.js';
import { SimpleSpreadEnv } from '../../lib/env/classic/index.js';
import { fromSeed, type Rng } from '../../lib/random/index.js';
import { maddpgLearner } from '../../lib/rl/independent.js';
import { Maddpg, maddpgRngs, type MaddpgConfig, type MaddpgState } from '../../lib/rl/maddpg.js';
import { MultiAgentTrainer, envSpaces, exploreRngs, jointBuffer, type JointBatch } from '../../lib/rl/multiAgent.js';

type Cfg = Partial<MaddpgConfig> & Pick<MaddpgConfig, 'obsDims' | 'actionDims'>;

const open: ParallelMaddpg[] = [];
afterAll(async () => { await Promise.all(open.map((p) => p.close())); });

async function parallel(cfg: Cfg, seed: number, workers = 2): Promise<ParallelMaddpg> {
  const p = await ParallelMaddpg.create(cfg, maddpgRngs(seed, cfg.obsDims.length), { workers, timeoutMs: 30_000 });
  open.push(p);
  return p;
}

/** K distinct random joint batches of size B (fresh objects: the buffer reuses its batch). */
function batches(obsDims: number[], actionDims: number[], B: number, K: number, rng: Rng): JointBatch[] {
  const buf = jointBuffer(4 * B, obsDims, actionDims), f = buf.fields;
  const vec = (n: number, lo = -1, hi = 1): number[] => Array.from({ length: n }, () => lo + (hi - lo) * rng.nextDouble());
  for (let b = 0; b < 4 * B; b++) {
    buf.add({ obs: vec(f.obs), action: vec(f.action, 0, 1), reward: vec(f.reward), nextObs: vec(f.nextObs), terminated: vec(f.terminated).map((x) => (x > 0.8 ? 1 : 0)), truncated: new Array(f.truncated).fill(0) });
  }
  return Array.from({ length: K }, () => {
    const s = buf.sample(B, rng);
    return { ...s, obs: s.obs.slice(), action: s.action.slice(), reward: s.reward.slice(), nextObs: s.nextObs.slice(), terminated: s.terminated.slice(), truncated: s.truncated.slice(), indices: s.indices.slice() };
  });
}

/** Every number of a MADDPG state (weights, targets, Adam t/m/v, noise streams, counter), as plain arrays for toEqual. */
function plain(s: MaddpgState): unknown {
  return JSON.parse(JSON.stringify(s, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v)));
}

const CONT: Cfg = { obsDims: [4, 5, 3, 6], actionDims: [2, 3, 2, 1], hiddenSizes: [16], actionKind: 'continuous', actorOutput: 'sigmoid' };
const GUMB: Cfg = { obsDims: [4, 5, 3, 6], actionDims: [5, 5, 5, 5], hiddenSizes: [16, 16], actionKind: 'gumbel' };

describe('ParallelMaddpg (2 workers) vs serial Maddpg', () => {
  it('splits agents into contiguous near-equal blocks', () => {
    expect(splitAgents(4, 2)).toEqual([[0, 1], [2, 3]]);
    expect(splitAgents(6, 2)).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(splitAgents(5, 2)).toEqual([[0, 1], [2, 3, 4]]);
    expect(splitAgents(3, 3)).toEqual([[0], [1], [2]]);
  });

  for (const [name, cfg] of [['continuous', CONT], ['gumbel (soft)', GUMB], ['gumbel (hard)', { ...GUMB, gumbelHard: true }]] as const) {
    it(`${name}, 4 agents: after K = 6 updates every weight, target, Adam moment, noise stream and stat is bit-identical`, async () => {
      const serial = new Maddpg(cfg, maddpgRngs(7, 4));
      const par = await parallel(cfg, 7);
      expect(par.assignment).toEqual([[0, 1], [2, 3]]);
      expect(plain(par.getState())).toEqual(plain(serial.getState())); // same initialisation
      const bs = batches([...cfg.obsDims], [...cfg.actionDims], 24, 6, fromSeed(`batches-${name}`));
      bs.push(...batches([...cfg.obsDims], [...cfg.actionDims], 10, 2, fromSeed('small'))); // a batch-size change mid-run
      for (const b of bs) {
        const a = serial.update(b), p = par.update(b);
        expect(p).toEqual(a);
        // The main thread's actors (used to act) follow the workers' after every update.
        serial.agents.forEach((ag, i) => {
          expect(Array.from(par.agents[i]!.actor.flat.data)).toEqual(Array.from(ag.actor.flat.data));
          expect(Array.from(par.agents[i]!.actorTarget.flat.data)).toEqual(Array.from(ag.actorTarget.flat.data));
        });
      }
      const ss = serial.getState(), ps = par.getState();
      expect(ps.updates).toBe(8);
      expect(plain(ps)).toEqual(plain(ss));
      ss.agents.forEach((a, i) => {
        expect(ps.agents[i]!.critic).toEqual(a.critic);
        expect(ps.agents[i]!.criticTarget).toEqual(a.criticTarget);
        expect(ps.agents[i]!.criticOpt).toEqual(a.criticOpt);
        expect(ps.agents[i]!.actorOpt).toEqual(a.actorOpt);
      });
      // Acting uses the synced actors: the same greedy actions.
      const obs = new Float64Array(cfg.obsDims[2]!).fill(0.3);
      expect(Array.from(par.act(2, obs))).toEqual(Array.from(serial.act(2, obs)));
    });
  }

  it('workers on the wasm backend: 4 updates bit-identical to the serial ts run', async () => {
    const serial = new Maddpg(CONT, maddpgRngs(11, 4));
    const par = await ParallelMaddpg.create(CONT, maddpgRngs(11, 4), { workers: 2, timeoutMs: 30_000, backend: 'wasm' });
    open.push(par);
    const bs = batches([...CONT.obsDims], [...CONT.actionDims], 24, 4, fromSeed('wasm'));
    for (const b of bs) expect(par.update(b)).toEqual(serial.update(b));
    expect(plain(par.getState())).toEqual(plain(serial.getState()));
    expect(par.getState().updates).toBe(4);
  });

  it('setState pushes a state to the workers: continuing from it matches the serial run', async () => {
    const serial = new Maddpg(CONT, maddpgRngs(3, 4)), par = await parallel(CONT, 99);
    const bs = batches([...CONT.obsDims], [...CONT.actionDims], 16, 4, fromSeed('set'));
    serial.update(bs[0]!);
    par.setState(serial.getState());
    for (const b of bs.slice(1)) expect(par.update(b)).toEqual(serial.update(b));
    expect(plain(par.getState())).toEqual(plain(serial.getState()));
  });

  it('drops into maddpgLearner + MultiAgentTrainer: 200 steps on simple_spread equal the serial loop', async () => {
    const run = async (make: (obsDims: number[]) => Promise<Maddpg>): Promise<unknown> => {
      const env = new SimpleSpreadEnv({ continuous: true }), { obsDims, actionSpaces } = envSpaces(env);
      const m = await make(obsDims);
      const returns: number[] = [];
      const t = new MultiAgentTrainer(env, maddpgLearner(m, actionSpaces, { rngs: exploreRngs(5, 3) }), { seed: 5, bufferSize: 500, batchSize: 32, warmupSteps: 50, updateEvery: 10, warmupActions: 'policy' }, (e) => { if (e.kind === 'episode') returns.push(e.totalReturn); });
      t.run(200);
      return { returns, state: plain(m.getState()) };
    };
    const cfg = (obsDims: number[]): Cfg => ({ obsDims, actionDims: obsDims.map(() => 5), hiddenSizes: [16, 16] });
    const a = await run(async (o) => new Maddpg(cfg(o), maddpgRngs(5, 3)));
    const b = await run(async (o) => parallel(cfg(o), 5));
    expect(b).toEqual(a);
  });

  it('refuses updateAgent on the main thread and bad worker counts; close() stops the workers cleanly', async () => {
    const p = await ParallelMaddpg.create(CONT, maddpgRngs(1, 4), { workers: 2 });
    const b = batches([...CONT.obsDims], [...CONT.actionDims], 8, 1, fromSeed('x'))[0]!;
    expect(() => p.updateAgent(0)).toThrow(/critics live in the workers/);
    p.update(b);
    const exits = (p as unknown as { workers: import('node:worker_threads').Worker[] }).workers.map((w) => new Promise<number>((r) => w.once('exit', r)));
    const before = p.getState();
    await p.close();
    expect(await Promise.all(exits)).toEqual([0, 0]);
    expect(plain(p.getState())).toEqual(plain(before)); // synced into the main thread before stopping
    expect(() => p.update(b)).toThrow(/closed/);
    await p.close(); // idempotent
    await expect(ParallelMaddpg.create(CONT, maddpgRngs(1, 4), { workers: 5 })).rejects.toThrow(/workers must be an integer in \[1, 4\]/);
  });
});
