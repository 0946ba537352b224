// smart-community as a ParallelEnv: a hand-computed run (1 community, 3 EDs, 8 sub-slots per
// time-slot so a queue time-out happens before the next arrivals; one failure of each cause), the
// reservations, the order of random draws, the shared checker, and a fast-check property test.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveStream, exponential, uniform } from '../../../lib/random/index.js';
import { agentRecord, checkParallelEnv, envStream } from '../../../lib/rl/index.js';
import {
  SmartCommunityEnv,
  edgeDecision,
  greedyDecision,
  localDecision,
  type CommunityStepMetrics,
  type SmartCommunityConfigInput,
  type SmartCommunityState,
} from '../../../lib/env/smart-community/index.js';

const rel = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
};

/** 1 community, 3 EDs; T = 8 sub-slots of 0.25 s per 2 s slot, 2 slots (16 steps). */
const TINY: SmartCommunityConfigInput = { numCommunities: 1, devicesPerCommunity: 3, subSlotsPerSlot: 8, slotDurationS: 2, slotsPerEpoch: 2 };

function tinyEnv(extra: SmartCommunityConfigInput, over: Partial<SmartCommunityState>): SmartCommunityEnv {
  const env = new SmartCommunityEnv({ ...TINY, ...extra });
  env.reset({ seed: 1 });
  env.setState({
    ...env.getState(),
    txPowerW: [0.1, 0.2, 0.4], cpuHz: [1e9, 1e9, 1e9], q: [1, 0.5, 10], distanceM: [10, 10, 10], gain: [1, 1, 1],
    battery: [120, 120, 5], busyUntilS: [0, 0, 0],
    buffers: [[{ generatedAtS: 0, dataBits: 4e6, cycles: 1e9 }], [{ generatedAtS: 0, dataBits: 8e6, cycles: 1.2e9 }], [{ generatedAtS: 0, dataBits: 4e6, cycles: 1e9 }]],
    ...over,
  });
  return env;
}

/** α: ED0 local, ED1 offload, ED2 local (tanh values), equal raw shares. */
const ACTION = Float64Array.of(-1, 1, -1, 0, 0, 0, 0, 0, 0);
const stepTiny = (env: SmartCommunityEnv) => {
  const r = env.step({ community_0: ACTION });
  return { reward: r.rewards['community_0']!, m: env.lastStepMetrics![0] as CommunityStepMetrics, obs: r.obs['community_0']! };
};

