// small-cell as a ParallelEnv: the shared checker in every reward mode / normalisation / decoding,
// space dimensions at the quick and paper scales, rollout determinism, the infos/metrics layout,
// and the two baselines evaluated on the env.

import { describe, expect, it } from 'vitest';
import { deriveStream, uniform } from '../../../lib/random/index.js';
import { agentRecord, Box, checkParallelEnv } from '../../../lib/rl/index.js';
import type { SmallCellConfigInput, SmallCellInfo } from '../../../lib/env/small-cell/index.js';
import {
  fullOffloadingActions,
  fullOffloadingDecisions,
  localComputingActions,
  localComputingDecisions,
  SmallCellEnv,
  smallCell,
} from '../../../lib/env/small-cell/index.js';
import { expectRel } from './helpers.js';

const QUICK: SmallCellConfigInput = { numCells: 3, uesPerCell: 4, numChannels: 6, episodeLength: 50 };

/** Seeded random raw actions for every agent. */
function randomActions(env: SmallCellEnv, rng: ReturnType<typeof deriveStream>) {
  return agentRecord(env.possibleAgents, () => Float64Array.from({ length: env.dims.actDim }, () => uniform(rng)));
}

describe('small-cell ParallelEnv contract', () => {
  const variants: [string, SmallCellConfigInput][] = [
    ['cooperative, scaled', { rewardMode: 'cooperative', obsNorm: 'scaled' }],
    ['local, scaled', { rewardMode: 'local', obsNorm: 'scaled' }],
    ['cooperative, paper obsNorm', { rewardMode: 'cooperative', obsNorm: 'paper' }],
    ['local, paper obsNorm', { rewardMode: 'local', obsNorm: 'paper' }],
    ['index decoding, capAtOne, zero interference obs', { channelDecoding: 'index', cpuShareMode: 'capAtOne', interferenceObs: 'zero' }],
    ['perEpisode topology, maxTxTime 10 s, K < N_m', { topology: 'perEpisode', maxTxTime: 10, numChannels: 3 }],
  ];
  it.each(variants)('checkParallelEnv passes (quick scale, %s)', (_, extra) => {
    const report = checkParallelEnv(() => new SmallCellEnv({ ...QUICK, episodeLength: 40, ...extra }), { seed: 11, steps: 120 });
    expect(report.possibleAgents).toEqual(['sbs_0', 'sbs_1', 'sbs_2']);
    expect(report.episodes).toBe(3);
  });

  it('checkParallelEnv passes at the paper scale (short)', () => {
    checkParallelEnv(() => smallCell({ episodeLength: 10 }), { seed: 3, steps: 24 });
  });

  it('space dims: quick (3 cells, 4 UEs, 6 channels) and paper (6 × 10, K = 16: obs 206, act 190)', () => {
    const quick = new SmallCellEnv(QUICK);
    // obs 4·6 + 6 + 3·4 = 42; act 4·(6 + 3) = 36
    const size = (s: unknown): number => (s instanceof Box ? s.size : NaN);
    expect(size(quick.observationSpace('sbs_2'))).toBe(42);
    expect(size(quick.actionSpace('sbs_0'))).toBe(36);
    expect(quick.possibleAgents).toEqual(['sbs_0', 'sbs_1', 'sbs_2']);
    expect(quick.maxEpisodeSteps).toBe(50);
    const paper = new SmallCellEnv();
    expect([paper.dims.obsDim, paper.dims.actDim]).toEqual([206, 190]);
    expect(size(paper.observationSpace('sbs_5'))).toBe(206);
    expect(size(paper.actionSpace('sbs_5'))).toBe(190);
    // MADDPG critic input M(206 + 190) = 2376; DDPG 396
    expect(paper.possibleAgents.length * (paper.dims.obsDim + paper.dims.actDim)).toBe(2376);
    expect(new SmallCellEnv({ channelDecoding: 'index' }).dims.actDim).toBe(40); // 4·N_m
    const act = paper.actionSpace('sbs_0').toJSON();
    expect(act.type === 'Box' && act.low.every((v) => v === 0) && act.high.every((v) => v === 1)).toBe(true);
    expect(() => paper.actionSpace('sbs_6')).toThrow(/unknown agent "sbs_6"/);
  });

  it('a rollout is deterministic: same config seed, reset seed and actions ⇒ identical outputs', () => {
    const run = (): string => {
      const env = new SmallCellEnv({ ...QUICK, seed: 4 });
      const rng = deriveStream(9, 'actions');
      const parts: unknown[] = [env.reset({ seed: 21 })];
      for (let t = 0; t < 60; t++) {
        if (env.agents.length === 0) parts.push(env.reset());
        const r = env.step(randomActions(env, rng));
        parts.push({ obs: Object.values(r.obs).map((o) => Array.from(o as Float64Array)), rewards: r.rewards, trunc: r.truncations, infos: r.infos });
      }
      return JSON.stringify(parts);
    };
    expect(run()).toBe(run());
  });

  it('the reset seed drives fading and tasks; the config seed drives the topology', () => {
    const a = new SmallCellEnv({ ...QUICK, seed: 1 });
    const b = new SmallCellEnv({ ...QUICK, seed: 2 });
    const oa = a.reset({ seed: 5 }).obs['sbs_0'] as Float64Array;
    const ob = b.reset({ seed: 5 }).obs['sbs_0'] as Float64Array;
    // same reset seed ⇒ same tasks (last 3·N_m entries), different topology ⇒ different gains
    expect(Array.from(oa.subarray(30))).toEqual(Array.from(ob.subarray(30)));
    expect(Array.from(oa.subarray(0, 24))).not.toEqual(Array.from(ob.subarray(0, 24)));
    const oc = a.reset({ seed: 6 }).obs['sbs_0'] as Float64Array;
    expect(Array.from(oc.subarray(30))).not.toEqual(Array.from(oa.subarray(30)));
  });

  it('truncates every agent at episodeLength and never terminates', () => {
    const env = new SmallCellEnv({ ...QUICK, episodeLength: 3 });
    env.reset({ seed: 1 });
    const rng = deriveStream(1, 'a');
    for (let t = 1; t <= 3; t++) {
      const r = env.step(randomActions(env, rng));
      expect(Object.values(r.terminations)).toEqual([false, false, false]);
      expect(Object.values(r.truncations)).toEqual([t === 3, t === 3, t === 3]);
    }
    expect(env.agents).toEqual([]);
    expect(() => env.step(randomActions(env, rng))).toThrow(/episode ended/);
    expect(() => env.reset({ options: { foo: 1 } as never })).toThrow(/unknown options field "foo"/);
  });
});

