// iot-multi-rat as a ParallelEnv: the shared checker, the documented draw order of the topology and
// of each slot, determinism, the baselines (Centralized by hand on the tiny case, Random's draw
// order) and a fast-check property test over random valid configs and action sequences.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centralizedActions,
  IotMultiRatEnv,
  iotMultiRat,
  randomActions,
  type IotMultiRatConfigInput,
} from '../../../lib/env/iot-multi-rat/index.js';
import { deriveStream, exponential, integer, normal, uniform } from '../../../lib/random/index.js';
import { checkParallelEnv, envStream } from '../../../lib/rl/index.js';
import { tinyEnv } from './helpers.js';

describe('iot-multi-rat ParallelEnv contract', () => {
  it.each<[string, IotMultiRatConfigInput]>([
    ['paper sizes (U = 30)', { episodeLength: 40 }],
    ['literal energies, attempted W_all, 5 users', { numUsers: 5, energyOrder: 'literal', wAllCounts: 'attempted', episodeLength: 30 }],
  ])('checkParallelEnv passes (%s)', (_, cfg) => {
    const report = checkParallelEnv(() => iotMultiRat(cfg), { seed: 5, steps: 90, checkSeedSensitivity: false }); // the first observation is the fixed (0, 0, 1) of spec §3
    expect(report.possibleAgents[0]).toBe('user_0');
  });

  it('spaces: Discrete(8) observations, Discrete(191) actions; initial state (0, 0, 1) = 1', () => {
    const env = iotMultiRat();
    expect(env.observationSpace('user_0').toJSON()).toMatchObject({ type: 'Discrete', n: 8 });
    expect(env.actionSpace('user_29').toJSON()).toMatchObject({ type: 'Discrete', n: 191 });
    const r = env.reset({ seed: 3 });
    expect(Object.values(r.obs).every((s) => s === 1)).toBe(true);
    expect(() => env.step({ ...Object.fromEntries(env.possibleAgents.map((a) => [a, 0])), user_3: 191 })).toThrow(/user_3/);
  });
});

describe('draw order (file header of env.ts)', () => {
  it('topology: all distances (Normal, floored), then all CPUs; slot: U·C gains [user][channel] ~ Exp(18), then U task sizes', () => {
    const cfg = { numUsers: 3, seed: 7 };
    const env = new IotMultiRatEnv(cfg);
    const t = deriveStream(7, 'topology');
    const dist = [0, 1, 2].map(() => normal(t, 1000, 3));
    const cpu = [0, 1, 2].map(() => uniform(t, 5e8, 1e9));
    const topo = env.getTopology();
    expect(Array.from(topo.distances)).toEqual(dist);
    expect(Array.from(topo.userCpuHz)).toEqual(cpu);
    expect(Array.from(topo.largeScale)).toEqual(dist.map((d) => d ** -2.5));
    env.reset({ seed: 11 });
    const r = envStream(11, 'iot-multi-rat');
    const fading = Array.from({ length: 3 * 23 }, () => exponential(r, 18));
    const bits = [0, 1, 2].map(() => uniform(r, 1e4, 4e6));
    const st = env.getState();
    expect(st.fading).toEqual(fading);
    expect(st.taskBits).toEqual(bits);
    // the next slot continues the same stream, whatever the actions
    env.step({ user_0: 0, user_1: 5, user_2: 100 });
    const fading2 = Array.from({ length: 3 * 23 }, () => exponential(r, 18));
    expect(env.getState().fading).toEqual(fading2);
  });

  it('same seed ⇒ identical rollouts; getState/setState continues bit-identically', () => {
    const run = (split: boolean): number[] => {
      let env = iotMultiRat({ numUsers: 6, episodeLength: 50 });
      env.reset({ seed: 2 });
      const rng = deriveStream(9, 'acts');
      const out: number[] = [];
      for (let k = 0; k < 40; k++) {
        if (split && k === 20) {
          const s = JSON.parse(JSON.stringify(env.getState()));
          env = iotMultiRat({ numUsers: 6, episodeLength: 50 });
          env.setState(s);
        }
        const r = env.stepArray(Array.from({ length: 6 }, () => integer(rng, 0, 191)));
        out.push(...Object.values(r.rewards) as number[], ...(Object.values(r.obs) as number[]));
      }
      return out;
    };
    expect(run(true)).toEqual(run(false));
  });
});

