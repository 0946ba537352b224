// Spec 03 equations (1)–(12) against hand-computed values, the decoders and the encode/decode
// round trip. Physics: the §2.3 defaults (σ² = 1e−8 W, c_r = 4, p = 1 W, |Γ|² = 0.5, p_o = 1e−4 W,
// P_max = 0.1 W, r_c = 30 wu/s, φ_c = 1e−5, φ_o = 1e−3, p_ar = 0.1, p_br = 0.05, E_max = 1e−3 J,
// σ_r = 2, floor 1e−6 J), η = 0.6, μ1 = 0.2, μ2 = 0.4, T = 1 s.

import { describe, expect, it } from 'vitest';
import { complexVectorFrom } from '../../../lib/env/common/index.js';
import {
  activeRate,
  apEnergyTerm,
  apReward,
  backscatterDims,
  decodeApAction,
  decodeUserAction,
  encodeBeams,
  encodeUserAction,
  evaluateFrame,
  harvestCoefficient,
  harvestedEnergy,
  passiveRate,
  passiveSnr,
  requiredTxPower,
  resolveBackscatterConfig,
  userReward,
  violates,
  beamGainMatrix,
  type BackscatterConfigInput,
  type UserDecision,
} from '../../../lib/env/backscatter/index.js';

const TWO: BackscatterConfigInput = { numAntennas: 2, userPositions: [[10, 0], [0, 10]] };
const C = resolveBackscatterConfig(TWO);
const S = Math.SQRT1_2;
// h_0 = [0.01, 0.01j] (‖h_0‖² = 2e−4), h_1 = [0.01, 0] (‖h_1‖² = 1e−4).
const H = [complexVectorFrom([0.01, 0], [0, 0.01]), complexVectorFrom([0.01, 0], [0, 0])];
// MRT beams: w_0 = [1/√2, j/√2], w_1 = [1, 0].
const W = [complexVectorFrom([S, 0], [0, S]), complexVectorFrom([1, 0], [0, 0])];
// G[j][i] = |h_j^H w_i|²: G00 = |0.01/√2 + (−0.01j)(j/√2)|² = (0.02/√2)² = 2e−4; G01 = |0.01|² = 1e−4;
// G10 = |0.01/√2|² = 5e−5; G11 = 1e−4.
const G = [2e-4, 1e-4, 5e-5, 1e-4];

describe('config and dimensions', () => {
  it('path loss 20 + 20·log10(d), channel scale and the paper dimensions', () => {
    const d = backscatterDims(resolveBackscatterConfig());
    // d = 7.0711, 4.2426, 4.4721 m ⇒ L = 36.99, 32.55, 33.01 dB (spec 03 §2.2)
    expect(d.pathLossDb.map((l) => Math.round(l * 100) / 100)).toEqual([36.99, 32.55, 33.01]);
    expect(d.apObsDim).toBe(24);
    expect(d.apActDim).toBe(18);
    expect(d.userObsDim).toBe(10);
    expect(backscatterDims(resolveBackscatterConfig({ userObs: 'paper', includeDownlink: true })).userObsDim).toBe(14);
    expect(backscatterDims(resolveBackscatterConfig({ includeDownlink: true })).apObsDim).toBe(42);
    // κ = 2 doubles every distance: L = 20 + 20·log10(20) = 46.0206 dB at d = 10 m; s_h = 10^(−46.0206/20) = 0.005
    const k2 = backscatterDims(resolveBackscatterConfig({ ...TWO, distanceScale: 2 }));
    expect(k2.channelScale[0]).toBeCloseTo(0.005, 12);
  });

  it('rejects bad fields naming the field and the range', () => {
    expect(() => resolveBackscatterConfig({ physics: { apPower: -1 } })).toThrow(/backscatter: physics\.apPower must be a finite number > 0, got -1/);
    expect(() => resolveBackscatterConfig({ userObs: 'x' as 'paper' })).toThrow(/userObs must be "extended" or "paper"/);
    expect(() => resolveBackscatterConfig({ feasTol: 1 })).toThrow(/feasTol must be a finite number in \[0, 0\.01\]/);
    expect(() => resolveBackscatterConfig({ userPositions: [[0, 0]] })).toThrow(/userPositions\[0\] must be away from the AP/);
    expect(() => resolveBackscatterConfig({ carryOverOutage: true as false })).toThrow(/carryOverOutage must be false/);
    expect(() => resolveBackscatterConfig({ physics: { typo: 1 } as never })).toThrow(/typo/);
    expect(() => resolveBackscatterConfig({ numAntennas: 0 })).toThrow(/numAntennas must be/);
  });
});