describe('small-cell infos and metrics', () => {
  it('per-cell infos, the shared system block and lastStepMetrics agree', () => {
    const env = new SmallCellEnv({ ...QUICK, rewardMode: 'local' });
    const rng = deriveStream(2, 'a');
    const reset = env.reset({ seed: 2 });
    expect(reset.infos).toEqual({ sbs_0: {}, sbs_1: {}, sbs_2: {} });
    expect(env.lastStepMetrics).toBeNull();
    env.step(randomActions(env, rng));
    const r = env.step(randomActions(env, rng));
    const infos = env.possibleAgents.map((a) => r.infos[a] as SmallCellInfo);
    const sys = infos[0]!.system;
    expect(sys).toBe(env.lastStepMetrics!.system);
    for (const info of infos) expect(info.system).toBe(sys);
    expect(sys.slot).toBe(1);
    expect(sys.numUes).toBe(12);
    infos.forEach((info, m) => {
      expect(info.cell).toBe(m);
      expect(info.numUes).toBe(4);
      expect(r.rewards[`sbs_${m}`]).toBe(info.localReward); // local mode: R_m^FL
      expect(info.localReward).toBe(sys.cellRewards[m]);
      expect(info.ue.alpha).toHaveLength(4);
      expect(info.offloadingUes + info.localOnlyUes).toBe(4);
      expect(info.latencyHits).toBe(info.ue.latencyMet.filter(Boolean).length);
      expectRel(info.edgeEnergyJ, info.txEnergyJ + info.execEnergyJ, 1e-12);
      expectRel(info.totalEnergyJ, info.localEnergyJ + info.edgeEnergyJ, 1e-12);
      expect(info.maxDelayS).toBe(Math.max(...info.ue.delayS));
      // R_m^FL = Σ_n (−LocE − OffE + V)
      const terms = info.ue.energyJ.map((e, n) => -e + (info.ue.latencyTerm[n] as number));
      expectRel(info.localReward, terms.reduce((s, x) => s + x, 0), 1e-12);
    });
    expectRel(sys.systemReward, infos.reduce((s, i) => s + i.localReward, 0), 1e-12);
    expect(sys.latencyHits).toBe(infos.reduce((s, i) => s + i.latencyHits, 0));
    expect(sys.latencyHitRate).toBe(sys.latencyHits / 12);
    expect(sys.ueEnergyJ).toHaveLength(12);
    expectRel(sys.totalEnergyJ, sys.ueEnergyJ.reduce((s, e) => s + e, 0), 1e-12);
    expectRel(sys.totalEnergyJ, sys.localEnergyJ + sys.txEnergyJ + sys.execEnergyJ, 1e-12);
    expectRel(sys.meanEnergyPerUeJ, sys.totalEnergyJ / 12, 1e-12);
    expect(sys.ueEnergyJ.slice(4, 8)).toEqual(infos[1]!.ue.energyJ);
    // infos are plain JSON
    expect(JSON.parse(JSON.stringify(r.infos))).toEqual(r.infos);
  });

  it('cooperative mode gives every agent Σ_m R_m^FL', () => {
    const env = new SmallCellEnv(QUICK);
    env.reset({ seed: 3 });
    const r = env.step(randomActions(env, deriveStream(3, 'a')));
    const sys = (r.infos['sbs_0'] as SmallCellInfo).system;
    for (const a of env.possibleAgents) expect(r.rewards[a]).toBe(sys.systemReward);
  });
});

