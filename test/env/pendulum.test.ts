// Pendulum-v1: one step from fixed states worked out by hand (g = 10, m = l = 1, dt = 0.05),
// θ̇ clipping, cost angle wrapping, action rejection, truncation at 200, seeding and state.

import { describe, expect, it } from 'vitest';
import { PendulumEnv, angleNormalize, pendulum } from '../../lib/env/index.js';
import type { PendulumState } from '../../lib/env/index.js';

/** A running env placed at (θ, θ̇) through setState. */
function at(theta: number, thetaDot: number, steps = 0): PendulumEnv {
  const env = pendulum();
  env.reset({ seed: 0 });
  env.setState({ ...env.getState(), theta, thetaDot, steps });
  return env;
}

describe('Pendulum-v1 dynamics', () => {
  it('one step from θ = π/2, θ̇ = 1 with u = 1, by hand', () => {
    const env = at(Math.PI / 2, 1);
    const r = env.step(Float64Array.of(1));
    // θ̇' = θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt = 1 + (15·1 + 3·1)·0.05 = 1 + 0.9 = 1.9
    // θ'  = θ + θ̇'·dt = π/2 + 1.9·0.05 = 1.5707963267948966 + 0.095 = 1.6657963267948966
    // cost = norm(θ)² + 0.1·θ̇² + 0.001·u² = (π/2)² + 0.1 + 0.001 = 2.4674011002723395 + 0.101
    //      = 2.5684011002723395 (pre-step θ, θ̇ — not the new ones)
    const s = env.getState();
    expect(s.thetaDot).toBeCloseTo(1.9, 14);
    expect(s.theta).toBeCloseTo(1.6657963267948966, 14);
    expect(r.reward).toBeCloseTo(-2.5684011002723395, 14);
    // observation = [cos θ', sin θ', θ̇']
    expect(r.obs[0]).toBeCloseTo(Math.cos(1.6657963267948966), 14); // ≈ −0.0948574
    expect(r.obs[1]).toBeCloseTo(Math.sin(1.6657963267948966), 14); // ≈ 0.9954909
    expect(r.obs[2]).toBeCloseTo(1.9, 14);
    expect(r.terminated).toBe(false);
    expect(r.truncated).toBe(false);
  });

  it('the cost wraps θ into [−π, π): θ = −3π/2 costs like θ = π/2', () => {
    const env = at((-3 * Math.PI) / 2, 0);
    const r = env.step(Float64Array.of(0));
    // norm(−3π/2) = ((−3π/2 + π) mod 2π) − π = (−π/2 mod 2π) − π = 3π/2 − π = π/2
    // cost = (π/2)² + 0 + 0 = 2.4674011002723395; a truncating JS % would give (−3π/2)² = 22.2
    expect(r.reward).toBeCloseTo(-2.4674011002723395, 13);
    // sin(−3π/2) = 1, so θ̇' = 0 + 15·1·0.05 = 0.75 (the dynamics use the unwrapped θ)
    expect(env.getState().thetaDot).toBeCloseTo(0.75, 13);
  });

  it('angleNormalize matches Python floored modulo', () => {
    expect(angleNormalize(0)).toBe(0);
    expect(angleNormalize(Math.PI)).toBeCloseTo(-Math.PI, 15); // π maps to −π: the range is [−π, π)
    expect(angleNormalize(-Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(angleNormalize(7)).toBeCloseTo(7 - 2 * Math.PI, 14); // 0.7168146928204138
    expect(angleNormalize(-7)).toBeCloseTo(-7 + 2 * Math.PI, 14);
  });

  it('clips θ̇ to ±8', () => {
    // θ = π/2, θ̇ = 7.9, u = 2: 7.9 + (15 + 6)·0.05 = 7.9 + 1.05 = 8.95 → clipped to 8; θ' = π/2 + 8·0.05 = π/2 + 0.4
    const up = at(Math.PI / 2, 7.9);
    const r = up.step(Float64Array.of(2));
    expect(r.obs[2]).toBe(8);
    expect(up.getState().theta).toBeCloseTo(Math.PI / 2 + 0.4, 14);
    // mirrored: θ = −π/2, θ̇ = −7.9, u = −2 → −8.95 → −8
    const down = at(-Math.PI / 2, -7.9);
    expect(down.step(Float64Array.of(-2)).obs[2]).toBe(-8);
    // reward uses the pre-clip state: −((π/2)² + 0.1·7.9² + 0.001·2²) = −(2.4674011 + 6.241 + 0.004)
    expect(r.reward).toBeCloseTo(-(2.4674011002723395 + 6.241 + 0.004), 12);
  });

  it("actionBounds 'error' rejects torques outside [−2, 2] and leaves the state unchanged", () => {
    const env = new PendulumEnv({ actionBounds: 'error' });
    env.reset({ seed: 0 });
    env.setState({ ...env.getState(), theta: 0.3, thetaDot: 0.2 });
    const before = JSON.stringify(env.getState());
    expect(() => env.step(Float64Array.of(2.5))).toThrow('action[0] = 2.5 is above high[0] = 2');
    expect(() => env.step(Float64Array.of(NaN))).toThrow('action[0] is NaN');
    expect(() => env.step(Float64Array.of(1, 1))).toThrow('action has length 2');
    expect(JSON.stringify(env.getState())).toBe(before);
    expect(() => env.step(Float64Array.of(-2))).not.toThrow(); // bounds are inclusive
  });

  it("clips an out-of-range torque by default, as Gymnasium's np.clip(u, −2, 2), in dynamics AND cost", () => {
    const env = at(0.3, 0.2);
    expect(env.actionBounds).toBe('clip');
    const action = Float64Array.of(2.5);
    const r = env.step(action);
    expect(action[0]).toBe(2.5); // the caller's array is not written
    // θ̇' = 0.2 + (15·sin 0.3 + 3·2)·0.05 with the CLIPPED u = 2; cost uses u = 2: 0.3² + 0.1·0.2² + 0.001·4
    expect(r.obs[2]).toBe(0.2 + (15 * Math.sin(0.3) + 3 * 2) * 0.05);
    expect(r.reward).toBeCloseTo(-(0.3 * 0.3 + 0.1 * (0.2 * 0.2) + 0.001 * (2 * 2)), 14); // = −0.098 (angleNormalize rounds θ)
    const same = at(0.3, 0.2).step(Float64Array.of(2));
    expect(Array.from(r.obs)).toEqual(Array.from(same.obs));
    expect(r.reward).toBe(same.reward);
    // below the bound and NaN / wrong length still handled
    expect(at(0.3, 0.2).step(Float64Array.of(-7)).reward).toBe(at(0.3, 0.2).step(Float64Array.of(-2)).reward);
    expect(() => at(0.3, 0.2).step(Float64Array.of(NaN))).toThrow('action[0] is NaN');
    expect(() => at(0.3, 0.2).step(Float64Array.of(1, 1))).toThrow('action has length 2');
  });

  it('rejects an unknown actionBounds value naming the field', () => {
    expect(() => new PendulumEnv({ actionBounds: 'wrap' as never })).toThrow('Pendulum-v1: actionBounds must be "clip" or "error", got "wrap"');
  });

  it('observe() throws before reset/setState, then returns the current observation', () => {
    const env = pendulum();
    expect(() => env.observe()).toThrow('Pendulum-v1.observe: call reset() or setState() before observe()');
    const { obs } = env.reset({ seed: 3 });
    expect(Array.from(env.observe())).toEqual(Array.from(obs));
    const r = env.step(Float64Array.of(0.5));
    expect(Array.from(env.observe())).toEqual(Array.from(r.obs));
    // setState on a never-reset env accepts what getState returned, and observe() follows it
    const fresh = pendulum();
    fresh.setState(JSON.parse(JSON.stringify(env.getState())));
    expect(Array.from(fresh.observe())).toEqual(Array.from(r.obs));
    expect(Array.from(fresh.step(Float64Array.of(1)).obs)).toEqual(Array.from(env.step(Float64Array.of(1)).obs));
  });
});

describe('Pendulum-v1 episodes', () => {
  it('truncates on step 200 and never terminates', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 5 });
    for (let k = 1; k < 200; k++) {
      const r = env.step(Float64Array.of(0));
      expect(r.terminated || r.truncated).toBe(false);
    }
    const last = env.step(Float64Array.of(0));
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
    expect(() => env.step(Float64Array.of(0))).toThrow('call reset()');
    expect(env.reset().obs).toHaveLength(3); // unseeded reset continues the generator
  });

  it('respects a custom maxEpisodeSteps and throws before reset', () => {
    const env = pendulum({ maxEpisodeSteps: 2 });
    expect(() => env.step(Float64Array.of(0))).toThrow('call reset() before step()');
    env.reset({ seed: 1 });
    expect(env.step(Float64Array.of(0)).truncated).toBe(false);
    expect(env.step(Float64Array.of(0)).truncated).toBe(true);
  });

  it('starts uniformly in θ ∈ [−π, π], θ̇ ∈ [−1, 1]; same seed ⇒ same start', () => {
    const env = pendulum();
    let minT = Infinity, maxT = -Infinity, minV = Infinity, maxV = -Infinity;
    for (let seed = 0; seed < 400; seed++) {
      env.reset({ seed });
      const { theta, thetaDot } = env.getState();
      minT = Math.min(minT, theta); maxT = Math.max(maxT, theta);
      minV = Math.min(minV, thetaDot); maxV = Math.max(maxV, thetaDot);
    }
    expect(minT).toBeGreaterThanOrEqual(-Math.PI);
    expect(maxT).toBeLessThanOrEqual(Math.PI);
    expect(minT).toBeLessThan(-2.8); // 400 uniform draws reach within ~0.3 of each end
    expect(maxT).toBeGreaterThan(2.8);
    expect(minV).toBeGreaterThanOrEqual(-1);
    expect(maxV).toBeLessThanOrEqual(1);
    expect(minV).toBeLessThan(-0.9);
    expect(maxV).toBeGreaterThan(0.9);
    const a = pendulum().reset({ seed: 42 }).obs;
    const b = pendulum().reset({ seed: 42 }).obs;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(pendulum().reset({ seed: 43 }).obs)).not.toEqual(Array.from(a));
  });

  it('reset options xInit / yInit set the start bounds; bad options are named', () => {
    const env = pendulum();
    env.reset({ seed: 3, options: { xInit: 0, yInit: 0 } });
    expect(env.getState().theta).toBe(-0); // U[−0, 0] returns its low bound, −0
    expect(env.getState().thetaDot).toBe(-0);
    expect(() => env.reset({ options: { yInit: 9 } })).toThrow('Pendulum-v1.reset: options.yInit must be a finite number in [0, 8], got 9');
    expect(() => env.reset({ options: { x_init: 1 } as never })).toThrow('unknown options field "x_init"');
  });

  it('validates config and state', () => {
    expect(() => pendulum({ g: -1 })).toThrow('Pendulum-v1: g must be a finite number > 0, got -1');
    expect(() => pendulum({ maxEpisodeSteps: 0 })).toThrow('maxEpisodeSteps must be an integer in [1, 2147483647], got 0');
    const env = pendulum();
    env.reset({ seed: 1 });
    const s = env.getState();
    expect(() => env.setState({ ...s, thetaDot: 9 })).toThrow('thetaDot must be a finite number in [-8, 8], got 9');
    expect(() => env.setState({ ...s, id: 'CartPole-v1' } as unknown as PendulumState)).toThrow('state.id must be "Pendulum-v1"');
  });

  it('a lighter gravity changes the dynamics (g = 9.81: 3·9.81/2 = 14.715)', () => {
    const env = pendulum({ g: 9.81 });
    env.reset({ seed: 0 });
    env.setState({ ...env.getState(), theta: Math.PI / 2, thetaDot: 0 });
    // θ̇' = 0 + (14.715·1 + 0)·0.05 = 0.73575
    expect(env.step(Float64Array.of(0)).obs[2]).toBeCloseTo(0.73575, 14);
  });
});