describe('rates and powers, eqs. (4) and (6)', () => {
  it('(4) r_a = c_r·log2(1 + β‖h‖²/σ²) and its inverse β(r)', () => {
    // β = 0.01 W, ‖h‖² = 2e−4: SNR = 0.01·2e−4/1e−8 = 200 ⇒ r_a = 4·log2(201) = 4·7.651052 = 30.604208
    expect(activeRate(0.01, 2e-4, C)).toBeCloseTo(30.604208, 5);
    // r = 8 ⇒ β = (2^{8/4} − 1)·1e−8/2e−4 = 3·5e−5 = 1.5e−4 W
    expect(requiredTxPower(8, 2e-4, C)).toBeCloseTo(1.5e-4, 15);
    expect(requiredTxPower(activeRate(0.01, 2e-4, C), 2e-4, C)).toBeCloseTo(0.01, 12);
  });

  it('(6) passive SNR and rate, normalised MRC and the literal combiner', () => {
    const g = beamGainMatrix(H, W);
    expect(Array.from(g).map((v) => Number(v.toPrecision(12)))).toEqual(G);
    // normalizedMrc: p|Γ|²‖h‖²|h^H w|²/σ² = 1·0.5·2e−4·2e−4/1e−8 = 2 ⇒ r_b = 4·log2(3) = 6.339850
    expect(passiveSnr(2e-4, 2e-4, C)).toBeCloseTo(2, 12);
    expect(passiveRate(2e-4, 2e-4, C)).toBeCloseTo(6.33985, 5);
    // user 1: 0.5·1e−4·1e−4/1e−8 = 0.5 ⇒ 4·log2(1.5) = 2.339850
    expect(passiveRate(1e-4, 1e-4, C)).toBeCloseTo(2.33985, 5);
    // paperLiteral: 0.5·2e−4/1e−8 = 1e4 (one ‖h‖² factor dropped)
    const lit = resolveBackscatterConfig({ ...TWO, passiveSnrModel: 'paperLiteral' });
    expect(passiveSnr(2e-4, 2e-4, lit)).toBeCloseTo(1e4, 6);
  });
});

describe('harvest (8), AP energy (7), rewards (11) and (12)', () => {
  const g = Float64Array.from(G);
  it('(8) harvest from the other users\' passive sub-slots only', () => {
    // H_0 = η·p·G01 = 0.6·1e−4 = 6e−5 W; H_1 = 0.6·5e−5 = 3e−5 W
    expect(harvestCoefficient(g, 0, 2, C)).toBeCloseTo(6e-5, 18);
    expect(harvestCoefficient(g, 1, 2, C)).toBeCloseTo(3e-5, 18);
    // t_b = [0.4, 0.5]: E_0^h = 0.6·1·0.5·1e−4 = 3e−5 J; E_1^h = 0.6·1·0.4·5e−5 = 1.2e−5 J (own slot excluded)
    expect(harvestedEnergy(g, [0.4, 0.5], 0, 2, C)).toBeCloseTo(3e-5, 18);
    expect(harvestedEnergy(g, [0.4, 0.5], 1, 2, C)).toBeCloseTo(1.2e-5, 18);
  });

  it('(7) per scheme', () => {
    // hybrid: p t_b + p_ar t_a + p_br t_b + φ_o ℓ_o = 0.4 + 0.1·0.5 + 0.05·0.4 + 1e−3·6 = 0.476 J
    expect(apEnergyTerm(0.5, 0.4, 6, 'hybrid', C)).toBeCloseTo(0.476, 14);
    // active-enabled: no p_br t_b ⇒ 0.4 + 0.05 + 0.006 = 0.456 J
    expect(apEnergyTerm(0.5, 0.4, 6, 'active-enabled', C)).toBeCloseTo(0.456, 14);
    // mec-disabled: p t_b = 0.4 J
    expect(apEnergyTerm(0.5, 0.4, 6, 'mec-disabled', C)).toBeCloseTo(0.4, 14);
  });

  it('(11) and (12)', () => {
    // ((1/2)Σx)^2 · Σxℓ/E_o = 0.25·20/1.023 = 4.887586
    expect(apReward([1, 0], [20, 10], 1.023, C)).toBeCloseTo(4.887586, 5);
    // E_o below the floor ⇒ divided by 1e−6: 1²·30/1e−6 = 3e7
    expect(apReward([1, 1], [20, 10], 0, C)).toBeCloseTo(3e7 / 1, 0);
    // max(1 − 0.2·6/20 − 0.4·0.4/1, 0) = 1 − 0.06 − 0.16 = 0.78
    expect(userReward(1, 6, 20, 0.4, C)).toBeCloseTo(0.78, 14);
    expect(userReward(0, 2, 10, 0.5, C)).toBe(0);
  });

  it('outage test with the relative tolerance: lhs > rhs(1 + feasTol) + 1e−12', () => {
    expect(violates(1 + 0.5e-6, 1, 1e-6)).toBe(false);
    expect(violates(1 + 2e-6, 1, 1e-6)).toBe(true);
    expect(violates(5e-13, 0, 1e-6)).toBe(false);
    expect(violates(2e-12, 0, 1e-6)).toBe(true);
  });
});

