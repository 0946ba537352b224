// federatedRound: paper 1's F-DRL round (replace online actor + critic, targets kept, Adam moments
// local) and its options (aggregate targets, reset moments, participants + soft update for paper 5).

import { describe, expect, it } from 'vitest';
import { adam, hardCopy, mlp, type Mlp, type Optimizer } from '../../lib/nn/index.js';
import { deriveStream } from '../../lib/random/index.js';
import { actorCriticClient, fedAvg, federatedRound, resolveFederatedConfig, type FederatedClient } from '../../lib/federated/index.js';

const bytesOf = (a: Float64Array): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

interface Agent {
  actor: Mlp; critic: Mlp; actorTarget: Mlp; criticTarget: Mlp; actorOpt: Optimizer; criticOpt: Optimizer;
}

/** A tiny DDPG-shaped agent: actor 3→4→2 (26 params), critic 5→4→1 (29 params), targets drifted, one Adam step taken. */
function agent(seed: number): Agent {
  const rng = deriveStream(seed, 'init');
  const actor = mlp({ sizes: [3, 4, 2], rng }), critic = mlp({ sizes: [5, 4, 1], rng });
  const actorTarget = mlp({ sizes: [3, 4, 2], rng }), criticTarget = mlp({ sizes: [5, 4, 1], rng });
  hardCopy(actor, actorTarget);
  hardCopy(critic, criticTarget);
  actorTarget.flat.data[0] = 100 + seed; // make the targets differ from the online nets
  const actorOpt = adam(actor), criticOpt = adam(critic);
  actor.flat.grad.fill(0.5);
  critic.flat.grad.fill(-0.25);
  actorOpt.step();
  criticOpt.step();
  return { actor, critic, actorTarget, criticTarget, actorOpt, criticOpt };
}

const snapshot = (a: Agent) => ({
  actor: a.actor.flat.data.slice(), critic: a.critic.flat.data.slice(),
  actorTarget: a.actorTarget.flat.data.slice(), criticTarget: a.criticTarget.flat.data.slice(),
  actorOpt: a.actorOpt.getState(), criticOpt: a.criticOpt.getState(),
});

