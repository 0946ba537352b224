// iot-multi-rat equations (spec 04 eqs. 1–21) and the decoder, pinned to hand-computed values on a
// tiny case: 2 users, 1 LoRa + 1 WiFi sub-channel, 2 power levels per RAT. Round numbers come from
// a test config: path-loss exponent 2 at 1000 m (d^−2 = 1e−6), LoRa noise −150 dBm/Hz over 1e5 Hz
// (1e−18·1e5 = 1e−13 W), WiFi −140 dBm/Hz over 1e6 Hz (1e−17·1e6 = 1e−11 W).

import { describe, expect, it } from 'vitest';
import {
  decodeIotAction,
  encodeIotAction,
  evaluateIotSlot,
  IOT_MULTI_RAT_DEFAULTS,
  iotMultiRatDims,
  iotSlotParams,
  iotStateBits,
  iotStateIndex,
  resolveIotMultiRatConfig,
} from '../../../lib/env/iot-multi-rat/index.js';
import { expectRel } from '../small-cell/helpers.js';
import { TINY, tinyEnv } from './helpers.js';

// Per-user constants of the tiny case (swapped energies e_L = 1e−7, e_E = 1e−8; ν = 500; β = 5; f = 1e10):
//   user 0: d = 1e6 ⇒ dν = 5e8.  C^L = 5e8·1e−7 + 5·5e8/5e8 = 50 + 5 = 55;   C^E = 5e8·1e−8 + 5·5e8/1e10 = 5 + 0.25 = 5.25
//   user 1: d = 2e6 ⇒ dν = 1e9.  C^L = 1e9·1e−7 + 5·1e9/1e9 = 100 + 5 = 105; C^E = 10 + 5·0.1 = 10.5

describe('iot-multi-rat config', () => {
  it('defaults are the paper values and the spec [R]s; derived constants', () => {
    const c = resolveIotMultiRatConfig();
    expect(c).toEqual(IOT_MULTI_RAT_DEFAULTS);
    const d = iotMultiRatDims(c);
    expect(d.numActions).toBe(191); // 1 + 10·6 + 13·10
    expect(d.numStates).toBe(8);
    // σ_L² = −174 + 10·log10(1.25e5) = −123.03 dBm = 4.976e−16 W; σ_W² = −160 + 66.99 = −93.01 dBm = 5.000e−13 W
    expectRel(d.loraNoiseW, 4.976e-16, 1e-3);
    expectRel(d.wifiNoiseW, 5.0e-13, 1e-12);
    expectRel(d.loraThreshold, 0.031623, 1e-4);
    expect(d.wifiThreshold).toBe(10);
    expect(d.localJoulesPerCycle).toBe(1e-7); // A1 swapped
    expect(d.edgeJoulesPerCycle).toBe(1e-8);
    expect(d.edgeCapacity).toBe(1e10); // f·K_s
    expect(d.fadingMean).toBe(18); // 2·3²
    const lit = iotMultiRatDims(resolveIotMultiRatConfig({ energyOrder: 'literal' }));
    expect([lit.localJoulesPerCycle, lit.edgeJoulesPerCycle]).toEqual([1e-8, 1e-7]);
  });

  it('errors name the field and its range', () => {
    expect(() => resolveIotMultiRatConfig({ waitingCost: -1 })).toThrow('iot-multi-rat: waitingCost must be a finite number >= 0, got -1');
    expect(() => resolveIotMultiRatConfig({ numUsers: 0 })).toThrow('numUsers must be an integer in [1, 1024], got 0');
    expect(() => resolveIotMultiRatConfig({ wifiPowerLevelsW: [0.5, 0.5] })).toThrow('wifiPowerLevelsW[1] must be a finite number > wifiPowerLevelsW[0] (0.5), got 0.5');
    expect(() => resolveIotMultiRatConfig({ energyOrder: 'other' as never })).toThrow('energyOrder must be "swapped" or "literal"');
    expect(() => resolveIotMultiRatConfig({ delayCap: 0 })).toThrow('delayCap must be a finite number > 0, got 0');
    expect(() => resolveIotMultiRatConfig({ taskBits: [5, 1] })).toThrow('taskBits[1] must be a finite number >= taskBits[0] (5), got 1');
    expect(() => resolveIotMultiRatConfig({ edgeCapacityPerSlot: -2 })).toThrow('edgeCapacityPerSlot must be a finite number > 0 (cycles), or null, got -2');
    expect(() => resolveIotMultiRatConfig({ wAllCount: 'x' } as never)).toThrow('unknown config field "wAllCount"');
  });
});

