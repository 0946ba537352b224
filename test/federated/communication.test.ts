// Communication accounting: a tiny 2-agent case by hand, then paper 1's sizes (6 SBSs, obs 206,
// action 190, actor 206→64→190, local critic 396→64→1, 1000 episodes × 100 slots, 100 rounds).

import { describe, expect, it } from 'vitest';
import { mlp } from '../../lib/nn/index.js';
import { fromSeed } from '../../lib/random/index.js';
import { maddpgSignalling, roundCommunication, signallingPerRun, sumCommunication } from '../../lib/federated/index.js';

describe('roundCommunication', () => {
  it('2 agents, actor 26 + critic 29 scalars: each uploads and downloads 55 scalars = 220 bytes', () => {
    const r = roundCommunication({ groupSizes: { actor: 26, critic: 29 }, clients: 2 });
    expect(r.perClient).toEqual([
      { uploadScalars: 55, downloadScalars: 55, uploadBytes: 220, downloadBytes: 220 },
      { uploadScalars: 55, downloadScalars: 55, uploadBytes: 220, downloadBytes: 220 },
    ]);
    // 2 agents · (55 up + 55 down) = 220 scalars = 880 bytes
    expect([r.uploadScalars, r.downloadScalars, r.totalScalars, r.totalBytes]).toEqual([110, 110, 220, 880]);
  });

  it('uploaders/receivers subsets and bytesPerScalar', () => {
    const r = roundCommunication({ groupSizes: { a: 10 }, clients: 3, uploaders: [1], bytesPerScalar: 8 });
    expect(r.perClient.map((c) => [c.uploadScalars, c.downloadScalars])).toEqual([[0, 10], [10, 10], [0, 10]]);
    expect(r.totalBytes).toBe((10 + 30) * 8);
    expect(() => roundCommunication({ groupSizes: { a: -1 }, clients: 1 })).toThrow('roundCommunication: groupSizes.a must be an integer >= 0, got -1');
    expect(() => roundCommunication({ groupSizes: { a: 1 }, clients: 2, uploaders: [2] })).toThrow('uploaders[0] must be an integer in [0, 1], got 2');
  });

  it('sumCommunication totals measured rounds', () => {
    const r1 = roundCommunication({ groupSizes: { a: 10 }, clients: 2 });
    const r2 = roundCommunication({ groupSizes: { a: 10 }, clients: 2, uploaders: [0] });
    const t = sumCommunication([r1, r2]);
    expect(t.perClient).toEqual([{ uploadScalars: 20, downloadScalars: 20 }, { uploadScalars: 10, downloadScalars: 20 }]);
    expect([t.rounds, t.totalScalars, t.totalBytes]).toEqual([2, 70, 280]);
  });
});

describe('maddpgSignalling', () => {
  // Agent 0: o = 3, a = 2; agent 1: o = 5, a = 1.
  it('default: agent m receives Σ_{m′≠m}(o + a) per step and the others’ final observation per episode', () => {
    const s = maddpgSignalling([3, 5], [2, 1]);
    expect(s.perAgentPerStep).toEqual([6, 5]); // agent 0 gets 5 + 1 = 6; agent 1 gets 3 + 2 = 5
    expect(s.perAgentPerEpisode).toEqual([5, 3]);
    expect([s.perStep, s.perEpisode]).toEqual([11, 8]);
  });

  it('options: separate next observations, rewards, target-action queries', () => {
    // separate: + Σ_{m′≠m} o → [6 + 5, 5 + 3] = [11, 8], no per-episode term
    const sep = maddpgSignalling([3, 5], [2, 1], { nextObservation: 'separate' });
    expect(sep.perAgentPerStep).toEqual([11, 8]);
    expect(sep.perAgentPerEpisode).toEqual([0, 0]);
    // rewards: + (M − 1) = + 1 each
    expect(maddpgSignalling([3, 5], [2, 1], { includeRewards: true }).perAgentPerStep).toEqual([7, 6]);
    // queries W = 4, 1 update per step: + 4·Σ_{m′≠m} a → agent 0: 6 + 4·1 = 10; agent 1: 5 + 4·2 = 13
    expect(maddpgSignalling([3, 5], [2, 1], { targetActionQueries: { batchSize: 4, updatesPerStep: 1 } }).perAgentPerStep).toEqual([10, 13]);
  });

  it('errors name the field', () => {
    expect(() => maddpgSignalling([3, 5], [2])).toThrow('maddpgSignalling: actDims has 1 entries but obsDims has 2');
    expect(() => maddpgSignalling([3, 1.5], [2, 1])).toThrow('maddpgSignalling: obsDims[1] must be an integer >= 0, got 1.5');
    expect(() => maddpgSignalling([3], [2], { nextObservation: 'both' as never })).toThrow("nextObservation must be one of 'reuse', 'separate'");
  });
});