// The frame of the hand computation: ℓ = [20, 10], E = [5e−4, 1e−4] J.
const D0: UserDecision = { ta: 0.5, tb: 0.4, la: 4, lb: 2, lc: 14 };
const D1: UserDecision = { ta: 0.2, tb: 0.5, la: 1, lb: 1, lc: 8 };
const frame = (decisions: UserDecision[], cfg = C) =>
  evaluateFrame({ channels: H, beams: W, workloads: [20, 10], batteries: [5e-4, 1e-4], decisions }, cfg);

describe('one frame (§2.4 step 3–4), by hand', () => {
  const o = frame([D0, D1]);
  const [u0, u1] = o.users;

  it('user 0 succeeds: every constraint holds', () => {
    // r_a = 4/0.5 = 8 ⇒ β = 1.5e−4 W; p_a = 2.5e−4 W; t_a p_a = 1.25e−4; φ_c ℓ_c = 1.4e−4 ⇒ 2.65e−4 J
    expect(u0!.activeRate).toBe(8);
    expect(u0!.txPower).toBeCloseTo(1.5e-4, 15);
    expect(u0!.consumption).toBeCloseTo(2.65e-4, 15);
    // ℓ_b = 2 <= t_b r_b = 0.4·6.33985 = 2.5359; t_c = 14/30 <= 1; budget min(5e−4 + 3e−5, 1e−3) = 5.3e−4
    expect(u0!.budget).toBeCloseTo(5.3e-4, 15);
    expect(u0!.success).toBe(1);
    // battery 5.3e−4 − 2.65e−4 = 2.65e−4 J; reward 0.78
    expect(u0!.batteryNext).toBeCloseTo(2.65e-4, 15);
    expect(u0!.reward).toBeCloseTo(0.78, 14);
  });

  it('user 1 is in outage through (9) and drains its battery', () => {
    // r_a = 5 ⇒ β = (2^1.25 − 1)·1e−8/1e−4 = (2.378414230 − 1)·1e−4 = 1.378414230e−4; p_a = 2.378414230e−4;
    // t_a p_a = 4.756828460e−5;
    // + φ_c ℓ_c = 8e−5 ⇒ 1.275682846e−4 J > budget 1e−4 + 1.2e−5 = 1.12e−4 J
    expect(u1!.consumption).toBeCloseTo(1.275682846e-4, 15);
    expect(u1!.budget).toBeCloseTo(1.12e-4, 15);
    expect(u1!.causes).toEqual({ unsent: false, passiveRate: false, localTime: false, txPower: false, energy: true });
    expect(u1!.success).toBe(0);
    expect(u1!.batteryNext).toBe(0);
    expect(u1!.reward).toBe(0);
  });

  it('E_o, (11) and the efficiency', () => {
    // 0.476 + (0.5 + 0.02 + 0.025 + 0.002) = 1.023 J; r^o = 0.25·20/1.023 = 4.887586; efficiency 20/1.023
    expect(o.apEnergy).toBeCloseTo(1.023, 14);
    expect(o.apReward).toBeCloseTo(4.887586, 5);
    expect(o.efficiency).toBeCloseTo(19.550342, 5);
    expect(o.successRatio).toBe(0.5);
  });

  it('each other outage cause', () => {
    // ℓ_b = 2.6 > t_b r_b = 2.5359 ⇒ passive-rate outage
    expect(frame([{ ...D0, lb: 2.6, lc: 13.4 }, D1]).users[0]!.causes.passiveRate).toBe(true);
    // ℓ_c = 31 ⇒ t_c = 31/30 > 1
    expect(frame([{ ta: 0, tb: 0, la: 0, lb: 0, lc: 31 }, D1]).users[0]!.causes.localTime).toBe(true);
    // r_a = 4/1e−3 = 4000 ⇒ β = (2^1000 − 1)·5e−5 ≫ 0.1 W
    const hot = frame([{ ta: 1e-3, tb: 0, la: 4, lb: 0, lc: 16 }, D1]).users[0]!;
    expect(hot.causes.txPower).toBe(true);
    expect(hot.batteryNext).toBe(0);
    // r_a = 4e6 overflows 2^{r/4}: still finite (saturated) and an outage
    const overflow = frame([{ ta: 1e-6, tb: 0, la: 4, lb: 0, lc: 16 }, D1]).users[0]!;
    expect(Number.isFinite(overflow.consumption)).toBe(true);
    expect(overflow.causes.txPower).toBe(true);
  });

  it('resolution 1: an active share with t_a < 1e−6 is an outage under strict, dropped under literal', () => {
    const plan: UserDecision = { ta: 0, tb: 0.4, la: 4, lb: 2, lc: 14 };
    const strict = frame([plan, D1]).users[0]!;
    expect(strict.causes.unsent).toBe(true);
    expect(strict.success).toBe(0);
    expect(strict.decision.la).toBe(0); // nothing sent, nothing charged: ℓ_o = 2
    expect(strict.apEnergy).toBeCloseTo(0.4 + 0.02 + 0.002, 14);
    const literal = frame([plan, D1], resolveBackscatterConfig({ ...TWO, activeDropRule: 'literal' })).users[0]!;
    expect(literal.success).toBe(1);
    // a share within feasTol·ℓ + 1e−12 = 2e−5 is no outage under strict either
    expect(frame([{ ...plan, la: 1e-5 }, D1]).users[0]!.causes.unsent).toBe(false);
  });

  it('E_o = 0 ⇒ the reward uses efficiencyFloorJ', () => {
    // both local: ℓ_c = 20 and 10 (t_c <= 1); consumption 2e−4 <= 5e−4, 1e−4 <= 1e−4 ⇒ both succeed;
    // r^o = 1·30/1e−6 = 3e7
    const o2 = frame([{ ta: 0, tb: 0, la: 0, lb: 0, lc: 20 }, { ta: 0, tb: 0, la: 0, lb: 0, lc: 10 }]);
    expect(o2.apEnergy).toBe(0);
    expect(o2.apReward).toBeCloseTo(3e7, 0);
  });

  it('restricted schemes: a forbidden share is unsent (outage)', () => {
    const ae = resolveBackscatterConfig({ ...TWO, scheme: 'active-enabled' });
    expect(frame([D0, D1], ae).users[0]!.causes.unsent).toBe(true);
    const ok = frame([{ ...D0, lb: 0, lc: 16 }, D1], ae).users[0]!;
    expect(ok.causes.unsent).toBe(false);
    expect(ok.apEnergy).toBeCloseTo(0.4 + 0.05 + 0.004, 14);
    const md = resolveBackscatterConfig({ ...TWO, scheme: 'mec-disabled' });
    const local = frame([{ ta: 0, tb: 0.4, la: 0, lb: 0, lc: 20 }, D1], md).users[0]!;
    expect(local.apEnergy).toBeCloseTo(0.4, 14);
  });
});

