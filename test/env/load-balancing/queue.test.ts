// The queue of one server checked against independent references on random inputs (fast-check):
//   - `paper`: wait_n = (Q + Σ C_i over tasks i ordered before n by (arrival, index))/f, computed by brute force;
//   - `event` drain (resolution 2) by work conservation: Q(t+1) = Q + Σ C − f·busy([0, Δt]), with the
//     busy time the union of the service intervals within [0, Δt] — a different formula from the
//     per-job remaining work of model.ts;
//   - the expected finding of resolution 5: the paper model's delay is never below the event model's;
//   - `paper` drain: max(0, Q + Σ C − f·Δt).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateStep, type StepParams } from '../../../lib/env/load-balancing/index.js';

const P: StepParams = {
  bandwidthHz: 2e7, txPowerW: 0.5, noisePsdWPerHz: 4e-21, forwardRateBps: 1e9, stepDurationS: 0.2, omega1: 1, omega2: 1,
  bandwidthSplit: 'offloading', queueModel: 'paper', rewardDelayCapS: null,
};

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const scenario = fc.record({
  users: fc.integer({ min: 1, max: 7 }),
  servers: fc.integer({ min: 1, max: 3 }),
  seedActions: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 7, maxLength: 7 }),
  bits: fc.array(fc.double({ min: 1e5, max: 5e6, noNaN: true }), { minLength: 7, maxLength: 7 }),
  cycles: fc.array(fc.double({ min: 1e8, max: 3e9, noNaN: true }), { minLength: 7, maxLength: 7 }),
  // gains from a small set, so equal arrival times (ties) are frequent
  gainIdx: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 7, maxLength: 7 }),
  backlog: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2e10, noNaN: true })), { minLength: 3, maxLength: 3 }),
  step: fc.double({ min: 0.01, max: 3, noNaN: true }),
});

describe('one server queue against references', () => {
  it('paper wait by brute force, event drain by work conservation, event delay <= paper delay', () => {
    fc.assert(fc.property(scenario, (s) => {
      const N = s.users, M = s.servers;
      const actions = s.seedActions.slice(0, N).map((a) => a % (M + 1));
      const gains = [1e-12, 3e-13, 1e-12].map((g, i) => g * (i + 1));
      const input = {
        actions, taskBits: s.bits.slice(0, N), taskCycles: s.cycles.slice(0, N), gain: s.gainIdx.slice(0, N).map((k) => gains[k]!),
        localCpuHz: new Array<number>(N).fill(4e8), serverCpuHz: [1.2e10, 1.6e10, 2e10].slice(0, M), backlogCycles: s.backlog.slice(0, M),
      };
      const paper = evaluateStep(input, { ...P, stepDurationS: s.step });
      const event = evaluateStep(input, { ...P, stepDurationS: s.step, queueModel: 'event' });
      for (let m = 1; m <= M; m++) {
        const f = input.serverCpuHz[m - 1]!, q = input.backlogCycles[m - 1]!;
        const users = actions.map((a, n) => (a === m ? n : -1)).filter((n) => n >= 0);
        const before = (i: number, n: number): boolean => paper.arrivalS[i]! < paper.arrivalS[n]! || (paper.arrivalS[i] === paper.arrivalS[n] && i < n);
        let total = q;
        for (const n of users) {
          total += input.taskCycles[n]!;
          const ahead = users.filter((i) => before(i, n)).reduce((acc, i) => acc + input.taskCycles[i]!, q);
          expect(close(paper.waitS[n]!, ahead / f)).toBe(true);
          expect(event.delayS[n]!).toBeLessThanOrEqual(paper.delayS[n]! * (1 + 1e-12));
        }
        expect(close(paper.nextBacklog[m - 1]!, Math.max(0, total - f * s.step))).toBe(true);
        // event: service intervals in FCFS order from the reported waits, busy time within [0, Δt]
        const intervals: [number, number][] = [[0, q / f]];
        for (const n of users) {
          const start = event.arrivalS[n]! + event.waitS[n]!;
          intervals.push([start, start + event.computeS[n]!]);
        }
        let busy = 0;
        for (const [a, b] of intervals) busy += Math.max(0, Math.min(b, s.step) - Math.min(a, s.step));
        const expected = total - f * busy;
        expect(Math.abs(event.nextBacklog[m - 1]! - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, total));
        // no overlap and FCFS: each start >= the previous finish and >= its arrival
        const order = [...users].sort((i, n) => (before(i, n) ? -1 : 1));
        let free = q / f;
        for (const n of order) {
          const start = event.arrivalS[n]! + event.waitS[n]!;
          expect(start).toBeGreaterThanOrEqual(Math.max(free, event.arrivalS[n]!) - 1e-12);
          free = start + event.computeS[n]!;
        }
        expect(close(paper.loadAfter[m - 1]!, total / f)).toBe(true);
        expect(close(event.loadAfter[m - 1]!, total / f)).toBe(true);
      }
    }), { numRuns: 500, seed: 2 });
  });
});