describe('signallingPerRun', () => {
  it('tiny case by hand: 2 agents, 3 episodes × 10 steps, 2 rounds of 55 scalars', () => {
    const r = signallingPerRun({
      obsDims: [3, 5], actDims: [2, 1], episodes: 3, stepsPerEpisode: 10,
      federated: { groupSizes: { actor: 26, critic: 29 }, rounds: 2 },
    });
    // MADDPG: agent 0 = 30 steps · 6 + 3 episodes · 5 = 195; agent 1 = 30 · 5 + 3 · 3 = 159; Σ = 354
    expect(r.maddpg.perAgentScalars).toEqual([195, 159]);
    expect([r.maddpg.scalars, r.maddpg.bytes, r.maddpg.steps]).toEqual([354, 1416, 30]);
    // F-DRL: each agent 2 rounds · (55 + 55) = 220; Σ = 440
    expect(r.federated.perAgentScalars).toEqual([220, 220]);
    expect([r.federated.scalars, r.federated.bytes]).toEqual([440, 1760]);
    expect(r.ratio).toBeCloseTo(354 / 440, 15);
  });

  it("paper 1's sizes: F-DRL moves ≈ 19.49× less than MADDPG over the run", () => {
    // Networks as spec 01 §4.3 builds them (one hidden layer of 64):
    //   actor  206 → 64 → 190:  206·64 + 64 + 64·190 + 190 = 13184 + 64 + 12160 + 190 = 25598
    //   critic (F-DRL, local Q(s_m, a_m)) 396 → 64 → 1:  396·64 + 64 + 64 + 1 = 25344 + 129 = 25473
    const actor = mlp({ sizes: [206, 64, 190], rng: fromSeed(1) }).countParams();
    const critic = mlp({ sizes: [206 + 190, 64, 1], rng: fromSeed(1) }).countParams();
    expect([actor, critic]).toEqual([25598, 25473]);
    const r = signallingPerRun({
      obsDims: Array(6).fill(206), actDims: Array(6).fill(190), episodes: 1000, stepsPerEpisode: 100,
      federated: { groupSizes: { actor, critic }, rounds: 100 },
    });
    // F-DRL per agent per round: 51071 up + 51071 down; 6 agents · 102142 = 612852 per round
    expect(r.federated.perRound.perClient[0]!.uploadBytes).toBe(51071 * 4); // 204284 B ≈ 204 kB
    expect(r.federated.perRound.totalScalars).toBe(612852);
    // 100 rounds: 61 285 200 scalars = 245 140 800 bytes
    expect([r.federated.scalars, r.federated.bytes]).toEqual([61_285_200, 245_140_800]);
    // MADDPG per agent per step: 5 · (206 + 190) = 1980; 6 agents: 11880 per step
    expect(r.maddpg.model.perStep).toBe(11880);
    // 100 000 steps · 11880 + 1000 episodes · 6 · 5 · 206 (final observations) = 1 188 000 000 + 6 180 000
    expect(r.maddpg.scalars).toBe(1_194_180_000);
    expect(r.maddpg.bytes).toBe(4_776_720_000);
    expect(r.maddpg.perAgentScalars[0]).toBe(199_030_000); // 100 000 · 1980 + 1000 · 1030
    // ratio 1 194 180 000 / 61 285 200 = 19.48562…
    expect(r.ratio).toBeCloseTo(19.48562, 5);
    // Even one round per episode (1000 rounds) stays below MADDPG: 612 852 000 < 1 194 180 000.
    const everyEpisode = signallingPerRun({
      obsDims: Array(6).fill(206), actDims: Array(6).fill(190), episodes: 1000, stepsPerEpisode: 100,
      federated: { groupSizes: { actor, critic }, rounds: 1000 },
    });
    expect(everyEpisode.ratio).toBeGreaterThan(1.9);
    expect(everyEpisode.ratio).toBeLessThan(2);
  });
});
