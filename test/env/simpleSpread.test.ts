// simple_spread: hand-computed physics, rewards and observations, episode bookkeeping, config
// validation, and the shared parallel-env checker in every action mode and variant.

import { describe, expect, it } from 'vitest';
import { deriveStream, uniform } from '../../lib/random/index.js';
import { checkParallelEnv } from '../../lib/rl/checkParallelEnv.js';
import type { SimpleSpreadConfig, SimpleSpreadState } from '../../lib/env/classic/simpleSpread.js';
import {
  contactForce,
  contactPenetration,
  movementForce,
  oneHotAction,
  SIMPLE_SPREAD_CONSTANTS,
  SIMPLE_SPREAD_DEFAULTS,
  simpleSpread,
  simpleSpreadRewards,
  SimpleSpreadEnv,
} from '../../lib/env/classic/simpleSpread.js';

const AGENTS = ['agent_0', 'agent_1', 'agent_2'] as const;

function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `index ${i}`).toBeCloseTo(e, digits));
}

/** An env placed in a hand-chosen running state (step count 0) via setState. */
function envAt(
  agentPos: number[],
  agentVel: number[],
  landmarkPos: number[],
  config: Partial<SimpleSpreadConfig> = {},
): SimpleSpreadEnv {
  const env = new SimpleSpreadEnv(config);
  env.reset({ seed: 0 });
  env.setState({ ...env.getState(), agentPos, agentVel, landmarkPos, steps: 0, status: 'running' });
  return env;
}

