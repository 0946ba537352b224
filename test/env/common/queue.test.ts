// FCFS queues: 02's edge backlog (eq. 8 'paper' model, 'event' model, drain) and 05's device
// task buffer, by hand.
import { describe, expect, it } from 'vitest';
import {
  fcfsOrder,
  edgeQueueTimesPaper,
  edgeQueueTimesEvent,
  loadFactor,
  drainBacklog,
  eventBacklogAfterStep,
  waitingTimeToStart,
  createTaskBuffer,
} from '../../../lib/env/common/index.js';
import { expectAllRel, expectRel } from './helpers.js';

// One server, f = 10 GHz, backlog Q = 2e9 cycles (0.2 s of work) at the step start.
// Three tasks: C = [1e9, 5e8, 2e9] cycles arriving at [0.3, 0.1, 0.3] s.
// Order by arrival, ties → lower index: task 1 (0.1 s), task 0 (0.3 s), task 2 (0.3 s).
const f = 1e10;
const Q = 2e9;
const C = [1e9, 5e8, 2e9];
const arr = [0.3, 0.1, 0.3];

describe('edge server of paper 02', () => {
  it('FCFS order: by arrival time, ties by lower index', () => {
    expect(fcfsOrder(arr)).toEqual([1, 0, 2]);
    expect(fcfsOrder([0, 0, 0])).toEqual([0, 1, 2]);
    expect(fcfsOrder([])).toEqual([]);
  });

  it("eq. (8) 'paper': wait = (Q + Σ ahead C)/f, response = wait + C/f", () => {
    // task 1: wait 2e9/1e10 = 0.2,              compute 0.05, response 0.25
    // task 0: wait (2e9 + 5e8)/1e10 = 0.25,     compute 0.1,  response 0.35
    // task 2: wait (2.5e9 + 1e9)/1e10 = 0.35,   compute 0.2,  response 0.55
    const t = edgeQueueTimesPaper(Q, C, arr, f);
    expect(t.order).toEqual([1, 0, 2]);
    expectAllRel(t.waitS, [0.25, 0.2, 0.35], 1e-12);
    expectAllRel(t.computeS, [0.1, 0.05, 0.2], 1e-12);
    expectAllRel(t.responseS, [0.35, 0.25, 0.55], 1e-12);
  });

  it("'event': finish_0 = Q/f, start = max(finish_prev, arr), response = finish − arr", () => {
    // finish_0 = 0.2
    // task 1 (arr 0.1): start max(0.2, 0.1) = 0.2, finish 0.25 ⇒ wait 0.1, response 0.15
    // task 0 (arr 0.3): start max(0.25, 0.3) = 0.3, finish 0.4 ⇒ wait 0,   response 0.1
    // task 2 (arr 0.3): start 0.4,                  finish 0.6 ⇒ wait 0.1, response 0.3
    const t = edgeQueueTimesEvent(Q, C, arr, f);
    expectAllRel(t.waitS, [0, 0.1, 0.1], 1e-12);
    expectAllRel(t.responseS, [0.1, 0.15, 0.3], 1e-12);
    expectRel(t.lastFinishS, 0.6, 1e-12);
    // next backlog: f·max(0, 0.6 − 0.2) = 4e9 cycles
    expectRel(eventBacklogAfterStep(t.lastFinishS, f, 0.2), 4e9, 1e-12);
  });

  it('load factor and drain f·Δt', () => {
    // χ = Q/f = 0.2 s; LD⁺ = (2e9 + 3.5e9)/1e10 = 0.55 s
    expect(loadFactor(Q, f)).toBe(0.2);
    expectRel(loadFactor(Q + 3.5e9, f), 0.55, 1e-12);
    // Q(t+1) = max(0, 2e9 + 3.5e9 − 1e10·0.2) = 3.5e9; with no arrivals and Δt = 0.5 s: max(0, 2e9 − 5e9) = 0
    expect(drainBacklog(Q, 3.5e9, f, 0.2)).toBe(3.5e9);
    expect(drainBacklog(Q, 0, f, 0.5)).toBe(0);
  });

  it('with no tasks, the event backlog equals the drained backlog', () => {
    for (const q of [0, 1e9, 3e9, 7.5e9]) {
      const t = edgeQueueTimesEvent(q, [], [], f);
      expectRel(eventBacklogAfterStep(t.lastFinishS, f, 0.2), drainBacklog(q, 0, f, 0.2), 1e-9);
    }
  });
});

