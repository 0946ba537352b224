// Tabular Q-learning: three updates by hand (with the geometric α decay of eq. 36), the
// cost-minimisation target, ε-greedy/greedy action choice, state round trip, and convergence to the
// value-iteration solution of a 3-state chain.

import { describe, expect, it } from 'vitest';
import { fromSeed } from '../../lib/random/index.js';
import { QLearning } from '../../lib/rl/index.js';
import type { Rng } from '../../lib/random/index.js';

describe('QLearning.update by hand', () => {
  it('three updates with α_k = α_{k−1}·(α_end/α_ini)^{1/K}, α_ini = 0.5, α_end = 0.125, K = 2', () => {
    const ql = new QLearning({ nStates: 2, nActions: 2, gamma: 0.9, alphaDecay: 'geometric', alphaInitial: 0.5, alphaFinal: 0.125, alphaDecaySteps: 2 });
    // (α_end/α_ini)^{1/K} = (0.125/0.5)^{1/2} = 0.25^{0.5} = 0.5 ⇒ α_0 = 0.5, α_1 = 0.25, α_2 = 0.125, then held
    expect(ql.alpha).toBe(0.5);

    // 1) s=0, a=1, r=1, s′=1: y = 1 + 0.9·max(Q(1,·)) = 1 + 0.9·0 = 1; δ = 1 − 0 = 1
    //    Q(0,1) = 0 + 0.5·1 = 0.5
    let st = ql.update(0, 1, 1, 1, false);
    expect(st).toEqual({ tdError: 1, alpha: 0.5, target: 1, q: 0.5 });

    // 2) s=1, a=0, r=2, s′=0: y = 2 + 0.9·max(Q(0,0)=0, Q(0,1)=0.5) = 2 + 0.45 = 2.45; δ = 2.45
    //    Q(1,0) = 0 + 0.25·2.45 = 0.6125
    st = ql.update(1, 0, 2, 0, false);
    expect(st.alpha).toBe(0.25);
    expect(st.target).toBeCloseTo(2.45, 15);
    expect(st.tdError).toBeCloseTo(2.45, 15);
    expect(ql.q[2]).toBeCloseTo(0.6125, 15);

    // 3) s=0, a=1, r=0, terminated: y = 0 (no bootstrap); δ = 0 − 0.5 = −0.5
    //    Q(0,1) = 0.5 + 0.125·(−0.5) = 0.4375
    st = ql.update(0, 1, 0, 1, true);
    expect(st).toEqual({ tdError: -0.5, alpha: 0.125, target: 0, q: 0.4375 });

    // α stays at α_end after K updates
    expect(ql.alpha).toBe(0.125);
    expect([ql.q[0], ql.q[1], ql.q[3]]).toEqual([0, 0.4375, 0]); // Q(1,0) checked above
  });

  it('minimize-cost bootstraps with min and acts with argmin', () => {
    const ql = new QLearning({ nStates: 2, nActions: 2, gamma: 0.9, alphaInitial: 0.5, objective: 'minimize-cost', tieBreak: 'lowest' });
    ql.update(0, 1, 1, 1, false); // y = 1 + 0.9·min(0, 0) = 1 ⇒ Q(0,1) = 0.5
    // s=1, a=0, c=2, s′=0: y = 2 + 0.9·min(Q(0,0)=0, Q(0,1)=0.5) = 2 + 0 = 2 ⇒ Q(1,0) = 0.5·2 = 1
    // (with max it would be 2 + 0.45 = 2.45)
    const st = ql.update(1, 0, 2, 0, false);
    expect(st.target).toBe(2);
    expect(ql.q[2]).toBe(1);
    // greedy picks the cheaper action: Q(0,·) = [0, 0.5] ⇒ 0; Q(1,·) = [1, 0] ⇒ 1
    const rng = fromSeed(1);
    expect(ql.act(0, rng, 'greedy')).toBe(0);
    expect(ql.act(1, rng, 'greedy')).toBe(1);
  });

  it('constant α stays at α_ini', () => {
    const ql = new QLearning({ nStates: 1, nActions: 1, alphaInitial: 0.3, gamma: 0 });
    for (let k = 0; k < 5; k++) expect(ql.update(0, 0, 1, 0, false).alpha).toBe(0.3);
    // Q after 5 updates toward y = 1: 1 − 0.7^5 = 0.83193
    expect(ql.q[0]).toBeCloseTo(1 - Math.pow(0.7, 5), 15);
  });
});

