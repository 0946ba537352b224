// Spec 05 equations on hand-computed values: config defaults and errors, eqs. (1), (12), (13),
// (14), (19), the tanh decoding of §3, and the settlement rules (C2/C3, upload vs MEC failure,
// minShare) of model.ts.

import { describe, expect, it } from 'vitest';
import {
  communityTaskDelay,
  communityUplinkRate,
  decodeCommunityAction,
  mecFailureCharge,
  resolveSmartCommunityConfig,
  settleSubSlot,
  smartCommunityDims,
  taskReward,
  uploadFailureCharge,
  type SettleParams,
  type SubSlotInput,
} from '../../../lib/env/smart-community/index.js';

const rel = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
};

describe('smart-community config', () => {
  it('defaults are the paper values plus the [R]s', () => {
    const c = resolveSmartCommunityConfig();
    expect(c.numCommunities).toBe(3);
    expect(c.devicesPerCommunity).toBe(10);
    expect(c.mecCpuHz).toBe(2e10);
    expect(c.bandwidthHz).toBe(1.5e7);
    expect(c.capacitance).toBe(1e-26);
    expect(c.noisePowerW).toBe(1e-6);
    expect(c.energyMetric).toBe('nominal');
    expect(c.harvestPer).toBe('subSlot');
    expect(c.communityTaskScale).toEqual([1, 1, 1]);
    const d = smartCommunityDims(c);
    expect(d.obsDim).toBe(45); // 4·10 + 5
    expect(d.actDim).toBe(30);
    expect(d.subSlotS).toBe(0.25);
    expect(d.episodeSteps).toBe(80);
    expect(smartCommunityDims(resolveSmartCommunityConfig({ obsMode: 'extended' })).obsDim).toBe(65);
  });

  it('errors name the field and the allowed range', () => {
    expect(() => resolveSmartCommunityConfig({ deadlineS: -1 })).toThrow('smart-community: deadlineS must be a finite number > 0, got -1');
    expect(() => resolveSmartCommunityConfig({ harvestPer: 'x' as never })).toThrow(/harvestPer must be "subSlot" or "slot"/);
    expect(() => resolveSmartCommunityConfig({ communityTaskScale: [1, 1] })).toThrow(/communityTaskScale must be an array of 3/);
    expect(() => resolveSmartCommunityConfig({ dataBits: [2, 1] })).toThrow(/dataBits\[1\] must be a finite number >= dataBits\[0\]/);
    expect(() => resolveSmartCommunityConfig({ batteryInitJ: 200 })).toThrow(/batteryInitJ must be a number in \[0, batteryCapacityJ\]/);
    expect(() => resolveSmartCommunityConfig({ typo: 1 } as never)).toThrow(/typo/);
  });
});

describe('spec 05 equations', () => {
  it('(1) rate: w·B·log2(1 + P·g/(σ²·l))', () => {
    // 1.5e7 Hz · log2(1 + 0.2·1/(1e−6·10)) = 1.5e7·log2(20001) = 1.5e7·14.287783 = 2.1431675e8 bit/s
    rel(communityUplinkRate(1.5e7, 0.2, 1, 1e-6, 10), 1.5e7 * Math.log2(20001));
    expect(communityUplinkRate(1.5e7, 0.2, 1, 1e-6, 10)).toBeCloseTo(2.14316749e8, -2);
  });

  it('(12) upload failure charges P·min(τ_s, T^tr)', () => {
    expect(uploadFailureCharge(0.1, 2.8, 0.25)).toBeCloseTo(0.025, 15); // ratio clipped to 1: 0.1·0.25
    expect(uploadFailureCharge(0.4, 0.1, 0.25)).toBeCloseTo(0.04, 15); // 0.4·0.1 (= E^tr)
  });

  it('(13) MEC failure charges E^tr + clip((τ_s − T^tr)/T^m, 0, 1)·E^m (literal: ·E^tr)', () => {
    // E^tr = 0.01, E^m = 100, T^tr = 0.05, T^m = 1: 0.01 + (0.2/1)·100 = 20.01
    rel(mecFailureCharge(0.01, 100, 0.05, 1, 0.25, 'corrected'), 20.01);
    // literal: 0.01 + 0.2·0.01 = 0.012
    rel(mecFailureCharge(0.01, 100, 0.05, 1, 0.25, 'literal'), 0.012);
    // T^m tiny: ratio clipped to 1 ⇒ 0.01 + 100
    rel(mecFailureCharge(0.01, 100, 0.05, 0.01, 0.25, 'corrected'), 100.01);
  });

  it('(14) and (19)', () => {
    expect(communityTaskDelay(0, 1, 9, 9, 0.5)).toBe(1.5);
    expect(communityTaskDelay(1, 9, 0.25, 0.5, 0.25)).toBe(1);
    // success: −(0.5·1.5 + 0.75·10) = −8.25; failure 'paper': −q_p; 'penaltyPlusCost': −15 − 8.25
    expect(taskReward(true, 0.5, 0.75, 15, 1.5, 10, 'paper')).toBe(-8.25);
    expect(taskReward(false, 0.5, 0.75, 15, 1.5, 10, 'paper')).toBe(-15);
    expect(taskReward(false, 0.5, 0.75, 15, 1.5, 10, 'penaltyPlusCost')).toBe(-23.25);
  });

  it('§3 decoding: α = 1 iff > 0 (0 is local), raw shares (a + 1)/2 + ε', () => {
    const d = decodeCommunityAction([0.3, 0, -1, -1, 0, 1, 1, 0.5, -0.5], 3, 1e-6);
    expect(Array.from(d.offload)).toEqual([1, 0, 0]);
    expect(Array.from(d.wRaw)).toEqual([1e-6, 0.5 + 1e-6, 1 + 1e-6]);
    expect(Array.from(d.betaRaw)).toEqual([1 + 1e-6, 0.75 + 1e-6, 0.25 + 1e-6]);
  });
});