describe('action decoder (spec 04 §3 [R] layout)', () => {
  it('tiny layout: 0 local, 1–2 LoRa levels, 3–4 WiFi levels', () => {
    const l = iotSlotParams(resolveIotMultiRatConfig(TINY));
    expect(decodeIotAction(0, l)).toEqual({ kind: 'local' });
    expect(decodeIotAction(1, l)).toEqual({ kind: 'offload', rat: 'lora', subchannel: 0, level: 0, channel: 0, powerW: 0.1 });
    expect(decodeIotAction(2, l)).toEqual({ kind: 'offload', rat: 'lora', subchannel: 0, level: 1, channel: 0, powerW: 0.2 });
    expect(decodeIotAction(3, l)).toEqual({ kind: 'offload', rat: 'wifi', subchannel: 0, level: 0, channel: 1, powerW: 0.5 });
    expect(decodeIotAction(4, l)).toEqual({ kind: 'offload', rat: 'wifi', subchannel: 0, level: 1, channel: 1, powerW: 1.0 });
    expect(() => decodeIotAction(5, l)).toThrow('decodeIotAction: action must be an integer in [0, 4], got 5');
  });

  it('paper layout: 191 actions, index order ch-major then level, round trip', () => {
    const l = iotSlotParams(resolveIotMultiRatConfig());
    // LoRa (ch, level) at 1 + ch·6 + level; WiFi at 1 + 60 + ch·10 + level
    expect(decodeIotAction(6, l)).toMatchObject({ rat: 'lora', subchannel: 0, level: 5, powerW: 0.3 });
    expect(decodeIotAction(7, l)).toMatchObject({ rat: 'lora', subchannel: 1, level: 0, powerW: 0.05 });
    expect(decodeIotAction(60, l)).toMatchObject({ rat: 'lora', subchannel: 9, level: 5, channel: 9 });
    expect(decodeIotAction(61, l)).toMatchObject({ rat: 'wifi', subchannel: 0, level: 0, channel: 10, powerW: 0.1 });
    expect(decodeIotAction(70, l)).toMatchObject({ rat: 'wifi', subchannel: 0, level: 9, powerW: 1.0 });
    expect(decodeIotAction(71, l)).toMatchObject({ rat: 'wifi', subchannel: 1, level: 0, channel: 11 });
    expect(decodeIotAction(190, l)).toMatchObject({ rat: 'wifi', subchannel: 12, level: 9, channel: 22, powerW: 1.0 });
    for (let a = 0; a < 191; a++) expect(encodeIotAction(decodeIotAction(a, l) as never, l)).toBe(a);
  });

  it('state encoding 4L + 2I + J', () => {
    expect(iotStateIndex(0, 0, 1)).toBe(1);
    expect(iotStateIndex(1, 1, 0)).toBe(6);
    expect(iotStateBits(5)).toEqual({ L: 1, I: 0, J: 1 });
    expect(() => iotStateBits(8)).toThrow('stateBits: s must be an integer in [0, 7], got 8');
  });
});