describe('simple_spread formulas', () => {
  it('contactPenetration is k·logaddexp(0, −(d − d_min)/k)', () => {
    const k = 1e-3;
    // Touching (d = d_min = 0.3): k·log(1 + e^0) = 0.001·ln 2.
    expect(contactPenetration(0.3, 0.3, k)).toBeCloseTo(0.001 * Math.LN2, 17);
    // Overlap 0.1: k·(100 + log1p(e^−100)) = 0.1 (the log1p term, 3.7e−44, is below one ulp).
    expect(contactPenetration(0.2, 0.3, k)).toBeCloseTo(0.1, 15);
    // 0.7 apart beyond contact: k·log1p(e^−700) ≈ 1e−307 > 0 — the softplus never quite vanishes…
    expect(contactPenetration(1.0, 0.3, k)).toBeGreaterThan(0);
    expect(contactPenetration(1.0, 0.3, k)).toBeLessThan(1e-300);
    // …until e^x underflows (x < −745): then it is exactly 0.
    expect(contactPenetration(2.0, 0.3, k)).toBe(0);
  });

  it('contactForce pushes a away from b: contactForce·(p_a − p_b)/d·penetration', () => {
    // a = (0, 0), b = (0.2, 0): d = 0.2, penetration 0.1 → 100·(−0.2)/0.2·0.1 = −10 along x.
    const [fx, fy] = contactForce(0 - 0.2, 0 - 0, 0.3, 100, 1e-3);
    expect(fx).toBeCloseTo(-10, 12);
    expect(fy).toBe(0);
    // Diagonal 3-4-5: a − b = (0.06, 0.08), d = 0.1, penetration 0.2 → 100·(0.6, 0.8)·0.2 = (12, 16).
    const [gx, gy] = contactForce(0.06, 0.08, 0.3, 100, 1e-3);
    expect(gx).toBeCloseTo(12, 12);
    expect(gy).toBeCloseTo(16, 12);
    // Coinciding centres: no direction, no force (the original would produce NaN).
    expect(contactForce(0, 0, 0.3, 100, 1e-3)).toEqual([0, 0]);
  });

  it('movementForce maps [noop, +x, −x, +y, −y] to sensitivity·(a1 − a2, a3 − a4)', () => {
    expect(movementForce(oneHotAction(0), 5)).toEqual([0, 0]);
    expect(movementForce(oneHotAction(1), 5)).toEqual([5, 0]);
    expect(movementForce(oneHotAction(2), 5)).toEqual([-5, 0]);
    expect(movementForce(oneHotAction(3), 5)).toEqual([0, 5]);
    expect(movementForce(oneHotAction(4), 5)).toEqual([0, -5]);
    // A Gumbel-Softmax-like vector: ((0.5 − 0.1)·5, (0.25 − 0.125)·5) = (2, 0.625).
    expect(movementForce([0.025, 0.5, 0.1, 0.25, 0.125], 5)).toEqual([(0.5 - 0.1) * 5, 0.625]);
    // −0 − (+0) = −0 would leak into the state; adding to a zero vector, as the original does, gives +0.
    expect(Object.is(movementForce([0, -0, 0, -0, 0], 5)[0], 0)).toBe(true);
  });

  it('rewards for a fixed configuration, both variants (distances by hand)', () => {
    // Agents A0 (0, 0), A1 (1, 0), A2 (0.1, 0); landmarks L0 (0, 0.5), L1 (1, 0.05), L2 (1.6, 0.8).
    //   L0: |A0| = 0.5, |A2| = √(0.01 + 0.25) = 0.5099, |A1| = √1.25      → min 0.5
    //   L1: |A1| = 0.05, |A2| = √(0.81 + 0.0025) = 0.9014, |A0| = 1.00125  → min 0.05 (occupied: < 0.1)
    //   L2: |A1| = √(0.36 + 0.64) = 1, |A2| = √(2.25 + 0.64) = 1.7, |A0| = √3.2 → min 1
    //   D = 0.5 + 0.05 + 1 = 1.55.
    // Overlaps (distance < 0.3): A0–A2 (0.1) only; A0–A1 = 1, A1–A2 = 0.9. So c = [1, 0, 1].
    const agents = [0, 0, 1, 0, 0.1, 0];
    const landmarks = [0, 0.5, 1, 0.05, 1.6, 0.8];
    const original = simpleSpreadRewards(agents, landmarks, 'original', 0.5);
    // Original: each agent also "collides" with itself, so C = c + 1 = [2, 1, 2];
    // r_i = −D − C_i = [−3.55, −2.55, −3.55]; everyone gets Σ r_i = −9.65 = −3·1.55 − 3 − 2·1.
    expectClose(original.rewards, [-9.65, -9.65, -9.65]);
    expect(original.minDistSum).toBeCloseTo(1.55, 14);
    expect(Array.from(original.collisions)).toEqual([1, 0, 1]);
    expect(original.occupiedLandmarks).toBe(1);
    // PettingZoo, local_ratio 0.5: r_i = 0.5·(−D) + 0.5·(−c_i) = [−1.275, −0.775, −1.275].
    expectClose(simpleSpreadRewards(agents, landmarks, 'pettingzoo', 0.5).rewards, [-1.275, -0.775, -1.275]);
    // local_ratio 0: global only, −1.55 each; local_ratio 1: collisions only, [−1, 0, −1].
    expectClose(simpleSpreadRewards(agents, landmarks, 'pettingzoo', 0).rewards, [-1.55, -1.55, -1.55]);
    expectClose(simpleSpreadRewards(agents, landmarks, 'pettingzoo', 1).rewards, [-1, 0, -1]);
  });

  it('the original reward is −N·D − N − 2P: a lone agent still pays −1 for itself', () => {
    // N = 1, agent on its landmark: D = 0, no pairs → −1·0 − 1 − 0 = −1; PettingZoo gives 0.
    expect(Array.from(simpleSpreadRewards([0.3, 0.3], [0.3, 0.3], 'original', 0.5).rewards)).toEqual([-1]);
    expect(Math.abs(simpleSpreadRewards([0.3, 0.3], [0.3, 0.3], 'pettingzoo', 0.5).rewards[0] as number)).toBe(0);
  });
});

