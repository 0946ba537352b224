// Property test (spec 03 / issue 17): over >= 1 000 random configs and actions the env throws
// nothing but validation errors and every quantity it reports stays finite.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackscatterEnv, type BackscatterConfigInput, type FrameOutcome } from '../../../lib/env/backscatter/index.js';

const unitValue = fc.oneof(fc.constantFrom(0, 1, 1e-7, 1 - 1e-12), fc.double({ min: 0, max: 1, noNaN: true }));
const coord = fc.double({ min: -60, max: 60, noNaN: true }).filter((v) => Math.abs(v) > 0.05);

const configArb: fc.Arbitrary<BackscatterConfigInput> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  numAntennas: fc.integer({ min: 1, max: 4 }),
  userPositions: fc.array(fc.tuple(coord, coord), { minLength: 1, maxLength: 4 }),
  distanceScale: fc.double({ min: 0.2, max: 5, noNaN: true }),
  workloadMean: fc.double({ min: 0.5, max: 200, noNaN: true }),
  eta: fc.double({ min: 0, max: 1, noNaN: true }),
  userObs: fc.constantFrom('extended', 'paper'),
  includeDownlink: fc.boolean(),
  passiveSnrModel: fc.constantFrom('normalizedMrc', 'paperLiteral'),
  activeDropRule: fc.constantFrom('strict', 'literal'),
  scheme: fc.constantFrom('hybrid', 'active-enabled', 'mec-disabled'),
  feasTol: fc.constantFrom(0, 1e-6, 1e-3),
  episodeLength: fc.integer({ min: 1, max: 4 }),
  physics: fc.record({
    apPower: fc.double({ min: 1e-3, max: 100, noNaN: true }),
    noisePower: fc.double({ min: 1e-14, max: 1e-3, noNaN: true }),
    rateScale: fc.double({ min: 0.1, max: 50, noNaN: true }),
    circuitPower: fc.double({ min: 0, max: 1e-2, noNaN: true }),
    phiLocal: fc.double({ min: 0, max: 1e-3, noNaN: true }),
    batteryMax: fc.double({ min: 1e-9, max: 10, noNaN: true }),
    batteryInitFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    sigmaReward: fc.double({ min: 0, max: 5, noNaN: true }),
    efficiencyFloorJ: fc.double({ min: 1e-12, max: 1, noNaN: true }),
  }),
}) as fc.Arbitrary<BackscatterConfigInput>;

function allFinite(o: FrameOutcome): boolean {
  const nums: number[] = [o.apEnergy, o.apReward, o.efficiency, o.processed, o.successRatio, ...o.beamGains];
  for (const u of o.users) {
    nums.push(u.activeRate, u.txPower, u.activePower, u.passiveRate, u.localTime, u.harvested, u.consumption, u.budget, u.offloaded, u.apEnergy, u.reward, u.batteryNext);
    nums.push(u.decision.ta, u.decision.tb, u.decision.la, u.decision.lb, u.decision.lc);
  }
  return nums.every(Number.isFinite);
}

describe('backscatter property test', () => {
  it('random valid configs and actions: no throw, everything finite, batteries in [0, E_max]', () => {
    fc.assert(
      fc.property(configArb, fc.array(unitValue, { minLength: 64, maxLength: 64 }), (config, pool) => {
        const env = new BackscatterEnv(config);
        const { numUsers: N, apActDim } = env.dims;
        let k = 0;
        const take = (n: number) => Float64Array.from({ length: n }, () => pool[k++ % pool.length] as number);
        env.reset({ seed: config.seed ?? 0 });
        for (let t = 0; t < env.maxEpisodeSteps; t++) {
          expect(Array.from(env.apObservation()).every(Number.isFinite)).toBe(true);
          const ap = take(apActDim);
          const us = Array.from({ length: N }, () => take(5));
          const o = env.evaluate(ap, us);
          expect(allFinite(o)).toBe(true);
          env.setApAction(ap);
          for (const obs of env.userObservations()) expect(Array.from(obs).every(Number.isFinite)).toBe(true);
          const r = env.stepUsers(us);
          expect(allFinite(r.outcome)).toBe(true);
          expect(r.outcome).toEqual(o);
          for (const e of env.frame().batteries) expect(e >= 0 && e <= env.config.physics.batteryMax).toBe(true);
        }
      }),
      { numRuns: 1000, seed: 17 },
    );
  });

  it('random invalid fields throw only RangeError/TypeError naming the field', () => {
    const bad = fc.oneof(
      fc.record({ numAntennas: fc.oneof(fc.integer({ min: -5, max: 0 }), fc.constant(1.5), fc.constant(65)) }),
      fc.record({ physics: fc.record({ apPower: fc.oneof(fc.constant(0), fc.constant(-1), fc.constant(Number.NaN), fc.constant(Infinity)) }) }),
      fc.record({ eta: fc.oneof(fc.constant(-0.1), fc.constant(1.1)) }),
      fc.record({ userPositions: fc.constantFrom([], [[0, 0]], [[1]], 'x') }),
      fc.record({ workloadMean: fc.constantFrom(0, -3, 2e6) }),
      fc.record({ scheme: fc.constantFrom('x', 3) }),
    );
    fc.assert(
      fc.property(bad, (config) => {
        let err: unknown;
        try {
          new BackscatterEnv(config as BackscatterConfigInput);
        } catch (e) {
          err = e;
        }
        expect(err instanceof RangeError || err instanceof TypeError).toBe(true);
        expect(String((err as Error).message)).toMatch(/^backscatter: \w+/);
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