describe('one slot by hand (eqs. 1–21)', () => {
  it('user 0 alone on WiFi at 1.0 W, user 1 local', () => {
    // h_0^W = 1e−6·0.01023 = 1.023e−8; γ_0 = 1.0·1.023e−8/1e−11 = 1023; R = 1e6·log2(1024) = 1e7 bit/s
    // D^T = 1e6/1e7 = 0.1 s; E^T = 1.0·0.1 = 0.1 J; C^T = 0.1 + 5·0.1 = 0.6; W_all = 5e8 ≤ 1e10
    // C_0 = C^E + C^T = 5.25 + 0.6 = 5.85; C_1 = C^L = 105
    const env = tinyEnv([1, 0.01023, 1, 1]);
    const r = env.step({ user_0: 4, user_1: 0 });
    const s = env.lastSlot!;
    expectRel(s.sinr[0]!, 1023, 1e-12);
    expectRel(s.rate[0]!, 1e7, 1e-12);
    expectRel(s.txDelay[0]!, 0.1, 1e-12);
    expectRel(s.cost[0]!, 5.85, 1e-12);
    expectRel(s.cost[1]!, 105, 1e-12);
    expectRel(r.rewards.user_0!, -5.85, 1e-12);
    expect(s.wAll).toBe(5e8);
    expect(s.overCapacity).toBe(false);
    // next states: user 0 (L, I, J) = (1, 1, 1) = 7; user 1 (0, 0, 1) = 1
    expect(r.obs).toEqual({ user_0: 7, user_1: 1 });
    expect([s.localUsers, s.loraUsers, s.wifiUsers, s.idleSubchannels]).toEqual([1, 0, 1, 1]);
    expect(Array.from(s.wifiLevelCounts)).toEqual([0, 1]);
    expect(r.infos.user_0).toEqual({ cost: s.cost[0], success: 1, offloaded: 1 });
  });

  it('WiFi collision: the stronger user passes 10 dB, the weaker fails (C^T + ϖ)', () => {
    // h_0 = 1.023e−8 at 1.0 W; h_1 = 1e−6·1.344e−3 = 1.344e−9 at 0.5 W (received 6.72e−10)
    // γ_0 = 1.023e−8/(1e−11 + 6.72e−10) = 1.023e−8/6.82e−10 = 15 > 10 ⇒ R = 1e6·log2(16) = 4e6; D^T = 0.25 s
    //   C_0 = 5.25 + (1.0·0.25 + 5·0.25) = 5.25 + 1.5 = 6.75
    // γ_1 = 6.72e−10/(1e−11 + 1.023e−8) = 6.72e−10/1.024e−8 = 0.065625 ≤ 10 ⇒ fails
    //   R = 1e6·log2(1.065625) = 1e6·0.0636/0.6931 = 91 701 bit/s; D^T = 2e6/R = 21.8103 s (< 100); C_1 = 0.5·D + 5·D + 100 = 5.5·21.8103 + 100 = 219.957
    //   W_all counts received tasks only: 5e8
    const env = tinyEnv([1, 0.01023, 1, 1.344e-3]);
    const r = env.step({ user_0: 4, user_1: 3 });
    const s = env.lastSlot!;
    expectRel(s.sinr[0]!, 15, 1e-12);
    expectRel(s.cost[0]!, 6.75, 1e-12);
    expectRel(s.sinr[1]!, 0.065625, 1e-12);
    const D1 = 2e6 / (1e6 * Math.log2(1.065625));
    expectRel(D1, 21.8103, 1e-5);
    expectRel(s.cost[1]!, 219.957, 1e-5);
    expectRel(s.cost[1]!, 5.5 * D1 + 100, 1e-12);
    expect(s.wAll).toBe(5e8);
    expect(r.obs).toEqual({ user_0: 7, user_1: 5 }); // (1,1,1), (1,0,1)
    expect([s.wifiCollidedSubchannels, s.wifiCollidedAllFailed, s.wifiFailedUsersInCollisions, s.failedShared, s.failedAlone, s.wifiFailed]).toEqual([1, 0, 1, 1, 0, 1]);
    expect(s.loraSharedSubchannels).toBe(0);
  });

  it('LoRa capture: two users at equal received power both pass −15 dB; W_all > W̄ charges ω; W_all = W̄ does not', () => {
    // received powers 0.2·h_0 = 0.2·(1e−6·5e−6) = 1e−12 and 0.1·h_1 = 0.1·(1e−6·1e−5) = 1e−12
    // γ = 1e−12/(1e−13 + 1e−12) = 1/1.1 = 0.90909 > 0.031623 ⇒ both succeed
    // R = 1e5·log2(1 + 1/1.1) = 1e5·log2(21/11) = 1e5·0.64663/0.69315 = 93 288.6 bit/s; D^T_0 = 1e6/R = 10.7194 s, D^T_1 = 21.4389 s
    // W_all = 5e8 + 1e9 = 1.5e9 > W̄ = 1.2e9 ⇒ + ω = 10 each, J = 0
    //   C_0 = 5.25 + 0.2·D0 + 5·D0 + 10;  C_1 = 10.5 + 0.1·D1 + 5·D1 + 10
    const fading = [5e-6, 1, 1e-5, 1];
    const env = tinyEnv(fading, { edgeCapacityPerSlot: 1.2e9 });
    const r = env.step({ user_0: 2, user_1: 1 });
    const s = env.lastSlot!;
    const R = 1e5 * Math.log2(21 / 11);
    expectRel(s.sinr[0]!, 1 / 1.1, 1e-12);
    expectRel(s.sinr[1]!, 1 / 1.1, 1e-12);
    expectRel(s.rate[0]!, R, 1e-12);
    expectRel(R, 93288.6, 1e-6);
    expectRel(s.cost[0]!, 5.25 + 5.2 * 10.7194 + 10, 1e-5); // = 70.99
    const D0 = 1e6 / R, D1 = 2e6 / R;
    expectRel(s.cost[0]!, 5.25 + 5.2 * D0 + 10, 1e-12);
    expectRel(s.cost[1]!, 10.5 + 5.1 * D1 + 10, 1e-12);
    expect(s.overCapacity).toBe(true);
    expect(Array.from(s.waiting)).toEqual([1, 1]);
    expect(r.obs).toEqual({ user_0: 6, user_1: 6 }); // (1,1,0)
    expect([s.loraSharedSubchannels, s.wifiCollidedSubchannels, s.loraFailed]).toEqual([1, 0, 0]);
    // boundary (resolution 4): W_all = W̄ = 1.5e9 pays no waiting cost and J = 1
    const eq = tinyEnv(fading, { edgeCapacityPerSlot: 1.5e9 });
    eq.step({ user_0: 2, user_1: 1 });
    expect(eq.lastSlot!.overCapacity).toBe(false);
    expectRel(eq.lastSlot!.cost[0]!, 5.25 + 5.2 * D0, 1e-12);
  });

  it('delayCap caps D^T and E^T of every offloader, successful or failed (resolution 1)', () => {
    // user 1 alone on LoRa at 0.1 W, h = 1e−6·4e−7 = 4e−13 ⇒ γ = 4e−14/1e−13 = 0.4: succeeds, R = 1e5·log2(1.4) = 48 543 bit/s,
    //   d/R = 2e6/48 543 = 41.2 s < 100 (not capped). With 4e−8: γ = 0.04 > 0.0316 succeeds, R = 1e5·log2(1.04) = 5 658.4,
    //   d/R = 353.5 s ⇒ D^T = 100, E^T = 0.1·100 = 10, C^T = 10 + 500 = 510; C_1 = 10.5 + 510 = 520.5
    // user 0 alone on WiFi at 0.5 W, h = 1e−6·1e−4 = 1e−10 ⇒ γ = 5e−11/1e−11 = 5 ≤ 10 fails; R = 1e6·log2(6) = 2.585e6,
    //   D^T = 1e6/R = 0.38685 s; C_0 = 0.5·D + 5·D + 100 = 5.5·0.38685 + 100 = 102.128
    const env = tinyEnv([1, 1e-4, 4e-8, 1]);
    env.step({ user_0: 3, user_1: 1 });
    const s = env.lastSlot!;
    expectRel(s.sinr[1]!, 0.04, 1e-12);
    expect(s.txDelay[1]).toBe(100);
    expectRel(s.cost[1]!, 520.5, 1e-12);
    expectRel(s.cost[0]!, 5.5 * (1e6 / (1e6 * Math.log2(6))) + 100, 1e-12);
    expect([s.delayCapped, s.failedAlone, s.wifiFailed, s.wifiCollidedSubchannels]).toEqual([1, 1, 1, 0]);
    // a failed LoRa attempt (γ = 0.02) hits the cap too: R = 1e5·log2(1.02) = 2 857 ⇒ 700 s ⇒ 100 s; C = 510 + ϖ = 610
    const f = tinyEnv([1, 1, 2e-8, 1]);
    f.step({ user_0: 0, user_1: 1 });
    expect(f.lastSlot!.success[1]).toBe(0);
    expectRel(f.lastSlot!.cost[1]!, 610, 1e-12);
    expectRel(f.lastSlot!.cost[0]!, 55, 1e-12); // user 0 local: C^L = 55
  });

  it("literal energy order (A1): local 5 + 5 = 10 for user 0; wAllCounts 'attempted' counts the failed task", () => {
    // literal: e_L = 1e−8 ⇒ C^L_0 = 5e8·1e−8 + 5·1 = 10; e_E = 1e−7 ⇒ C^E_1 = 1e9·1e−7 + 0.5 = 100.5
    const env = tinyEnv([1, 1, 1, 1e-4], { energyOrder: 'literal', wAllCounts: 'attempted' });
    env.step({ user_0: 0, user_1: 3 }); // user 1 fails on WiFi (γ = 5)
    expectRel(env.lastSlot!.cost[0]!, 10, 1e-12);
    expect(env.lastSlot!.success[1]).toBe(0);
    expect(env.lastSlot!.wAll).toBe(1e9); // attempted: 2e6·500
    const ok = tinyEnv([1, 1, 1, 1], { energyOrder: 'literal' }); // γ_1 = 0.5·1e−6/1e−11 = 5e4: succeeds
    ok.step({ user_0: 0, user_1: 3 });
    const D = 2e6 / (1e6 * Math.log2(1 + 5e4));
    expectRel(ok.lastSlot!.cost[1]!, 100.5 + 5.5 * D, 1e-12);
  });

  it('evaluateSlot is pure and matches the env', () => {
    const env = tinyEnv([1, 0.01023, 1, 1.344e-3]);
    const info = env.slotInfo();
    const p = env.params;
    const out = evaluateIotSlot({ ...info, choices: [env.decode(4), env.decode(3)] }, p);
    env.step({ user_0: 4, user_1: 3 });
    expect(Array.from(out.cost)).toEqual(Array.from(env.lastSlot!.cost));
  });
});
