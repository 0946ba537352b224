// The backscatter env: checkParallelEnv, the frame's draws and their order, the hierarchical
// two-phase protocol, the pure evaluate, state round trips and errors.

import { describe, expect, it } from 'vitest';
import { normal, poisson } from '../../../lib/random/index.js';
import { checkParallelEnv, envStream } from '../../../lib/rl/index.js';
import {
  BackscatterEnv,
  backscatterDims,
  encodeBeams,
  mrtBeams,
  passiveRate,
  resolveBackscatterConfig,
} from '../../../lib/env/backscatter/index.js';
import { squaredNorm } from '../../../lib/env/common/index.js';

const u5 = (...v: number[]) => Float64Array.from(v);
const ap18 = (x = 0.7) => new Float64Array(18).fill(x).map((v, k) => (k % 3 === 0 ? v : 1 - v / 2));
const users = () => [u5(0.3, 0.5, 0.2, 0.3, 0.5), u5(0.2, 0.6, 0.3, 0.3, 0.4), u5(0.1, 0.7, 0.1, 0.4, 0.5)];

describe('ParallelEnv view', () => {
  it.each([
    ['defaults', {}],
    ['paper obs + downlink', { userObs: 'paper', includeDownlink: true }],
    ['literal drop, paperLiteral SNR', { activeDropRule: 'literal', passiveSnrModel: 'paperLiteral' }],
    ['active-enabled', { scheme: 'active-enabled' }],
  ] as const)('checkParallelEnv passes (%s)', (_, extra) => {
    checkParallelEnv(() => new BackscatterEnv({ episodeLength: 20, ...extra }), { seed: 5, steps: 45 });
  });

  it('agents, spaces and dims', () => {
    const env = new BackscatterEnv();
    expect(env.possibleAgents).toEqual(['ap', 'user_0', 'user_1', 'user_2']);
    expect(env.observationSpace('ap').toJSON()).toMatchObject({ shape: [24] });
    expect(env.actionSpace('ap').toJSON()).toMatchObject({ shape: [18] });
    expect(env.observationSpace('user_1').toJSON()).toMatchObject({ shape: [10] });
    expect(env.actionSpace('user_1').toJSON()).toMatchObject({ shape: [5] });
  });
});

describe('frame draws (spec 03 §2.4 step 1, order in the env header)', () => {
  it('h̃_i ~ CN(0, I_M) re/im interleaved per antenna, user by user, then the workloads', () => {
    const env = new BackscatterEnv();
    env.reset({ seed: 42 });
    const rng = envStream(42, 'backscatter');
    const dims = backscatterDims(resolveBackscatterConfig());
    const std = Math.sqrt(0.5);
    const frame = env.frame();
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 3; k++) {
        const re = normal(rng, 0, std);
        const im = normal(rng, 0, std);
        expect(frame.channels[i]!.re[k]).toBe(re * (dims.channelScale[i] as number));
        expect(frame.channels[i]!.im[k]).toBe(im * (dims.channelScale[i] as number));
      }
    }
    for (let i = 0; i < 3; i++) expect(frame.workloads[i]).toBe(Math.max(1, poisson(rng, 40)));
    expect(Array.from(frame.batteries)).toEqual([5e-4, 5e-4, 5e-4]);
  });

  it('AP state: (ℓ/λ, E/E_max, Re h/s_h, Im h/s_h) per user', () => {
    const env = new BackscatterEnv();
    env.reset({ seed: 1 });
    const f = env.frame();
    const s = env.apObservation();
    const sh = backscatterDims(env.config).channelScale;
    expect(s[0]).toBe((f.workloads[0] as number) / 40);
    expect(s[1]).toBe(0.5);
    expect(s[2]).toBeCloseTo((f.channels[0]!.re[0] as number) / (sh[0] as number), 14);
    expect(s[5]).toBeCloseTo((f.channels[0]!.im[0] as number) / (sh[0] as number), 14);
    expect(s[8]).toBe((f.workloads[1] as number) / 40);
  });
});