const P: SettleParams = { capacitance: 1e-26, noisePowerW: 1e-6, mecPowerW: 100, minShare: 0.01, eq13Mode: 'corrected', chargeMecEnergyToDevice: true, failureReward: 'paper' };

function input(over: Partial<SubSlotInput> = {}): SubSlotInput {
  return {
    nowS: 0, nextS: 0.25, subSlotS: 0.25, deadlineS: 1.5,
    head: [{ dataBits: 4e6, cycles: 1e9, waitS: 0 }, { dataBits: 8e6, cycles: 1.2e9, waitS: 0 }, { dataBits: 4e6, cycles: 1e9, waitS: 0 }],
    battery: [120, 120, 120], txPowerW: [0.1, 0.2, 0.4], cpuHz: [1e9, 1e9, 1e9], distanceM: [10, 10, 10], gain: [1, 1, 1],
    bandwidthAvailHz: 1.5e7, computeAvailHz: 2e10, bandwidthHz: 1.5e7, computeHz: 2e10,
    q: { t: 1, e: 0.5, p: 10 },
    ...over,
  };
}
const dec = (offload: number[], w = [1, 1, 1], b = [1, 1, 1]) => ({ offload: Uint8Array.from(offload), wRaw: Float64Array.from(w), betaRaw: Float64Array.from(b) });