describe('federatedRound (paper 1, F-DRL)', () => {
  it('defaults: replaces online actor and critic with the batch-weighted average, keeps targets and Adam moments', () => {
    const agents = [agent(1), agent(2), agent(3)];
    const before = agents.map(snapshot);
    const W = [32, 32, 64]; // batch counts ⇒ p = [1/4, 1/4, 1/2]
    const res = federatedRound(agents.map(actorCriticClient), { weights: W });
    const actorAvg = fedAvg(before.map((b) => b.actor), W), criticAvg = fedAvg(before.map((b) => b.critic), W);
    // element 0 of the actor by hand: 0.25·x1 + 0.25·x2 + 0.5·x3
    const x = before.map((b) => b.actor[0]!);
    expect(agents[1]!.actor.flat.data[0]).toBeCloseTo(0.25 * x[0]! + 0.25 * x[1]! + 0.5 * x[2]!, 14);
    agents.forEach((a, m) => {
      expect(bytesOf(a.actor.flat.data)).toEqual(bytesOf(actorAvg));
      expect(bytesOf(a.critic.flat.data)).toEqual(bytesOf(criticAvg));
      expect(bytesOf(a.actorTarget.flat.data)).toEqual(bytesOf(before[m]!.actorTarget)); // 'keep'
      expect(bytesOf(a.criticTarget.flat.data)).toEqual(bytesOf(before[m]!.criticTarget));
      expect(a.actorOpt.t).toBe(1);
      expect(bytesOf(a.actorOpt.m)).toEqual(bytesOf(before[m]!.actorOpt.m));
      expect(bytesOf(a.criticOpt.v)).toEqual(bytesOf(before[m]!.criticOpt.v));
    });
    expect(res.participants).toEqual([0, 1, 2]);
    expect(res.weights).toEqual([0.25, 0.25, 0.5]);
    expect(Object.keys(res.online)).toEqual(['actor', 'critic']);
    expect(res.targets).toEqual({});
    expect(res.optimizersReset).toBe(0);
    // The returned averages are copies (usable as anchors), not views of any client.
    expect(bytesOf(res.online['actor']!)).toEqual(bytesOf(actorAvg));
    expect(res.online['actor']).not.toBe(agents[0]!.actor.flat.data);
    // Traffic: 26 + 29 = 55 scalars up and down per agent (see communication.test.ts).
    expect(res.communication.groups).toEqual([{ name: 'online.actor', scalars: 26 }, { name: 'online.critic', scalars: 29 }]);
    expect(res.communication.perClient.map((c) => [c.uploadScalars, c.downloadScalars])).toEqual([[55, 55], [55, 55], [55, 55]]);
  });

  it("aggregateTargets: 'aggregate' averages the targets with the same weights", () => {
    const agents = [agent(1), agent(2)];
    const before = agents.map(snapshot);
    const res = federatedRound(agents.map(actorCriticClient), { weights: [1, 3] }, { aggregateTargets: 'aggregate' });
    // element 0 of actorTarget: 101·1/4 + 102·3/4 = 25.25 + 76.5 = 101.75
    expect(agents[0]!.actorTarget.flat.data[0]).toBe(101.75);
    const tAvg = fedAvg(before.map((b) => b.criticTarget), [1, 3]);
    for (const a of agents) expect(bytesOf(a.criticTarget.flat.data)).toEqual(bytesOf(tAvg));
    expect(Object.keys(res.targets)).toEqual(['actor', 'critic']);
    expect(res.communication.perClient[0]!.uploadScalars).toBe(110); // 2 · (26 + 29)
    expect(agents[0]!.actorOpt.t).toBe(1); // moments still untouched
  });

  it('resetOptimizerOnAggregate zeroes m, v and t of the aggregated groups only', () => {
    const agents = [agent(1), agent(2)];
    const clients: FederatedClient[] = agents.map((a) => ({ online: { actor: a.actor }, optimizers: { actor: a.actorOpt } }));
    const criticM = agents[0]!.criticOpt.m.slice();
    const res = federatedRound(clients, {}, { resetOptimizerOnAggregate: true });
    expect(res.optimizersReset).toBe(2);
    for (const a of agents) {
      expect(a.actorOpt.t).toBe(0);
      expect(a.actorOpt.m.every((x) => x === 0) && a.actorOpt.v.every((x) => x === 0)).toBe(true);
      expect(a.criticOpt.t).toBe(1); // the critic was not a group of this round
    }
    expect(bytesOf(agents[0]!.criticOpt.m)).toEqual(bytesOf(criticM));
  });

  it('paper 5 shape: participants Z averaged uniformly, soft update f_q = 0.3 applied to every client', () => {
    // Flat vectors as groups. Z = {0, 2}: θ_f = ([0, 8] + [4, 0])/2 = [2, 4]
    const th = [Float64Array.of(0, 8), Float64Array.of(100, 100), Float64Array.of(4, 0)];
    const clients: FederatedClient[] = th.map((t) => ({ online: { actor: t } }));
    const res = federatedRound(clients, { participants: [2, 0] }, { broadcast: { mode: 'soft', rate: 0.3 } });
    expect(Array.from(res.online['actor']!)).toEqual([2, 4]);
    // client 1: 0.7·100 + 0.3·2 = 70.6; 0.7·100 + 0.3·4 = 71.2
    expect(th[1]![0]).toBeCloseTo(70.6, 12);
    expect(th[1]![1]).toBeCloseTo(71.2, 12);
    // client 0: 0.7·0 + 0.3·2 = 0.6; 0.7·8 + 0.3·4 = 5.6 + 1.2 = 6.8
    expect(th[0]![0]).toBeCloseTo(0.6, 14);
    expect(th[0]![1]).toBeCloseTo(6.8, 14);
    // only the 2 participants upload, all 3 download 2 scalars
    expect(res.communication.perClient.map((c) => c.uploadScalars)).toEqual([2, 0, 2]);
    expect(res.communication.perClient.map((c) => c.downloadScalars)).toEqual([2, 2, 2]);
    expect(res.participants).toEqual([2, 0]);
    expect(res.weights).toEqual([0.5, 0.5]);
  });

  it("uploadFrom: 'all' counts every client's upload", () => {
    const clients: FederatedClient[] = [1, 2, 3].map((x) => ({ online: { q: Float64Array.of(x) } }));
    const res = federatedRound(clients, { participants: [0] }, { uploadFrom: 'all' });
    expect(res.communication.perClient.map((c) => c.uploadScalars)).toEqual([1, 1, 1]);
  });

  it('is deterministic: two identical runs give identical bits', () => {
    const run = () => {
      const agents = [agent(5), agent(6), agent(7)];
      federatedRound(agents.map(actorCriticClient), { weights: [3, 1, 2] }, { aggregateTargets: 'aggregate', broadcast: { mode: 'soft', rate: 0.3 } });
      return agents.flatMap((a) => [...bytesOf(a.actor.flat.data), ...bytesOf(a.criticTarget.flat.data)]);
    };
    expect(run()).toEqual(run());
  });

  it('validates everything before writing anything', () => {
    const a = agent(1), b = agent(2);
    const snap = a.actor.flat.data.slice();
    const bad: FederatedClient[] = [actorCriticClient(a), { online: { actor: b.actor } }];
    expect(() => federatedRound(bad)).toThrow('federatedRound: clients[1].online has groups [actor] but clients[0].online has [actor, critic]');
    expect(bytesOf(a.actor.flat.data)).toEqual(bytesOf(snap));
    const noTargets: FederatedClient[] = [{ online: { actor: a.actor } }, { online: { actor: b.actor } }];
    expect(() => federatedRound(noTargets, {}, { aggregateTargets: 'aggregate' })).toThrow("federatedRound: clients[0] has no targets, but aggregateTargets is 'aggregate'");
    const mismatched: FederatedClient[] = [{ online: { actor: a.actor } }, { online: { actor: b.critic } }];
    expect(() => federatedRound(mismatched)).toThrow('federatedRound: clients[1].online.actor has 29 parameters but clients[0].online.actor has 26');
    expect(() => federatedRound([actorCriticClient(a)], { weights: [1, 2] })).toThrow('federatedRound: weights has 2 entries but there are 1 clients');
    expect(() => federatedRound([actorCriticClient(a), actorCriticClient(b)], { weights: [1, -2] })).toThrow('federatedRound: weights[1] must be a finite number >= 0, got -2');
    expect(() => federatedRound([actorCriticClient(a), actorCriticClient(b)], { weights: [0, 5], participants: [0] })).toThrow("participants' weights are all zero");
    expect(() => federatedRound([actorCriticClient(a)], { participants: [3] })).toThrow('federatedRound: participants[0] must be an integer in [0, 0], got 3');
    const wrongOpt: FederatedClient[] = [{ online: { actor: a.actor }, optimizers: { actor: a.criticOpt } }];
    expect(() => federatedRound(wrongOpt, {}, { resetOptimizerOnAggregate: true })).toThrow('federatedRound: clients[0].optimizers.actor has 29 moments but the group has 26 parameters');
    expect(bytesOf(a.actor.flat.data)).toEqual(bytesOf(snap));
  });

  it('resolveFederatedConfig: defaults are spec 01 §4.2 and bad fields are named', () => {
    expect(resolveFederatedConfig()).toEqual({
      aggregateTargets: 'keep', resetOptimizerOnAggregate: false, broadcast: { mode: 'replace' }, uploadFrom: 'participants', bytesPerScalar: 4,
    });
    expect(() => resolveFederatedConfig({ aggregateTargets: 'yes' as never })).toThrow("resolveFederatedConfig: aggregateTargets must be one of 'keep', 'aggregate', got \"yes\"");
    expect(() => resolveFederatedConfig({ aggregate: 'keep' } as never)).toThrow("unknown config key 'aggregate'");
    expect(() => resolveFederatedConfig({ bytesPerScalar: 0 })).toThrow('bytesPerScalar must be a finite number > 0');
  });

  it('actorCriticClient maps a DDPG-like agent', () => {
    const a = agent(1);
    const c = actorCriticClient(a);
    expect(c.online).toEqual({ actor: a.actor, critic: a.critic });
    expect(c.targets).toEqual({ actor: a.actorTarget, critic: a.criticTarget });
    expect(c.optimizers).toEqual({ actor: a.actorOpt, critic: a.criticOpt });
    expect(actorCriticClient({ actor: a.actor, critic: a.critic }).targets).toBeUndefined();
  });
});