describe('small-cell baselines on the env', () => {
  it('full offloading: α = 1, distinct random channels per cell, p = P_max, f = 1/N_m; reproducible from its rng', () => {
    const env = new SmallCellEnv(QUICK);
    const d1 = fullOffloadingDecisions(deriveStream(1, 'fo'), env.config);
    const d2 = fullOffloadingDecisions(deriveStream(1, 'fo'), env.config);
    expect(d1).toEqual(d2);
    for (const d of d1) {
      expect(Array.from(d.alpha)).toEqual([1, 1, 1, 1]);
      expect(new Set(d.channel).size).toBe(4);
      for (const k of d.channel) expect(k >= 0 && k < 6).toBe(true);
      expect(Array.from(d.powerW)).toEqual(new Array(4).fill(env.config.maxPowerW));
      expect(Array.from(d.cpuShare)).toEqual([0.25, 0.25, 0.25, 0.25]);
    }
    // different slots draw different channel maps
    const rng = deriveStream(2, 'fo');
    const a = fullOffloadingDecisions(rng, env.config);
    const b = fullOffloadingDecisions(rng, env.config);
    expect(a.map((d) => Array.from(d.channel))).not.toEqual(b.map((d) => Array.from(d.channel)));
  });

  it('full offloading with K < N_m serves a random subset of K UEs; the rest compute locally', () => {
    const d = fullOffloadingDecisions(deriveStream(1, 'fo'), { numCells: 2, uesPerCell: 4, numChannels: 2, maxPowerW: 0.2, channelDecoding: 'scores' });
    for (const cell of d) {
      expect(Array.from(cell.alpha).filter((a) => a === 1)).toHaveLength(2);
      expect(Array.from(cell.channel).filter((k) => k >= 0).sort()).toEqual([0, 1]);
    }
  });

  it('network-space baseline actions decode to the baseline decisions', () => {
    for (const channelDecoding of ['scores', 'index'] as const) {
      const env = new SmallCellEnv({ ...QUICK, channelDecoding });
      const decisions = fullOffloadingDecisions(deriveStream(5, 'fo'), env.config);
      const actions = fullOffloadingActions(deriveStream(5, 'fo'), env.config);
      actions.forEach((u, m) => {
        expect(env.actionSpace('sbs_0').contains(u)).toBe(true);
        const got = env.decode(u);
        const want = decisions[m]!;
        expect(Array.from(got.alpha)).toEqual(Array.from(want.alpha));
        expect(Array.from(got.channel)).toEqual(Array.from(want.channel));
        expect(Array.from(got.powerW)).toEqual(Array.from(want.powerW));
        got.cpuShare.forEach((f) => expectRel(f, 0.25, 1e-12));
      });
      for (const u of localComputingActions(env.config)) expect(Array.from(env.decode(u).alpha)).toEqual([0, 0, 0, 0]);
    }
  });

  it('local computing: zero latency hits (T̃ = 0.9·local latency), energy Σ ω·ε, no interference; step and stepDecisions agree', () => {
    const a = new SmallCellEnv(QUICK);
    const b = new SmallCellEnv(QUICK);
    a.reset({ seed: 8 });
    b.reset({ seed: 8 });
    const ra = a.stepDecisions(localComputingDecisions(a.config));
    const acts = localComputingActions(b.config);
    const rb = b.step(agentRecord(b.possibleAgents, (_, m) => acts[m]!));
    expect(JSON.stringify(ra)).toBe(JSON.stringify(rb));
    const sys = a.lastStepMetrics!.system;
    expect(sys.latencyHits).toBe(0);
    expect(sys.edgeEnergyJ).toBe(0);
    expect(sys.offloadingUes).toBe(0);
    const info = ra.infos['sbs_0'] as SmallCellInfo;
    info.ue.localEnergyJ.forEach((e, n) => {
      // LocE = ω·1e−9, T = ω/1e9 = LocT, V = T̃ − T = −0.1·ω/1e9
      expectRel(e, (info.ue.localDelayS[n] as number) * 1e9 * 1e-9, 1e-12);
      expectRel(info.ue.latencyTerm[n] as number, -0.1 * (info.ue.delayS[n] as number), 1e-9);
    });
    // next observation's interference is the 'no transmitter' value −2.333 on every channel
    const obs = ra.obs['sbs_1'] as Float64Array;
    for (let k = 24; k < 30; k++) expectRel(obs[k] as number, -7 / 3, 1e-12);
  });

  it('full offloading meets most deadlines at the paper scale, with fading outliers in the energy', () => {
    const env = new SmallCellEnv({ seed: 1 });
    env.reset({ seed: 1 });
    const rng = deriveStream(1, 'baseline', 'fullOffloading');
    const energies: number[] = [];
    let hits = 0;
    for (let t = 0; t < 20; t++) {
      env.stepDecisions(fullOffloadingDecisions(rng, env.config));
      const sys = env.lastStepMetrics!.system;
      hits += sys.latencyHits;
      energies.push(...sys.ueEnergyJ);
      expect(sys.localEnergyJ).toBe(0);
      expect(sys.fullyOffloadedUes).toBe(60);
    }
    energies.sort((x, y) => x - y);
    // spec 01 §6: ≈ 96% within T̃ and a median energy ≈ 0.027 J per UE
    expect(hits / 1200).toBeGreaterThan(0.9);
    expect(energies[600]).toBeGreaterThan(0.015);
    expect(energies[600]).toBeLessThan(0.05);
  });

  it('stepDecisions rejects invalid decisions naming the agent and UE, without changing the env', () => {
    const env = new SmallCellEnv(QUICK);
    env.reset({ seed: 1 });
    const before = JSON.stringify(env.getState());
    const d = fullOffloadingDecisions(deriveStream(1, 'fo'), env.config);
    const bad = d.map((x, m) => (m === 2 ? { ...x, channel: Int32Array.of(0, 0, 1, 2) } : x));
    expect(() => env.stepDecisions(bad)).toThrow(/decisions\[2\] \(sbs_2\): UE 1: channel 0 is already used by UE 0/);
    expect(() => env.stepDecisions(d.slice(0, 2))).toThrow(/array of 3 CellDecision/);
    expect(JSON.stringify(env.getState())).toBe(before);
  });
});