describe('settlement of one sub-slot', () => {
  it('local success, local C3 (battery before the harvest) and an offload success, shares normalised over offloads', () => {
    // ED0 local: T^l = 1e9/1e9 = 1 s, E^l = 1e−26·1e9·1e18 = 10 J, T = 1 ≤ 1.5, 10 ≤ 120 ⇒ success,
    //   reward −(1·1 + 0.5·10) = −6, busy until 1 s.
    // ED2 local with b = 5: 10 > 5 ⇒ C3 failure (the sub-slot's 40 J cannot pay), charged 10, reward −10.
    // ED1 offloads alone ⇒ w = β = 1: r = 1.5e7·log2(1 + 0.2/(1e−6·10)) = 1.5e7·log2(20001);
    //   T^tr = 8e6/r = 0.0373279 s, E^tr = 0.2·T^tr = 0.0074656 J; T^m = 1.2e9/2e10 = 0.06 s, E^m = 6 J.
    const { outcomes, queued } = settleSubSlot(input({ battery: [120, 120, 5] }), dec([0, 1, 0], [1, 7, 1], [1, 3, 1]), P);
    expect(queued).toEqual([]);
    const [o0, o1, o2] = outcomes;
    expect(o0!.success).toBe(true);
    expect(o0!.reward).toBe(-6);
    expect(o0!.busyUntilS).toBe(1);
    expect(o0!.chargedEnergyJ).toBe(10);
    const r = 1.5e7 * Math.log2(20001), ttr = 8e6 / r;
    expect(o1!.success).toBe(true);
    expect(o1!.beta).toBe(1);
    rel(o1!.delayS, ttr + 0.06);
    rel(o1!.nominalEnergyJ, 0.2 * ttr + 6);
    rel(o1!.reward, -(1 * (ttr + 0.06) + 0.5 * (0.2 * ttr + 6)));
    rel(o1!.bandwidthUntilS, ttr);
    rel(o1!.computeUntilS, ttr + 0.06);
    expect(o1!.bandwidthHz).toBe(1.5e7);
    expect(o2!.success).toBe(false);
    expect(o2!.cause).toBe('battery');
    expect(o2!.chargedEnergyJ).toBe(10);
    expect(o2!.reward).toBe(-10);
    expect(o2!.busyUntilS).toBe(0.25); // failed tasks free the ED at the next sub-slot
  });

  it('local C2 failure; both C2 and C3 count as deadline', () => {
    // wait 1.0 + T^l 1.0 = 2.0 > 1.5 ⇒ C2; E^l = 10 J still charged (eq. 10).
    const h = { dataBits: 4e6, cycles: 1e9, waitS: 1 };
    const { outcomes } = settleSubSlot(input({ head: [h, h, null], battery: [120, 5, 120] }), dec([0, 0, 0]), P);
    expect(outcomes.length).toBe(2);
    expect(outcomes[0]!.cause).toBe('deadline');
    expect(outcomes[0]!.bothViolated).toBe(false);
    expect(outcomes[0]!.chargedEnergyJ).toBe(10);
    expect(outcomes[0]!.waitS).toBe(1);
    expect(outcomes[1]!.cause).toBe('deadline');
    expect(outcomes[1]!.bothViolated).toBe(true);
  });

  it('offload failure in the upload charges (12); at the MEC charges (13); nominal energy is eq. 15', () => {
    // Upload: B = 1e5 Hz ⇒ r = 1e5·log2(1 + 0.1/1e−5) = 1e5·log2(10001) = 1.32880e6; T^tr = 4e6/r = 3.0102 s > 1.5
    //   ⇒ upload failure (C2), charge 0.1·min(0.25, 3.01) = 0.025 J; nominal E = 0.1·T^tr + 100·(1e9/2e10) = 0.30102 + 5.
    const up = settleSubSlot(input({ head: [{ dataBits: 4e6, cycles: 1e9, waitS: 0 }, null, null], bandwidthAvailHz: 1e5, bandwidthHz: 1e5 }), dec([1, 0, 0]), P).outcomes[0]!;
    const ttrU = 4e6 / (1e5 * Math.log2(10001));
    expect(up.failedIn).toBe('upload');
    expect(up.cause).toBe('deadline');
    rel(up.chargedEnergyJ, 0.025);
    rel(up.nominalEnergyJ, 0.1 * ttrU + 5);
    // MEC: F = 1e9 ⇒ T^m = 1 s, E^m = 100 J; wait 0.5: 0.5 + T^tr + 1 > 1.5 ⇒ C2 at the MEC (upload meets T_d, E^tr ≤ b).
    //   r = 1.5e7·log2(10001), T^tr = 4e6/r = 0.020068 s; charge E^tr + (0.25 − T^tr)/1·100.
    const mec = settleSubSlot(input({ head: [{ dataBits: 4e6, cycles: 1e9, waitS: 0.5 }, null, null], computeAvailHz: 1e9, computeHz: 1e9 }), dec([1, 0, 0]), P).outcomes[0]!;
    const ttr = 4e6 / (1.5e7 * Math.log2(10001));
    expect(mec.failedIn).toBe('mec');
    rel(mec.chargedEnergyJ, 0.1 * ttr + (0.25 - ttr) * 100);
    rel(mec.nominalEnergyJ, 0.1 * ttr + 100);
    expect(mec.computeUntilS).toBe(0.25); // released at the next sub-slot (resolution 1)
  });

  it('an offload whose share is below minShare of the total stays queued', () => {
    // B_avail = 1e5 of B = 1.5e7: share 1e5 < 0.01·1.5e7 = 1.5e5 ⇒ queued (no outcome).
    const { outcomes, queued } = settleSubSlot(input({ bandwidthAvailHz: 1e5 }), dec([1, 0, 0]), P);
    expect(queued).toEqual([0]);
    expect(outcomes.map((o) => o.device)).toEqual([1, 2]);
  });
});