describe('QLearning α schedule of eq. 36 (paper 4)', () => {
  it('the closed form α_ini·(α_end/α_ini)^{k/K} matches the recursion α_k = α_{k−1}·r to 1e−12 relative (paper values, K = 10 000)', () => {
    const K = 10_000;
    const ql = new QLearning({ nStates: 1, nActions: 1, gamma: 0, alphaDecay: 'geometric', alphaInitial: 0.9, alphaFinal: 0.001, alphaDecaySteps: K });
    const r = Math.pow(0.001 / 0.9, 1 / K); // ≈ 0.999319…
    let recursion = 0.9; // α_0 = α_ini
    let worst = 0;
    for (let k = 0; k < K; k++) {
      const used = ql.update(0, 0, 1, 0, false).alpha;
      worst = Math.max(worst, Math.abs(used - recursion) / recursion);
      recursion *= r; // α_{k+1} = α_k·r
    }
    expect(worst).toBeLessThan(1e-12);
    // after K steps both reach α_end (the closed form pins it exactly)
    expect(Math.abs(recursion - 0.001) / 0.001).toBeLessThan(1e-12);
    expect(ql.alpha).toBe(0.001);
  });

  it('an explicit α replaces the schedule for one update and the counter still advances', () => {
    const ql = new QLearning({ nStates: 1, nActions: 2, gamma: 0.5, alphaDecay: 'geometric', alphaInitial: 0.5, alphaFinal: 0.125, alphaDecaySteps: 2 });
    // Q(0,0) = 0 + 0.3·(2 + 0.5·0 − 0) = 0.6
    expect(ql.update(0, 0, 2, 0, false, 0.3)).toEqual({ tdError: 2, alpha: 0.3, target: 2, q: 0.6 });
    expect(ql.updateCount).toBe(1);
    expect(ql.alpha).toBe(0.25); // the schedule moved on to α_1
    // without α: α_1 = 0.25; y = 1 + 0.5·max(0.6, 0) = 1.3; Q(0,1) = 0.25·1.3 = 0.325
    const st = ql.update(0, 1, 1, 0, false);
    expect(st.alpha).toBe(0.25);
    expect(st.q).toBeCloseTo(0.325, 15);
    expect(() => ql.update(0, 0, 0, 0, false, 0)).toThrow('QLearning.update: alpha must be a number in (0, 1], or omitted, got 0');
    expect(() => ql.update(0, 0, 0, 0, false, 1.5)).toThrow('alpha must be a number in (0, 1], or omitted, got 1.5');
  });
});

describe('QLearning.act', () => {
  it('explore follows the ε schedule over explore calls (linear 1 → 0 over 2 calls)', () => {
    const ql = new QLearning({ nStates: 1, nActions: 3, epsilonDecay: 'linear', epsilonInitial: 1, epsilonFinal: 0, epsilonDecaySteps: 2, tieBreak: 'lowest' });
    ql.q.set([0, 5, 1]);
    const rng = fromSeed(2);
    expect(ql.epsilon).toBe(1);
    ql.act(0, rng, 'explore');
    expect(ql.epsilon).toBe(0.5);
    ql.act(0, rng, 'explore');
    expect(ql.epsilon).toBe(0);
    for (let k = 0; k < 20; k++) expect(ql.act(0, rng, 'explore')).toBe(1); // ε = 0 ⇒ greedy = argmax
    expect(ql.act(0, rng, 'greedy')).toBe(1);
  });

  it('breaks greedy ties with the rng or the lowest index', () => {
    const random = new QLearning({ nStates: 1, nActions: 3 }); // all zero: a three-way tie
    const rng = fromSeed(3);
    const seen = new Set<number>();
    for (let k = 0; k < 100; k++) seen.add(random.act(0, rng, 'greedy'));
    expect([...seen].sort()).toEqual([0, 1, 2]);
    const lowest = new QLearning({ nStates: 1, nActions: 3, tieBreak: 'lowest' });
    for (let k = 0; k < 10; k++) expect(lowest.act(0, rng, 'greedy')).toBe(0);
  });

  it('validates arguments and config, naming the field', () => {
    const ql = new QLearning({ nStates: 2, nActions: 2 });
    expect(() => ql.update(2, 0, 0, 0, false)).toThrow('QLearning.update: s must be an integer in [0, 1], got 2');
    expect(() => ql.update(0, 0, NaN, 0, false)).toThrow('QLearning.update: r must be a finite number, got NaN');
    expect(() => new QLearning({ nStates: 2, nActions: 2, gamma: 1.1 })).toThrow('QLearning: gamma must be a finite number in [0, 1], got 1.1');
    expect(() => new QLearning({ nStates: 2, nActions: 2, alphaInitial: 0 })).toThrow('QLearning: alphaInitial must be a number in (0, 1], got 0');
    expect(() => new QLearning({ nStates: 2, nActions: 2, gama: 0.9 } as never)).toThrow('unknown config field "gama"');
  });
});

