// Fast variant of the env fuzz of `npm run check:reliability` (reliability/fuzzEnv.ts): every env of
// the registry, a few hundred valid configs × action sequences, invalid configs and invalid actions.

import { describe, expect, it } from 'vitest';
import { ENV_REGISTRY } from '../../reliability/envRegistry.js';
import { fuzzInvalidActions, fuzzInvalidConfigs, fuzzValidEnv, nonFinitePaths } from '../../reliability/fuzzEnv.js';
import { BackscatterEnv } from '../../lib/env/index.js';
import * as env from '../../lib/env/index.js';

describe('env registry', () => {
  it('registers every env class lib/env exports', () => {
    const classes = Object.entries(env).filter(([k, v]) => typeof v === 'function' && /Env$/.test(k)).map(([k]) => k);
    const ids = new Set(ENV_REGISTRY.map((e) => e.make({}).id));
    expect(ids.size).toBe(ENV_REGISTRY.length);
    expect(ENV_REGISTRY.length).toBe(classes.length);
  });
  it('nonFinitePaths finds NaN and Infinity inside nested values', () => {
    expect(nonFinitePaths({ a: [1, { b: Number.NaN }], c: new Float64Array([0, Infinity]) })).toEqual(['a[1].b = NaN', 'c[1] = Infinity']);
    expect(nonFinitePaths({ a: [1, 2], s: 'x' })).toEqual([]);
  });
});

describe.each(ENV_REGISTRY.map((e) => [e.id, e] as const))('%s fuzz (fast)', (_id, entry) => {
  it('valid configs × action sequences: no crash, all finite', () => {
    const r = fuzzValidEnv(entry, 60, 20);
    expect(r.examples).toEqual([]);
    expect(r.trials).toBe(60);
  });
  it('invalid configs: rejected naming the field', () => {
    const r = fuzzInvalidConfigs(entry, 200, 20);
    expect(r.examples).toEqual([]);
  });
  it('invalid actions: rejected naming the agent, state unchanged', () => {
    const r = fuzzInvalidActions(entry, 80, 20);
    expect(r.examples).toEqual([]);
  });
});

describe('defects the fuzz found (regressions)', () => {
  it('backscatter: a user (almost) at the AP is rejected instead of overflowing the channel gain to Infinity', () => {
    // Before: userPositions [[1e-300, 0]] passed validation and reset() returned an Infinity observation.
    expect(() => new BackscatterEnv({ userPositions: [[1e-300, 0]] })).toThrow(/backscatter: userPositions\[0\] must be at distance distanceScale·‖p‖ >= 0.001 m/);
    expect(() => new BackscatterEnv({ userPositions: [[5, 5], [0.001, 0]], distanceScale: 0.5 })).toThrow(/userPositions\[1\]/);
    const e = new BackscatterEnv({ userPositions: [[0.001, 0]] });
    expect(nonFinitePaths(e.reset({ seed: 1 }).obs)).toEqual([]);
  });
});
