// small-cell observation (spec 01 §3): layout [h (N_m×K), I (K), (d, ω, T̃) per UE], both
// normalisations, the bounds of the observation space, and the interference-observation modes.

import { describe, expect, it } from 'vitest';
import { gainFeature, interferenceFeature, observationBounds, SmallCellEnv, SMALL_CELL_DEFAULTS } from '../../../lib/env/small-cell/index.js';
import { expectAllRel, expectRel, tinyDecisions, tinyEnv } from './helpers.js';

const L100 = 5.597576014951093e-11;
const DB = SMALL_CELL_DEFAULTS.obsDb;

describe('small-cell observation', () => {
  it('feature maps: (10·log10(h + 1e−30) + 100)/30 and (10·log10(I + 1e−20) + 130)/30', () => {
    expectRel(gainFeature(1e-10, DB), 0, 1e-9); // (−100 + 100)/30
    expectRel(gainFeature(1e-7, DB), 1, 1e-12); // (−70 + 100)/30
    expectRel(gainFeature(0, DB), -200 / 30, 1e-12); // log10(1e−30) = −30 ⇒ (−300 + 100)/30 = −6.667
    expect(interferenceFeature(1e-13, DB)).toBeCloseTo(0, 7); // (−130 + 130)/30 (the 1e−20 offset moves it by 1.4e−8)
    expectRel(interferenceFeature(0, DB), -70 / 30, 1e-12); // (−200 + 130)/30 = −2.333
    expectRel(gainFeature(1e-10, { ...DB, hOffset: 90, hScale: 10 }), -1, 1e-9); // (−100 + 90)/10
  });

  it("'scaled' layout and values on the tiny scenario (agent sbs_0)", () => {
    const env = tinyEnv();
    const obs = env.observe('sbs_0');
    // 2·2 + 2 + 3·2 = 12
    expect(obs.length).toBe(12);
    // h: UE 0 ch 0 = 2·L100 ⇒ (10·log10(1.11952e−10) + 100)/30 = (−99.5097 + 100)/30 = 0.016343;
    //    UE 0 ch 1 = L100 ⇒ (−102.52 + 100)/30 = −0.084; UE 1 (L50 = 6.43e−10 ⇒ −91.918 dB) ⇒ 0.269409, twice
    expectAllRel(obs.subarray(0, 4), [0.01634333188799341, -0.084, 0.26940921490951364, 0.26940921490951364], 1e-9, 'h');
    // I at t = 0: zero ⇒ −2.3333 on both channels
    expectAllRel(obs.subarray(4, 6), [-7 / 3, -7 / 3], 1e-12, 'I');
    // tasks: d/2.4e6, ω/2.4e9, T̃/2.16: UE 0 (2e6, 2e9, 1.8) ⇒ 0.8333, 0.8333, 0.8333; UE 1 (2e6, 1e9, 0.9) ⇒ 0.8333, 0.41667, 0.41667
    expectAllRel(obs.subarray(6), [2e6 / 2.4e6, 2e9 / 2.4e9, 1.8 / 2.16, 2e6 / 2.4e6, 1e9 / 2.4e9, 0.9 / 2.16], 1e-12, 'tasks');
  });

  it("'paper' normalisation: raw SI values", () => {
    const env = tinyEnv({ obsNorm: 'paper' });
    const obs = env.observe('sbs_1');
    // cell 1: UE 2 at 100 m (fading 1) ⇒ L100 on both channels; UE 3 at 250 m ⇒ L(250 m) = 10^(−(137.74 − 35.22·0.60206)/10)
    const L250 = 10 ** (-(137.74 + 35.22 * Math.log10(0.25)) / 10);
    expectAllRel(obs.subarray(0, 4), [L100, L100, L250, L250], 1e-12, 'h');
    expectAllRel(obs.subarray(4, 6), [0, 0], 0, 'I');
    expectAllRel(obs.subarray(6), [1.6e6, 1.6e9, 1.44, 2.4e6, 1.2e9, 1.08], 1e-12, 'tasks');
  });

  it("interferenceObs 'previousSlot' shows last slot's measurement; 'zero' never does", () => {
    const prev = tinyEnv().stepDecisions(tinyDecisions()).obs['sbs_1'] as Float64Array;
    // SBS 1: ch 0 from UE 0 (0.1·L900 = 2.43870e−15 W), ch 1 from UE 1 (0.2·L(1001.249 m))
    const L1001 = 10 ** (-(137.74 + 35.22 * Math.log10(Math.hypot(1000, 50) / 1000)) / 10);
    expectAllRel(prev.subarray(4, 6), [interferenceFeature(2.438697211896899e-15, DB), interferenceFeature(0.2 * L1001, DB)], 1e-12);
    const zero = tinyEnv({ interferenceObs: 'zero' }).stepDecisions(tinyDecisions()).obs['sbs_1'] as Float64Array;
    expectAllRel(zero.subarray(4, 6), [-7 / 3, -7 / 3], 1e-12);
  });

  it('bounds: scaled gains >= −6.667, interference >= −2.333, tasks in [0, 1]; paper [0, ∞)', () => {
    const params = { numCells: 1, uesPerCell: 2, numChannels: 2, obsDb: DB, taskBitsMax: 1, cyclesMax: 1, deadlineMax: 1 };
    const scaled = observationBounds({ ...params, obsNorm: 'scaled' });
    expectAllRel(scaled.low, [-200 / 30, -200 / 30, -200 / 30, -200 / 30, -70 / 30, -70 / 30, 0, 0, 0, 0, 0, 0], 1e-12);
    expect(Array.from(scaled.high)).toEqual([Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, 1, 1, 1, 1, 1, 1]);
    const paper = observationBounds({ ...params, obsNorm: 'paper' });
    expect(Array.from(paper.low)).toEqual(new Array(12).fill(0));
    expect(Array.from(paper.high)).toEqual(new Array(12).fill(Infinity));
  });

  it('observations of a real rollout stay inside the declared space and are finite', () => {
    for (const obsNorm of ['scaled', 'paper'] as const) {
      const env = new SmallCellEnv({ numCells: 3, uesPerCell: 4, numChannels: 6, obsNorm, episodeLength: 10 });
      let r = env.reset({ seed: 5 }).obs;
      const space = env.observationSpace('sbs_0');
      for (let t = 0; t < 10; t++) {
        for (const a of env.possibleAgents) {
          expect(space.contains(r[a])).toBe(true);
          expect((r[a] as Float64Array).every(Number.isFinite)).toBe(true);
        }
        const act = Float64Array.from({ length: env.dims.actDim }, (_, i) => ((i * 7 + t) % 10) / 9);
        r = env.step(Object.fromEntries(env.possibleAgents.map((a) => [a, act.slice()]))).obs;
      }
    }
  });
});