describe('Centralized greedy (spec §4, resolution 3) on the tiny case', () => {
  // |g|² = 1 on every link: h = 1e−6. LoRa: SNR(0.1 W) = 1e−7/1e−13 = 1e6, SNR(0.2 W) = 2e6; WiFi: SNR(0.5) = 5e4, SNR(1.0) = 1e5.
  // User 1 (C^L = 105): WiFi level 0: R = 1e6·log2(5e4 + 1) = 1.5610e7, D = 2e6/R = 0.12812 s, C^T = 5.5·D = 0.7047,
  //   saving = 105 − 10.5 − 0.7047 = 93.80 (level 1: C^T = 6·2e6/1.6610e7 = 0.7225, smaller saving; LoRa: D ≈ 0.96 s, saving ≈ 89.6).
  // User 0 (C^L = 55): best WiFi saving 55 − 5.25 − 5.5·1e6/1.5610e7 = 49.40 < user 1's 93.80 ⇒ user 1 takes WiFi first.
  //   Then user 0 on LoRa: level 0 D = 1e6/(1e5·log2(1e6 + 1)) = 0.50172, C^T = 5.1·D = 2.5588; level 1 D = 0.47776, C^T = 5.2·D = 2.4844
  //   ⇒ level 1 (saving 47.27 > 0). Actions: user 0 → LoRa level 1 = 2, user 1 → WiFi level 0 = 3.
  it('assigns the largest savings to free sub-channels', () => {
    const env = tinyEnv([1, 1, 1, 1]);
    expect(centralizedActions(2, env.slotInfo(), env.params)).toEqual([2, 3]);
  });

  it('Δω: with W̄ = 1.2e9 and ω = 60 the second offload would pay ω·(1 + 1) = 120 > 47.27, so user 0 stays local; waitingAware false ignores it', () => {
    // after user 1: W_all = 1e9 ≤ 1.2e9; adding user 0 gives 1.5e9 > 1.2e9 for the first time ⇒ Δω = 60·(n_off + 1) = 120
    const env = tinyEnv([1, 1, 1, 1], { edgeCapacityPerSlot: 1.2e9, waitingCost: 60 });
    expect(centralizedActions(2, env.slotInfo(), env.params)).toEqual([0, 3]);
    expect(centralizedActions(2, env.slotInfo(), env.params, { waitingAware: false })).toEqual([2, 3]);
  });

  it('never offloads a link at or below the threshold, and nothing under the literal energies', () => {
    // WiFi |g|² = 1e−5 ⇒ SNR(1.0 W) = 1e−11/1e−11 ≈ 1 < 10: infeasible; LoRa |g|² = 1e−8 ⇒ SNR(0.2) = 2e−15/1e−13 = 0.02 < 0.0316
    const env = tinyEnv([1e-8, 1e-5, 1e-8, 1e-5]);
    expect(centralizedActions(2, env.slotInfo(), env.params)).toEqual([0, 0]);
    const lit = tinyEnv([1, 1, 1, 1], { energyOrder: 'literal' });
    expect(centralizedActions(2, lit.slotInfo(), lit.params)).toEqual([0, 0]);
  });

  it('gives distinct sub-channels at the paper scale (no collisions)', () => {
    const env = iotMultiRat();
    env.reset({ seed: 4 });
    const acts = centralizedActions(30, env.slotInfo(), env.params);
    env.stepArray(acts);
    const s = env.lastSlot!;
    expect(s.loraSharedSubchannels + s.wifiCollidedSubchannels).toBe(0);
    expect(s.loraFailed + s.wifiFailed).toBe(0);
    expect(s.loraUsers + s.wifiUsers).toBeGreaterThan(0);
  });
});

describe('Random baseline', () => {
  it('draws a RAT in {local, LoRa, WiFi}, then a sub-channel and a level of that RAT, users in order', () => {
    const env = iotMultiRat();
    const a = randomActions(deriveStream(1, 'r'), 30, env.params);
    const r = deriveStream(1, 'r');
    const expected = Array.from({ length: 30 }, () => {
      const rat = integer(r, 0, 3);
      if (rat === 0) return 0;
      const ch = integer(r, 0, rat === 1 ? 10 : 13), lv = integer(r, 0, rat === 1 ? 6 : 10);
      return rat === 1 ? 1 + ch * 6 + lv : 61 + ch * 10 + lv;
    });
    expect(a).toEqual(expected);
  });
});