describe('decoders and the encode/decode round trip (§3, resolutions 2, 3)', () => {
  it('decodes the user action: t_a = u1 T, t_b = u2(T − t_a), normalised weights', () => {
    // u = [0.5, 0.8, 0.2, 0.1, 0.7], ℓ = 20 ⇒ t_a = 0.5, t_b = 0.4, weights sum 1 ⇒ ℓ = 4, 2, 14
    const d = decodeUserAction([0.5, 0.8, 0.2, 0.1, 0.7], 20, 1);
    expect(d.ta).toBe(0.5);
    expect(d.tb).toBeCloseTo(0.4, 15);
    expect([d.la, d.lb, d.lc].map((v) => Number(v.toPrecision(12)))).toEqual([4, 2, 14]);
    // weight sum < 1e−6 ⇒ thirds
    const z = decodeUserAction([0, 0, 0, 0, 0], 30, 1);
    expect([z.la, z.lb, z.lc]).toEqual([10, 10, 10]);
    // restricted: active-enabled drops u4; mec-disabled keeps local only
    expect(decodeUserAction([0.5, 0.5, 0.5, 0.5, 0.5], 20, 1, 'active-enabled').lb).toBe(0);
    expect(decodeUserAction([0.5, 0.5, 0.5, 0.5, 0.5], 20, 1, 'mec-disabled').lc).toBe(20);
  });

  it('decode(encode(d)) reproduces d (scaled to Σℓ = ℓ_i) to 1e−9 relative', () => {
    const plans: Array<[UserDecision, number]> = [
      [D0, 20],
      [D1, 10],
      [{ ta: 0.123456789, tb: 0.5, la: 3.3, lb: 7.7, lc: 11.1 }, 22.1],
      [{ ta: 0.3, tb: 0.2, la: 1, lb: 1, lc: 1 }, 6], // scaled ×2
      [{ ta: 1, tb: 0, la: 5, lb: 0, lc: 5 }, 10], // t_a = T ⇒ u2 = 0
    ];
    for (const [d, l] of plans) {
      const back = decodeUserAction(encodeUserAction(d, 1), l, 1);
      const scale = l / (d.la + d.lb + d.lc);
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
      expect(rel(back.ta, d.ta)).toBeLessThan(1e-9);
      if (d.tb > 0) expect(rel(back.tb, d.tb)).toBeLessThan(1e-9);
      expect(rel(back.la, d.la * scale)).toBeLessThan(1e-9);
      expect(rel(back.lc, d.lc * scale)).toBeLessThan(1e-9);
      if (d.lb > 0) expect(rel(back.lb, d.lb * scale)).toBeLessThan(1e-9);
    }
    // resolution 3: an all-zero plan encodes to (0, 0, 0) weights ⇒ decodes to thirds
    const u = encodeUserAction({ ta: 0.2, tb: 0.1, la: 0, lb: 0, lc: 0 }, 1);
    expect(Array.from(u.subarray(2))).toEqual([0, 0, 0]);
  });

  it('AP action: user-major, M real parts then M imaginary parts; encodeBeams inverts it', () => {
    // w_0 = [1/√2, j/√2] ⇐ v = [1, j] ⇐ u = [1, 0.5 | 0.5, 1]; w_1 = [1, 0] ⇐ u = [1, 0.5 | 0.5, 0.5]
    const u = [1, 0.5, 0.5, 1, 1, 0.5, 0.5, 0.5];
    const beams = decodeApAction(u, 2, 2);
    expect(beams[0]!.re[0]).toBeCloseTo(S, 15);
    expect(beams[0]!.im[1]).toBeCloseTo(S, 15);
    expect(beams[0]!.im[0]).toBe(0);
    expect(Array.from(beams[1]!.re)).toEqual([1, 0]);
    expect(Array.from(encodeBeams(W))).toEqual(u.map((x) => x));
    const round = decodeApAction(encodeBeams(H.map((h) => complexVectorFrom(Array.from(h.re).map((x) => x * 70), Array.from(h.im).map((x) => x * 70)))), 2, 2);
    expect(round[0]!.re[0]).toBeCloseTo(S, 12);
  });
});