describe('device task buffer of paper 05', () => {
  interface Task {
    readonly generatedAtS: number;
    readonly id: string;
  }

  it('T^w = start − generated (05 eq. 14)', () => {
    expect(waitingTimeToStart(1, 1.25)).toBe(0.25);
    expect(waitingTimeToStart(2, 2)).toBe(0);
  });

  it('FCFS: head first; waiting time of the head; strict expiry T^w > T_d', () => {
    // Tasks generated at slot starts 0, 1, 2 s (slot 1 s, sub-slot 0.25 s), deadline T_d = 1.5 s.
    const buf = createTaskBuffer<Task>();
    buf.push({ generatedAtS: 0, id: 'a' });
    buf.push({ generatedAtS: 1, id: 'b' });
    buf.push({ generatedAtS: 2, id: 'c' });
    expect(buf.length).toBe(3);
    expect(buf.peek()?.id).toBe('a');
    expect(buf.headWaitingTime(1.5)).toBe(1.5);
    // at 1.5 s task a has waited exactly T_d: not expired (strict)
    expect(buf.dropExpired(1.5, 1.5)).toEqual([]);
    // at 1.75 s: a waited 1.75 > 1.5 ⇒ fails; b waited 0.75 ⇒ stays
    expect(buf.dropExpired(1.75, 1.5).map((t) => t.id)).toEqual(['a']);
    expect(buf.headWaitingTime(1.75)).toBe(0.75);
    // b starts at 1.75 s
    expect(buf.shift()?.id).toBe('b');
    // at 3.75 s: c waited 1.75 ⇒ fails, buffer empties
    expect(buf.dropExpired(3.75, 1.5).map((t) => t.id)).toEqual(['c']);
    expect(buf.length).toBe(0);
    expect(buf.peek()).toBeUndefined();
    expect(buf.shift()).toBeUndefined();
    expect(buf.headWaitingTime(4)).toBeUndefined();
  });

  it('round-trips through toArray (checkpoints) and rejects out-of-order pushes', () => {
    const buf = createTaskBuffer<Task>([{ generatedAtS: 0, id: 'a' }, { generatedAtS: 0, id: 'b' }]);
    const copy = createTaskBuffer(buf.toArray());
    expect(copy.toArray()).toEqual(buf.toArray());
    copy.shift();
    expect(buf.length).toBe(2); // independent
    expect(() => buf.push({ generatedAtS: -1, id: 'x' })).toThrow(
      /^TaskBuffer\.push: task\.generatedAtS must be a finite number >= 0, got -1$/,
    );
    buf.push({ generatedAtS: 3, id: 'c' });
    expect(() => buf.push({ generatedAtS: 2, id: 'd' })).toThrow(
      /^TaskBuffer\.push: task\.generatedAtS must be >= the last task's generatedAtS \(3\) \(FCFS order\), got 2$/,
    );
  });
});

describe('argument errors', () => {
  it.each([
    [() => fcfsOrder([0, -1]), /^fcfsOrder: arrivalTimesS\[1\] must be a finite number >= 0, got -1$/],
    [() => edgeQueueTimesPaper(-1, [], [], f), /^edgeQueueTimesPaper: backlogCycles must be a finite number >= 0, got -1$/],
    [() => edgeQueueTimesPaper(0, [1, 2], [0], f), /^edgeQueueTimesPaper: arrivalTimesS.length must be 2, got 1$/],
    [() => edgeQueueTimesEvent(0, [1], [0], 0), /^edgeQueueTimesEvent: frequency must be a finite number > 0, got 0$/],
    [() => edgeQueueTimesEvent(0, [NaN], [0], f), /^edgeQueueTimesEvent: taskCycles\[0\] must be a finite number >= 0, got NaN$/],
    [() => drainBacklog(0, 0, f, -0.2), /^drainBacklog: stepS must be a finite number >= 0, got -0.2$/],
    [() => waitingTimeToStart(2, 1), /^waitingTimeToStart: startS must be >= generatedAtS \(2\), got 1$/],
    [() => createTaskBuffer().dropExpired(1, -1), /^TaskBuffer\.dropExpired: maxWaitS must be a finite number >= 0, got -1$/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