describe('property: random valid configs and action sequences', () => {
  const config = fc.record({
    numUsers: fc.integer({ min: 1, max: 8 }),
    loraSubchannels: fc.integer({ min: 1, max: 4 }),
    wifiSubchannels: fc.integer({ min: 1, max: 4 }),
    loraLevels: fc.integer({ min: 1, max: 4 }),
    wifiLevels: fc.integer({ min: 1, max: 4 }),
    energyOrder: fc.constantFrom('swapped' as const, 'literal' as const),
    wAllCounts: fc.constantFrom('received' as const, 'attempted' as const),
    distanceStdM: fc.double({ min: 0, max: 2000, noNaN: true }),
    rayleighScale: fc.double({ min: 1e-3, max: 10, noNaN: true }),
    delayCap: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    waitingCost: fc.double({ min: 0, max: 1e3, noNaN: true }),
    failurePenalty: fc.double({ min: 0, max: 1e3, noNaN: true }),
    edgeCapacityPerSlot: fc.option(fc.double({ min: 1, max: 1e12, noNaN: true }), { nil: null }),
    taskLo: fc.double({ min: 1, max: 1e6, noNaN: true }),
    seed: fc.integer({ min: 0, max: 1000 }),
  });

  it('never throws on valid input, every cost is finite and >= 0, states in [0, 7] (1 000 cases)', () => {
    fc.assert(
      fc.property(config, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (c, raw) => {
        const env = iotMultiRat({
          numUsers: c.numUsers,
          loraSubchannels: c.loraSubchannels,
          wifiSubchannels: c.wifiSubchannels,
          loraPowerLevelsW: Array.from({ length: c.loraLevels }, (_, k) => 0.05 * (k + 1)),
          wifiPowerLevelsW: Array.from({ length: c.wifiLevels }, (_, k) => 0.1 * (k + 1)),
          energyOrder: c.energyOrder,
          wAllCounts: c.wAllCounts,
          distanceStdM: c.distanceStdM,
          rayleighScale: c.rayleighScale,
          delayCap: c.delayCap,
          waitingCost: c.waitingCost,
          failurePenalty: c.failurePenalty,
          edgeCapacityPerSlot: c.edgeCapacityPerSlot,
          taskBits: [c.taskLo, 2 * c.taskLo],
          seed: c.seed,
          episodeLength: 6,
        });
        env.reset({ seed: c.seed });
        const n = env.dims.numActions;
        let k = 0;
        while (env.agents.length > 0) {
          const acts = Array.from({ length: c.numUsers }, (_, i) => (raw[(k + i) % raw.length] as number) % n);
          const r = env.stepArray(k % 2 === 0 ? acts : centralizedActions(c.numUsers, env.slotInfo(), env.params));
          const s = env.lastSlot!;
          for (const v of [...s.cost, ...s.sinr, ...s.rate, ...s.txDelay, s.wAll]) expect(Number.isFinite(v) && v >= 0).toBe(true);
          for (const o of Object.values(r.obs) as number[]) expect(o >= 0 && o <= 7).toBe(true);
          expect(s.localUsers + s.loraUsers + s.wifiUsers).toBe(c.numUsers);
          k++;
        }
        expect(k).toBe(6);
      }),
      { numRuns: 1000, seed: 42 },
    );
  });

  it('invalid configs and actions fail with validation errors naming the field', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -5, max: 0 })), (bad) => {
        expect(() => iotMultiRat({ numUsers: bad })).toThrow(/iot-multi-rat: numUsers must be/);
      }),
      { numRuns: 50, seed: 1 },
    );
    const env = iotMultiRat({ numUsers: 2, loraSubchannels: 1, wifiSubchannels: 1, loraPowerLevelsW: [0.1], wifiPowerLevelsW: [0.5] });
    env.reset({ seed: 1 });
    expect(() => env.step({ user_0: 3, user_1: 0 })).toThrow(/user_0/);
    expect(() => env.step({ user_0: 1.5, user_1: 0 })).toThrow(/user_0/);
  });
});