describe('smart-community hand-computed run', () => {
  it('local success, battery (C3) failure, min-share queueing, deadline-exact start and a queue time-out', () => {
    // The whole bandwidth is held until 2.0 s, so ED1's offloads stay queued (share 0).
    const env = tinyEnv({}, { bandwidthHeld: [[{ hz: 1.5e7, untilS: 2 }]] });
    // t = 0: ED0 local: T^l = 1 s, E^l = 1e−26·1e9·(1e9)² = 10 J ⇒ success, reward −(1·1 + 0.5·10) = −6.
    //        ED2 local with b(0) = 5 < 10 ⇒ C3 failure (the 40 J harvested this sub-slot cannot pay), −q_p = −10.
    //        ED1 queued. Batteries: ED0 min(120 + 40 − 10, 120) = 120; ED2 max(5 + 40 − 10, 0) = 35.
    let s = stepTiny(env);
    expect(s.reward).toBe(-16);
    expect(s.m).toMatchObject({ decided: 2, successes: 1, failBattery: 1, failDeadline: 0, failTimeout: 0, queuedByShare: 1, local: 2, offloaded: 0 });
    expect(s.m.sumNominalEnergyJ).toBe(20);
    expect(env.getState().battery).toEqual([120, 120, 35]);
    // Observation after t = 0 (t = 1): ED0 busy ⇒ D = C = 0; ED1 idle with head D/1.2e7, C/1.2e9; b/120; l/100; B_avail/B = 0.
    expect(Array.from(s.obs)).toEqual([0, 8e6 / 1.2e7, 0, 0, 1.2e9 / 1.2e9, 0, 1, 1, 35 / 120, 0.1, 0.1, 0.1, 0, 1, 1, 0.5, 10 / 20]);
    // t = 1..5: nothing settles (ED0 busy until 1 s but has no task; ED1 queued). ED2: 75, 115, 120 J.
    for (let t = 1; t <= 5; t++) {
      s = stepTiny(env);
      expect(s.reward).toBe(0);
      expect(s.m.queuedByShare).toBe(1);
    }
    expect(env.getState().battery[2]).toBe(120);
    // t = 6 (1.5 s): ED1's task has waited exactly T_d: no time-out (strict), still queued.
    s = stepTiny(env);
    expect(s.m.failTimeout).toBe(0);
    // t = 7 (1.75 s): waited 1.75 > 1.5 ⇒ time-out before the agent acts: −q_p, no energy, wait 1.75.
    s = stepTiny(env);
    expect(s.reward).toBe(-10);
    expect(s.m).toMatchObject({ decided: 1, failTimeout: 1, successes: 0, queuedByShare: 0, sumWaitS: 1.75, sumNominalEnergyJ: 0, sumChargedEnergyJ: 0 });
    // t = 8 (2.0 s): new tasks arrive, the reservation (until 2.0) is released.
    s = stepTiny(env);
    expect(s.m.arrivals).toBe(3);
    expect(s.m.queuedByShare).toBe(0);
  });

  it('a task that has waited exactly T_d may start and then fails C2 with its energy charged', () => {
    const env = tinyEnv({}, { bandwidthHeld: [[{ hz: 1.5e7, untilS: 1.5 }]] });
    for (let t = 0; t < 6; t++) stepTiny(env);
    env.setState({ ...env.getState(), gain: [1, 1, 1] }); // g is redrawn every sub-slot: pin it for t = 6
    // t = 6 (1.5 s): bandwidth free; ED1 offloads alone: T^w = 1.5 ⇒ 1.5 + T^tr + T^m > 1.5 ⇒ C2 at the MEC
    //   (the upload alone already exceeds T_d? 1.5 + T^tr > 1.5 ⇒ failure IN THE UPLOAD, eq. 12: 0.2·min(0.25, T^tr)).
    const s = stepTiny(env);
    const ttr = 8e6 / (1.5e7 * Math.log2(20001));
    expect(s.m).toMatchObject({ decided: 1, failDeadline: 1, failUpload: 1, offloaded: 1 });
    rel(s.m.sumChargedEnergyJ, 0.2 * ttr);
    rel(s.m.sumNominalEnergyJ, 0.2 * ttr + 100 * 0.06);
    expect(s.m.sumWaitS).toBe(1.5);
    expect(s.reward).toBe(-10);
  });

  it('reservations: bandwidth is held until the upload ends, compute until execution ends', () => {
    // B = 1e6: r = 1e6·log2(20001); T^tr = 8e6/r = 0.55992 s; T^m = 0.06 s ⇒ success at 0.61992 s ≤ 1.5.
    const env = tinyEnv({ bandwidthHz: 1e6 }, {});
    const ttr = 8e6 / (1e6 * Math.log2(20001));
    let s = stepTiny(env);
    expect(s.m.successes).toBe(2);
    expect(s.m.offloaded).toBe(1);
    expect(s.m.sumBeta).toBe(1);
    rel(env.getState().bandwidthHeld[0]![0]!.untilS, ttr);
    rel(env.getState().computeHeld[0]![0]!.untilS, ttr + 0.06);
    const n = 3;
    expect([s.obs[4 * n], s.obs[4 * n + 1]]).toEqual([0, 0]); // t = 1 (0.25 s): both held
    s = stepTiny(env);
    expect([s.obs[4 * n], s.obs[4 * n + 1]]).toEqual([0, 0]); // t = 2 (0.5 s)
    s = stepTiny(env);
    expect([s.obs[4 * n], s.obs[4 * n + 1]]).toEqual([1, 1]); // t = 3 (0.75 s): released
    // perSubslot: nothing is held.
    const env2 = tinyEnv({ bandwidthHz: 1e6, resourceModel: 'perSubslot' }, {});
    expect([stepTiny(env2).obs[4 * n], stepTiny(env2).obs[4 * n + 1]]).toEqual([1, 1]);
  });

  it("harvestPer 'slot' adds e_t only at time-slot starts", () => {
    const env = tinyEnv({ harvestPer: 'slot' }, { battery: [100, 100, 5] });
    stepTiny(env); // t = 0: ED0 100 + 40 − 10 = 120 (clipped); ED1 100 + 40 − 6.0075 ⇒ 120; ED2 5 + 40 − 10 = 35
    stepTiny(env); // t = 1: no harvest (with 'subSlot' ED2 would be 75)
    expect(env.getState().battery).toEqual([120, 120, 35]);
  });

  it('baselines: local, edge and greedy decisions', () => {
    const env = tinyEnv({}, {});
    const s = env.subSlotInput(0);
    expect(Array.from(localDecision(3).offload)).toEqual([0, 0, 0]);
    expect(Array.from(edgeDecision(3).offload)).toEqual([1, 1, 1]);
    // Greedy: ED0, ED1 run locally in time with enough battery; ED2 (b = 5 < 10 J) offloads.
    expect(Array.from(greedyDecision(s, 1e-26).offload)).toEqual([0, 0, 1]);
    const out = env.counterfactual(0, edgeDecision(3));
    expect(out.map((o) => o.beta)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

describe('smart-community random draws', () => {
  it('follow the documented order', () => {
    const c: SmartCommunityConfigInput = { numCommunities: 2, devicesPerCommunity: 2, seed: 5 };
    const env = new SmartCommunityEnv(c);
    const dev = deriveStream(5, 'smart-community', 'devices');
    const P: number[] = [], f: number[] = [], q: number[] = [];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        P.push(uniform(dev, 0.1, 0.4));
        f.push(uniform(dev, 1e9, 1.2e9));
      }
      q.push(uniform(dev, 0.5, 1), uniform(dev, 0.5, 1), uniform(dev, 10, 20));
    }
    const p = env.deviceParameters();
    expect(Array.from(p.txPowerW)).toEqual(P);
    expect(Array.from(p.cpuHz)).toEqual(f);
    expect(Array.from(p.q)).toEqual(q);
    env.reset({ seed: 9 });
    const rng = envStream(9, 'smart-community');
    const l = Array.from({ length: 4 }, () => uniform(rng, 10, 100));
    const tasks = Array.from({ length: 4 }, () => [uniform(rng, 4e6, 1.2e7), uniform(rng, 1e9, 1.2e9)]);
    const g = Array.from({ length: 4 }, () => exponential(rng, 1));
    const st = env.getState();
    expect(st.distanceM).toEqual(l);
    expect(st.buffers.map((b) => [b[0]!.dataBits, b[0]!.cycles])).toEqual(tasks);
    expect(st.gain).toEqual(g);
  });
});

describe('smart-community ParallelEnv contract', () => {
  const variants: [string, SmartCommunityConfigInput][] = [
    ['defaults', {}],
    ['poisson, perSubslot, extended', { arrival: 'poisson', arrivalMean: 2, resourceModel: 'perSubslot', obsMode: 'extended' }],
    ['slot harvest, literal eq. 13, penaltyPlusCost', { harvestPer: 'slot', eq13Mode: 'literal', failureReward: 'penaltyPlusCost', chargeMecEnergyToDevice: false }],
  ];
  it.each(variants)('checkParallelEnv passes (%s)', (_, extra) => {
    checkParallelEnv(() => new SmartCommunityEnv({ devicesPerCommunity: 4, ...extra }), { seed: 3, steps: 100 });
  });

  it('same seed ⇒ identical rollouts', () => {
    const run = (): number[] => {
      const env = new SmartCommunityEnv({ devicesPerCommunity: 4 });
      const rng = deriveStream(2, 'actions');
      env.reset({ seed: 4 });
      const out: number[] = [];
      while (env.agents.length > 0) {
        const r = env.step(agentRecord(env.possibleAgents, () => Float64Array.from({ length: 12 }, () => uniform(rng, -1, 1))));
        out.push(...Object.values(r.rewards) as number[]);
      }
      return out;
    };
    expect(run()).toEqual(run());
  });
});

describe('smart-community property test', () => {
  it('random configs and actions: only validation errors; energies, queues and batteries finite and in range', () => {
    const range = (lo: number, hi: number) => fc.tuple(fc.double({ min: lo, max: hi, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, t]) => [a, a + t * (hi - a)] as [number, number]);
    const cfg = fc.record({
      numCommunities: fc.integer({ min: 1, max: 3 }),
      devicesPerCommunity: fc.integer({ min: 1, max: 4 }),
      subSlotsPerSlot: fc.integer({ min: 1, max: 8 }),
      slotsPerEpoch: fc.integer({ min: 1, max: 3 }),
      slotDurationS: fc.double({ min: 0.05, max: 4, noNaN: true }),
      deadlineS: fc.double({ min: -0.5, max: 4, noNaN: true }),
      bandwidthHz: fc.double({ min: 1e3, max: 1e9, noNaN: true }),
      mecCpuHz: fc.double({ min: 1e8, max: 1e11, noNaN: true }),
      noisePowerW: fc.double({ min: 1e-12, max: 1e3, noNaN: true }),
      batteryCapacityJ: fc.double({ min: 1, max: 500, noNaN: true }),
      harvestJ: fc.double({ min: 0, max: 100, noNaN: true }),
      harvestPer: fc.constantFrom('subSlot', 'slot'),
      arrival: fc.constantFrom('perSlot', 'poisson'),
      arrivalMean: fc.double({ min: 0.1, max: 4, noNaN: true }),
      resourceModel: fc.constantFrom('reservation', 'perSubslot'),
      eq13Mode: fc.constantFrom('corrected', 'literal'),
      chargeMecEnergyToDevice: fc.boolean(),
      failureReward: fc.constantFrom('paper', 'penaltyPlusCost'),
      minShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
      obsMode: fc.constantFrom('paper', 'extended'),
      dataBits: range(1e3, 1e8),
      cycles: range(1e7, 5e9),
    }, { requiredKeys: [] });
    fc.assert(
      fc.property(cfg, fc.integer({ min: 0, max: 1000 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 64 }), (config, seed, actionPool) => {
        let env: SmartCommunityEnv;
        try {
          env = new SmartCommunityEnv({ ...config, seed } as SmartCommunityConfigInput);
        } catch (e) {
          expect(e instanceof RangeError || e instanceof TypeError).toBe(true);
          expect((e as Error).message).toMatch(/^smart-community: /);
          return;
        }
        const n = env.dims.devices, bmax = env.config.batteryCapacityJ;
        env.reset({ seed });
        let k = 0;
        while (env.agents.length > 0) {
          const r = env.step(agentRecord(env.possibleAgents, () => Float64Array.from({ length: 3 * n }, () => actionPool[k++ % actionPool.length]!)));
          const bad = (what: string): never => { throw new Error(`property violated: ${what} (config ${JSON.stringify(config)})`); };
          for (const a of env.possibleAgents) {
            if (!Number.isFinite(r.rewards[a]!)) bad('finite reward');
            const o = r.obs[a]!;
            for (const x of o) if (!(Number.isFinite(x) && x >= 0)) bad('finite observation >= 0');
            for (let j = 0; j < n; j++) if (!(o[2 * n + j]! <= 1)) bad('b/b_max <= 1');
          }
          for (const m of env.lastStepMetrics!) {
            for (const v of Object.values(m)) if (!Number.isFinite(v)) bad('finite metrics');
            if (!(m.sumNominalEnergyJ >= 0 && m.sumChargedEnergyJ >= 0)) bad('energies >= 0');
            if (m.successes + m.failDeadline + m.failBattery + m.failTimeout !== m.decided) bad('outcome counts add up');
          }
        }
        const st = env.getState();
        expect(st.battery.every((b) => b >= 0 && b <= bmax)).toBe(true);
        expect(st.buffers.every((b) => b.length < 1000)).toBe(true);
      }),
      { numRuns: 1000, seed: 2026 },
    );
  });
});