describe('hierarchical protocol', () => {
  it('users see the beams the AP set: r_b/40 and H_i/1e−3 of the chosen beams', () => {
    const env = new BackscatterEnv();
    env.reset({ seed: 3 });
    const before = env.userObservation(1);
    const f = env.frame();
    // before setApAction: MRT reference beams ⇒ r_b of |h^H w|² = ‖h‖²
    const g1 = squaredNorm(f.channels[1]!);
    expect(before[8]).toBeCloseTo(passiveRate(g1, g1, env.config) / 40, 12);
    env.setApAction(ap18());
    const after = env.userObservation(1);
    const w = env.apBeams()!;
    const z = (() => { let re = 0, im = 0; const h = f.channels[1]!, b = w[1]!; for (let k = 0; k < 3; k++) { re += h.re[k]! * b.re[k]! + h.im[k]! * b.im[k]!; im += h.re[k]! * b.im[k]! - h.im[k]! * b.re[k]!; } return re * re + im * im; })();
    expect(after[8]).toBeCloseTo(passiveRate(g1, z, env.config) / 40, 12);
    expect(after[8]).not.toBeCloseTo(before[8] as number, 6);
    expect(Array.from(after.subarray(0, 8))).toEqual(Array.from(before.subarray(0, 8)));
  });

  it('evaluate changes nothing and equals the stepped outcome', () => {
    const env = new BackscatterEnv();
    env.reset({ seed: 9 });
    const state = JSON.stringify(env.getState());
    const o = env.evaluate(ap18(), users());
    expect(JSON.stringify(env.getState())).toBe(state);
    env.setApAction(ap18());
    const r = env.stepUsers(users());
    expect(r.outcome).toEqual(o);
    expect(r.apReward).toBe(o.apReward);
    expect(Array.from(env.frame().batteries)).toEqual(o.users.map((u) => u.batteryNext));
  });

  it('ParallelEnv step = setApAction + stepUsers, bit for bit', () => {
    const a = new BackscatterEnv();
    const b = new BackscatterEnv();
    a.reset({ seed: 4 });
    b.reset({ seed: 4 });
    for (let t = 0; t < 5; t++) {
      const us = users();
      const ra = a.step({ ap: ap18(0.2 + 0.1 * t), user_0: us[0]!, user_1: us[1]!, user_2: us[2]! });
      b.setApAction(ap18(0.2 + 0.1 * t));
      const rb = b.stepUsers(us);
      expect(ra.rewards['ap']).toBe(rb.apReward);
      expect(ra.rewards['user_2']).toBe(rb.userRewards[2]);
      expect(Array.from(ra.obs['ap']!)).toEqual(Array.from(rb.apObs));
      expect(Array.from(ra.obs['user_0']!)).toEqual(Array.from(rb.userObs[0]!));
    }
    expect(JSON.stringify(a.getState())).toBe(JSON.stringify(b.getState()));
  });

  it('fixed beams go through encodeBeams; MRT beams give |h^H w|² = ‖h‖²', () => {
    const env = new BackscatterEnv();
    env.reset({ seed: 2 });
    const mrt = mrtBeams(env.frame().channels);
    env.setApAction(encodeBeams(mrt));
    const w = env.apBeams()!;
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) expect(w[i]!.re[k]).toBeCloseTo(mrt[i]!.re[k] as number, 12);
  });

  it('errors: stepUsers before setApAction, bad actions, before reset', () => {
    const env = new BackscatterEnv();
    expect(() => env.apObservation()).toThrow(/reset/);
    env.reset({ seed: 1 });
    expect(() => env.stepUsers(users())).toThrow(/call setApAction\(\) for this frame before stepUsers\(\)/);
    expect(() => env.setApAction(new Float64Array(18).fill(1.5))).toThrow(/setApAction: action\[0\] = 1\.5 is above high/);
    env.setApAction(ap18());
    expect(() => env.stepUsers([u5(0, 0, 0, 0, 2), u5(0, 0, 0, 0, 0), u5(0, 0, 0, 0, 0)])).toThrow(/userActions\[0\]\[4\] = 2 is above high/);
    expect(() => env.stepUsers(users().slice(1))).toThrow(/userActions must be an array of 3/);
    expect(() => env.evaluateDecisions(mrtBeams(env.frame().channels), [{ ta: 0.5, tb: 0.6, la: 0, lb: 0, lc: 0 }, { ta: 0, tb: 0, la: 0, lb: 0, lc: 0 }, { ta: 0, tb: 0, la: 0, lb: 0, lc: 0 }])).toThrow(/decisions\[0\]: tb must be/);
  });
});

describe('state', () => {
  it('getState/setState round-trips through JSON, AP action included, and the futures agree', () => {
    const a = new BackscatterEnv();
    a.reset({ seed: 8 });
    a.setApAction(ap18());
    a.stepUsers(users());
    a.setApAction(ap18(0.3));
    const snap = JSON.parse(JSON.stringify(a.getState()));
    const b = new BackscatterEnv();
    b.setState(snap);
    expect(Array.from(b.userObservation(0))).toEqual(Array.from(a.userObservation(0)));
    const ra = a.stepUsers(users());
    const rb = b.stepUsers(users());
    expect(rb.outcome).toEqual(ra.outcome);
    expect(JSON.stringify(b.getState())).toBe(JSON.stringify(a.getState()));
    expect(() => b.setState({ ...snap, batteries: [1, 0, 0] })).toThrow(/state\.batteries\[0\] must be a finite number in \[0, 0\.001\]/);
  });

  it('batteries reset each episode; truncation after episodeLength frames', () => {
    const env = new BackscatterEnv({ episodeLength: 3 });
    env.reset({ seed: 1 });
    let r;
    for (let t = 0; t < 3; t++) { env.setApAction(ap18()); r = env.stepUsers(users()); }
    expect(r!.truncated).toBe(true);
    expect(() => env.setApAction(ap18())).toThrow(/ended/);
    env.reset();
    expect(Array.from(env.frame().batteries)).toEqual([5e-4, 5e-4, 5e-4]);
  });
});