describe('simple_spread env', () => {
  it('has three agents, 18-dim observations and the documented action spaces', () => {
    const env = simpleSpread();
    expect(env.possibleAgents).toEqual(AGENTS);
    expect(env.agents).toEqual([]); // before reset
    expect(env.maxEpisodeSteps).toBe(25);
    for (const a of AGENTS) {
      expect(env.observationSpace(a).toJSON()).toEqual({ type: 'Box', shape: [18], low: Array(18).fill('-Infinity'), high: Array(18).fill('Infinity') });
      expect(env.actionSpace(a).toJSON()).toEqual({ type: 'Discrete', n: 5, start: 0 });
      expect(env.actionSpace(a)).toBe(env.actionSpace(a));
    }
    expect(simpleSpread({ continuous: true }).actionSpace('agent_1').toJSON()).toEqual({ type: 'Box', shape: [5], low: [0, 0, 0, 0, 0], high: [1, 1, 1, 1, 1] });
    expect(simpleSpread({ numAgents: 4 }).observationSpace('agent_3').toString()).toMatch(/shape \[24\]/);
    expect(() => env.actionSpace('agent_3')).toThrow('simple_spread.actionSpace: unknown agent "agent_3"; agents are agent_0, agent_1, agent_2');
  });

  it('reset draws agent then landmark positions ~ U[−1, 1]² from its own stream, with zero velocity', () => {
    const env = simpleSpread();
    const { obs, infos } = env.reset({ seed: 42 });
    expect(env.agents).toEqual(AGENTS);
    expect(Object.keys(obs)).toEqual(AGENTS);
    expect(infos).toEqual({ agent_0: {}, agent_1: {}, agent_2: {} });
    const rng = deriveStream(42, 'env', 'simple_spread'); // lib/rl/env.ts envStream convention
    const draws = Array.from({ length: 12 }, () => uniform(rng, -1, 1));
    const s = env.getState();
    expect(s.agentPos).toEqual(draws.slice(0, 6));
    expect(s.landmarkPos).toEqual(draws.slice(6, 12));
    expect(s.agentVel).toEqual([0, 0, 0, 0, 0, 0]);
    // Same seed, any variant or action mode: same start.
    const other = simpleSpread({ variant: 'pettingzoo', continuous: true });
    other.reset({ seed: 42 });
    expect(other.getState().agentPos).toEqual(s.agentPos);
  });

  it('one step of integration from given positions, velocities and actions', () => {
    // Agents pairwise > 2 apart, so every contact force underflows to exactly 0.
    const env = envAt([0.5, -0.25, -1.5, 1.5, 1.5, 1.5], [0.2, -0.4, 0, 0, -0.1, 0.3], [0, 0, 0.5, 0.5, -0.5, -0.5]);
    env.step({ agent_0: 1, agent_1: 0, agent_2: 4 }); // +x, noop, −y
    const s = env.getState();
    // agent_0: force u = 5·(1 − 0, 0 − 0) = (5, 0)
    //   v ← v·(1 − 0.25) + (u / 1)·0.1 = (0.2·0.75 + 0.5, −0.4·0.75 + 0) = (0.65, −0.3)
    //   p ← p + v·0.1 = (0.5 + 0.065, −0.25 − 0.03) = (0.565, −0.28)
    // agent_1: noop, at rest → unchanged.
    // agent_2: u = 5·(0, 0 − 1) = (0, −5); v = (−0.1·0.75, 0.3·0.75 − 0.5) = (−0.075, −0.275);
    //   p = (1.5 − 0.0075, 1.5 − 0.0275) = (1.4925, 1.4725).
    expectClose(s.agentVel, [0.65, -0.3, 0, 0, -0.075, -0.275], 14);
    expectClose(s.agentPos, [0.565, -0.28, -1.5, 1.5, 1.4925, 1.4725], 14);
    // Same operation order as core.py, so the result is bit-identical to this expression:
    expect(s.agentVel[0]).toBe(0.2 * (1 - 0.25) + (5 / 1) * 0.1);
    expect(s.landmarkPos).toEqual([0, 0, 0.5, 0.5, -0.5, -0.5]); // landmarks never move
  });

  it('continuous actions: the 5-vector itself, u = 5·(a1 − a2, a3 − a4)', () => {
    const env = envAt([0.5, -0.25, -1.5, 1.5, 1.5, 1.5], [0, 0, 0, 0, 0, 0], [0, 0, 0.5, 0.5, -0.5, -0.5], { continuous: true });
    const zero = new Float64Array(5);
    env.step({ agent_0: Float64Array.of(0.1, 0.5, 0.1, 0.25, 0.125), agent_1: zero, agent_2: Float64Array.of(1, 0, 0, 0, 0) });
    // agent_0: u = 5·(0.4, 0.125) = (2, 0.625); v = u·0.1 = (0.2, 0.0625); p = (0.5 + 0.02, −0.25 + 0.00625).
    const s = env.getState();
    expectClose(s.agentVel.slice(0, 2), [0.2, 0.0625], 14);
    expectClose(s.agentPos.slice(0, 2), [0.52, -0.24375], 14);
    expectClose(s.agentVel.slice(4, 6), [0, 0], 14); // pure noop weight → no force
  });

  it('two overlapping agents are pushed apart by the softplus contact force', () => {
    // agent_0 (0, 0) and agent_1 (0.2, 0) overlap (d = 0.2 < 0.3); agent_2 (0, 1.5) is far (> 1.5).
    const env = envAt([0, 0, 0.2, 0, 0, 1.5], [0, 0, 0, 0, 0, 0], [1, 1, -1, -1, 1, -1]);
    env.step({ agent_0: 0, agent_1: 0, agent_2: 0 });
    // penetration = 0.001·logaddexp(0, −(0.2 − 0.3)/0.001) = 0.001·100 = 0.1
    // force on agent_0 = 100·(0 − 0.2, 0)/0.2·0.1 = (−10, 0); agent_1 gets (+10, 0).
    // v = (±10 / 1)·0.1 = ±1; p = p ± 0.1  →  agent_0 (−0.1, 0), agent_1 (0.3, 0).
    const s = env.getState();
    expectClose(s.agentVel, [-1, 0, 1, 0, 0, 0]);
    expectClose(s.agentPos, [-0.1, 0, 0.3, 0, 0, 1.5]);
  });

  it('rewards and infos after a step with a persisting collision, both variants', () => {
    // agent_0 (0, 0) pushes +x, agent_2 (0.25, 0) pushes −x: d = 0.25, penetration 0.05, contact
    // force 100·0.05 = 5 cancels the 5 of each movement force, so both stay put (to ~1e−15) and
    // still overlap after the step. agent_1 (1, 1.5) is far and sits on landmark 2.
    //   L0 (0, 0.4): agent_0 at 0.4 → 0.4; L1 (0.25, −0.3): agent_2 at 0.3 → 0.3; L2 (1, 1.5): 0.
    //   D = 0.7; c = [1, 0, 1].
    const state = { agentPos: [0, 0, 1, 1.5, 0.25, 0], agentVel: [0, 0, 0, 0, 0, 0], landmarkPos: [0, 0.4, 0.25, -0.3, 1, 1.5] };
    const actions = { agent_0: 1, agent_1: 0, agent_2: 2 };
    const original = envAt(state.agentPos, state.agentVel, state.landmarkPos).step(actions);
    // Original: −3·0.7 − 3 (self-collisions) − 2·1 (the pair, paid by both agents) = −7.1 for everyone.
    for (const a of AGENTS) expect(original.rewards[a]).toBeCloseTo(-7.1, 12);
    expect(original.infos['agent_0']).toMatchObject({ collisions: 1, occupiedLandmarks: 1 });
    expect(original.infos['agent_1']).toMatchObject({ collisions: 0 });
    expect(original.infos['agent_2']?.['minDistSum']).toBeCloseTo(0.7, 12);
    // PettingZoo (local_ratio 0.5): 0.5·(−0.7) + 0.5·(−c_i) = [−0.85, −0.35, −0.85].
    const pz = envAt(state.agentPos, state.agentVel, state.landmarkPos, { variant: 'pettingzoo' }).step(actions);
    expectClose([pz.rewards['agent_0'], pz.rewards['agent_1'], pz.rewards['agent_2']] as number[], [-0.85, -0.35, -0.85]);
    const pz02 = envAt(state.agentPos, state.agentVel, state.landmarkPos, { variant: 'pettingzoo', localRatio: 0.2 }).step(actions);
    // 0.8·(−0.7) + 0.2·(−1) = −0.76 for agent_0; 0.8·(−0.7) = −0.56 for agent_1.
    expect(pz02.rewards['agent_0']).toBeCloseTo(-0.76, 12);
    expect(pz02.rewards['agent_1']).toBeCloseTo(-0.56, 12);
  });

  it('observation layout [v, p, landmarks − p, others − p, comm] for a fixed state', () => {
    const env = envAt([0, 0, 1, 1.5, 0.25, 0], [0.1, 0.2, 0.3, -0.4, 0, 0.5], [0, 0.4, 0.25, -0.3, 1, 1.5]);
    expectClose(env.observe('agent_1'), [
      0.3, -0.4, // own velocity
      1, 1.5, // own position
      0 - 1, 0.4 - 1.5, 0.25 - 1, -0.3 - 1.5, 1 - 1, 1.5 - 1.5, // landmarks relative to agent_1
      0 - 1, 0 - 1.5, 0.25 - 1, 0 - 1.5, // agent_0, agent_2 relative to agent_1 (self skipped)
      0, 0, 0, 0, // comm of agent_0, agent_2: silent
    ], 15);
    expectClose(env.observe('agent_2').slice(10, 18), [0 - 0.25, 0 - 0, 1 - 0.25, 1.5 - 0, 0, 0, 0, 0], 15); // others + comm
  });

  it('truncates every agent on step 25, never terminates, then empties agents until reset', () => {
    const env = simpleSpread();
    env.reset({ seed: 3 });
    const noop = { agent_0: 0, agent_1: 0, agent_2: 0 };
    for (let t = 1; t <= 25; t++) {
      const r = env.step(noop);
      expect(r.terminations).toEqual({ agent_0: false, agent_1: false, agent_2: false });
      expect(r.truncations).toEqual({ agent_0: t === 25, agent_1: t === 25, agent_2: t === 25 });
      expect(env.agents).toEqual(t === 25 ? [] : AGENTS);
    }
    expect(() => env.step(noop)).toThrow('simple_spread.step: the episode ended (terminated or truncated); call reset() before stepping again');
    env.reset();
    expect(env.agents).toEqual(AGENTS);
    expect(() => simpleSpread().step(noop)).toThrow('simple_spread.step: call reset() before step()');
    const short = simpleSpread({ maxEpisodeSteps: 1 });
    short.reset({ seed: 1 });
    expect(short.step(noop).truncations).toEqual({ agent_0: true, agent_1: true, agent_2: true });
  });

  it('a discrete action k moves exactly like the one-hot vector e_k in continuous mode', () => {
    const d = simpleSpread();
    const c = simpleSpread({ continuous: true });
    d.reset({ seed: 9 });
    c.reset({ seed: 9 });
    const rng = deriveStream(9, 'test');
    for (let t = 0; t < 25; t++) {
      const ks = AGENTS.map(() => Math.floor(uniform(rng, 0, 5)));
      const rd = d.step({ agent_0: ks[0] as number, agent_1: ks[1] as number, agent_2: ks[2] as number });
      const rc = c.step({ agent_0: oneHotAction(ks[0] as number), agent_1: oneHotAction(ks[1] as number), agent_2: oneHotAction(ks[2] as number) });
      expect(rc.obs).toEqual(rd.obs);
      expect(rc.rewards).toEqual(rd.rewards);
    }
  });

  it("clips out-of-range continuous actions by default (PettingZoo's ClipOutOfBoundsWrapper)", () => {
    const clip = simpleSpread({ continuous: true }), ref = simpleSpread({ continuous: true });
    expect(clip.actionBounds).toBe('clip');
    clip.reset({ seed: 1 });
    ref.reset({ seed: 1 });
    const ok = new Float64Array(5);
    const r1 = clip.step({ agent_0: ok, agent_1: Float64Array.of(-3, 0, 1.25, 0.5, 7), agent_2: ok });
    const r2 = ref.step({ agent_0: ok, agent_1: Float64Array.of(0, 0, 1, 0.5, 1), agent_2: ok });
    expect(JSON.stringify(r1)).toBe(JSON.stringify(r2));
    expect(() => clip.step({ agent_0: ok, agent_1: Float64Array.of(0, NaN, 0, 0, 0), agent_2: ok })).toThrow('actions["agent_1"][1] is NaN');
  });

  it("actionBounds 'error' rejects invalid actions without changing the state, naming the agent and bound", () => {
    const env = simpleSpread({ continuous: true, actionBounds: 'error' });
    env.reset({ seed: 1 });
    const before = JSON.stringify(env.getState());
    const ok = new Float64Array(5);
    const bad = Float64Array.of(0, 0, 1.25, 0, 0);
    expect(() => env.step({ agent_0: ok, agent_1: bad, agent_2: ok })).toThrow('simple_spread.step: actions["agent_1"][2] = 1.25 is above high[2] = 1');
    expect(() => env.step({ agent_0: ok, agent_1: ok })).toThrow(/missing agent "agent_2"/);
    expect(() => env.step({ agent_0: ok, agent_1: ok, agent_2: ok, agent_3: ok })).toThrow(/unknown agent "agent_3"/);
    expect(JSON.stringify(env.getState())).toBe(before);
  });

  it('passes checkParallelEnv in both action modes and both variants (and for N = 1, 4)', () => {
    for (const continuous of [false, true]) {
      for (const variant of ['original', 'pettingzoo'] as const) {
        const report = checkParallelEnv(() => simpleSpread({ continuous, variant }), { steps: 120 });
        expect(report.episodes).toBe(5);
      }
    }
    checkParallelEnv(() => simpleSpread({ numAgents: 1, maxEpisodeSteps: 7 }), { steps: 40, seed: 5 });
    checkParallelEnv(() => simpleSpread({ numAgents: 4, continuous: true }), { steps: 40, seed: 6 });
    checkParallelEnv(() => simpleSpread({ continuous: true, actionBounds: 'error' }), { steps: 40, seed: 6 });
  });

  it('getState is JSON and setState validates it', () => {
    const env = simpleSpread();
    env.reset({ seed: 2 });
    env.step({ agent_0: 1, agent_1: 2, agent_2: 3 });
    const state = JSON.parse(JSON.stringify(env.getState())) as SimpleSpreadState;
    const copy = simpleSpread();
    copy.setState(state);
    expect(copy.getState()).toEqual(env.getState());
    expect(copy.agents).toEqual(AGENTS);
    expect(() => copy.setState({ ...state, id: 'x' } as never)).toThrow(/state.id must be "simple_spread"/);
    expect(() => copy.setState({ ...state, numAgents: 4 })).toThrow(/state.numAgents must be an integer in \[3, 3\]/);
    expect(() => copy.setState({ ...state, agentPos: [0, 0] })).toThrow(/state.agentPos must be an array of 6 finite numbers/);
    expect(() => copy.setState({ ...state, agentVel: [0, 0, 0, 0, 0, null as never] })).toThrow(/state.agentVel\[5\] must be a finite number/);
    expect(() => copy.setState({ ...state, steps: 26 })).toThrow(/steps must be an integer in \[0, 25\]/);
    expect(() => copy.setState({ ...state, status: 'paused' as never })).toThrow(/status must be "needs-reset", "running" or "ended"/);
    expect(() => copy.setState({ ...state, rng: { algorithm: 'nope', words: [] } })).toThrow(/rng is not a valid RngState/);
    expect(copy.getState()).toEqual(env.getState()); // failed restores changed nothing
  });

  it('validates its config, naming the field and the allowed range', () => {
    expect(SIMPLE_SPREAD_DEFAULTS).toEqual({ numAgents: 3, maxEpisodeSteps: 25, continuous: false, variant: 'original', localRatio: 0.5, seed: 0, actionBounds: 'clip' });
    expect(SIMPLE_SPREAD_CONSTANTS).toMatchObject({ dt: 0.1, damping: 0.25, mass: 1, sensitivity: 5, contactForce: 100, contactMargin: 1e-3, agentSize: 0.15, landmarkSize: 0.05 });
    expect(() => simpleSpread({ numAgents: 0 })).toThrow('simple_spread: numAgents must be an integer in [1, 16], got 0');
    expect(() => simpleSpread({ maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps must be an integer in \[1, 2147483647\], got 0/);
    expect(() => simpleSpread({ localRatio: 1.5 })).toThrow('simple_spread: localRatio must be a finite number in [0, 1], got 1.5');
    expect(() => simpleSpread({ localRatio: NaN })).toThrow(/localRatio must be a finite number in \[0, 1\], got NaN/);
    expect(() => simpleSpread({ variant: 'mpe' as never })).toThrow('simple_spread: variant must be "original" or "pettingzoo", got "mpe"');
    expect(() => simpleSpread({ continuous: 1 as never })).toThrow(TypeError);
    expect(() => simpleSpread({ sensitivity: 3 } as never)).toThrow(/unknown config field "sensitivity"/);
    expect(() => simpleSpread().reset({ seed: 1.5 })).toThrow('simple_spread.reset: seed must be a safe integer, got 1.5');
    expect(() => simpleSpread().reset({ options: { x: 1 } as never })).toThrow(/unknown options field "x"/);
  });
});