describe('QLearning state', () => {
  it('round trips through JSON: same Q, α and ε continuation', () => {
    const a = new QLearning({ nStates: 3, nActions: 2, alphaDecay: 'geometric', alphaInitial: 0.5, alphaFinal: 0.01, alphaDecaySteps: 100, epsilonDecaySteps: 50 });
    const rng = fromSeed(4);
    for (let k = 0; k < 30; k++) a.update(k % 3, a.act(k % 3, rng, 'explore'), k % 2, (k + 1) % 3, k % 7 === 6);
    const b = new QLearning({ nStates: 3, nActions: 2, alphaDecay: 'geometric', alphaInitial: 0.5, alphaFinal: 0.01, alphaDecaySteps: 100, epsilonDecaySteps: 50 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(Array.from(b.q)).toEqual(Array.from(a.q));
    expect(b.alpha).toBe(a.alpha);
    expect(b.epsilon).toBe(a.epsilon);
    expect(b.update(0, 1, 1, 1, false)).toEqual(a.update(0, 1, 1, 1, false));
    expect(() => b.setState({ ...a.getState(), nActions: 3 })).toThrow('nActions must be an integer in [2, 2], got 3');
  });
});

describe('QLearning convergence on a 3-state chain', () => {
  // States 0, 1 and terminal 2; actions 0 = left, 1 = right.
  //   0 --left--> 0 (r = 0.1)    0 --right--> 1 (r = 0)
  //   1 --left--> 0 (r = 0)      1 --right--> 2 terminal (r = 1)
  // With γ = 0.9 staying in 0 is worth 0.1/(1 − 0.9) = 1, more than walking right (0.9·1 = 0.9):
  //   Q*(0,L) = 1, Q*(0,R) = 0.9, Q*(1,L) = 0.9, Q*(1,R) = 1.
  const gamma = 0.9;
  const next = (s: number, a: number): [number, number, boolean] => {
    if (s === 0) return a === 0 ? [0, 0.1, false] : [1, 0, false];
    return a === 0 ? [0, 0, false] : [2, 1, true];
  };

  /** Q* by value iteration (independent of QLearning). */
  function valueIteration(sign: 1 | -1): number[] {
    const q = [0, 0, 0, 0, 0, 0];
    for (let it = 0; it < 2000; it++) {
      for (let s = 0; s < 2; s++) {
        for (let a = 0; a < 2; a++) {
          const [s2, r, done] = next(s, a);
          const best = sign > 0 ? Math.max(q[2 * s2] as number, q[2 * s2 + 1] as number) : Math.min(q[2 * s2] as number, q[2 * s2 + 1] as number);
          q[2 * s + a] = sign * r + (done ? 0 : gamma * best);
        }
      }
    }
    return q;
  }

  function learn(objective: 'maximize-reward' | 'minimize-cost', rng: Rng): QLearning {
    const ql = new QLearning({
      nStates: 3, nActions: 2, gamma, objective,
      alphaDecay: 'geometric', alphaInitial: 0.5, alphaFinal: 0.05, alphaDecaySteps: 20_000,
      epsilonDecay: 'constant', epsilonInitial: 1, // behave uniformly at random: Q-learning is off-policy
    });
    const sign = objective === 'maximize-reward' ? 1 : -1;
    let s = 0;
    let t = 0;
    for (let k = 0; k < 20_000; k++) {
      const a = ql.act(s, rng, 'explore');
      const [s2, r, terminated] = next(s, a);
      ql.update(s, a, sign * r, s2, terminated);
      t += 1;
      const truncated = t >= 20; // time limit: bootstrapped above, only the episode restarts
      if (terminated || truncated) {
        s = 0;
        t = 0;
      } else {
        s = s2;
      }
    }
    return ql;
  }

  it('value iteration gives the analytic Q*', () => {
    const q = valueIteration(1);
    expect(q[0]).toBeCloseTo(1, 12);
    expect(q[1]).toBeCloseTo(0.9, 12);
    expect(q[2]).toBeCloseTo(0.9, 12);
    expect(q[3]).toBeCloseTo(1, 12);
  });

  it('learns Q* within 1e-3 and the optimal greedy policy', () => {
    const ql = learn('maximize-reward', fromSeed(5));
    const qStar = valueIteration(1);
    for (let i = 0; i < 4; i++) expect(Math.abs((ql.q[i] as number) - (qStar[i] as number))).toBeLessThan(1e-3);
    const rng = fromSeed(6);
    expect(ql.act(0, rng, 'greedy')).toBe(0); // stay and collect 0.1
    expect(ql.act(1, rng, 'greedy')).toBe(1); // go to the goal
  });

  it('with costs c = −r it learns exactly −Q (min replaces max), and the same policy', () => {
    const reward = learn('maximize-reward', fromSeed(7));
    const cost = learn('minimize-cost', fromSeed(7));
    // ε = 1: both follow the same random actions, and negation is exact in floating point
    expect(Array.from(cost.q)).toEqual(Array.from(reward.q, (v) => (v === 0 ? 0 : -v)));
    const qStar = valueIteration(-1);
    for (let i = 0; i < 4; i++) expect(Math.abs((cost.q[i] as number) - (qStar[i] as number))).toBeLessThan(1e-3);
    const rng = fromSeed(8);
    expect(cost.act(0, rng, 'greedy')).toBe(0);
    expect(cost.act(1, rng, 'greedy')).toBe(1);
  });
});
