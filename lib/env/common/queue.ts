// FCFS queues (spec 00 §2 "FCFS queues").
//
// Edge server of paper 02 (spec 02 §3 "Step dynamics", A4): a backlog Q [cycles] of work not yet
// done at the start of a step; the step's tasks join it in arrival order (ties: lower task index);
// waiting per eq. (8) `t^wait_n = (Q + Σ_{i before n} C_i)/f` (`queueModel: 'paper'`) or by exact
// event FCFS (`queueModel: 'event'`); the backlog then drains by `f·Δt`.
//
// Per-device task buffer of paper 05 (spec 05 §2.2): tasks wait FCFS in the ED's buffer; `T^w`
// (eq. 14) is the time from generation to the start of execution; a waiting task whose waiting
// time exceeds the deadline fails.

import { arrayLike, fail, nonNegative, positive } from './validate.js';

/** Per-task times at one FCFS server, indexed like the input tasks. */
export interface FcfsTimes {
  /** Service order: task indices, first served first. */
  readonly order: readonly number[];
  /** Waiting time before service starts, s. */
  readonly waitS: Float64Array;
  /** Service (computation) time `C/f`, s. */
  readonly computeS: Float64Array;
  /** Response time `wait + compute`, s (02 eq. 8 `t^resp`). */
  readonly responseS: Float64Array;
}

/** {@link FcfsTimes} of the event model, plus when the server becomes free. */
export interface FcfsEventTimes extends FcfsTimes {
  /** Finish time of the last task (or `Q/f` with no tasks), s from the step start. */
  readonly lastFinishS: number;
}

/**
 * FCFS service order: task indices sorted by arrival time, ties broken by the lower index
 * (02 §3 step 2).
 *
 * @param arrivalTimesS - per task, arrival time at the server in s from the step start (finite, >= 0).
 */
export function fcfsOrder(arrivalTimesS: ArrayLike<number>): number[] {
  arrayLike('fcfsOrder', 'arrivalTimesS', arrivalTimesS);
  const order: number[] = [];
  for (let i = 0; i < arrivalTimesS.length; i++) {
    nonNegative('fcfsOrder', `arrivalTimesS[${i}]`, arrivalTimesS[i] as number);
    order.push(i);
  }
  return order.sort((a, b) => (arrivalTimesS[a] as number) - (arrivalTimesS[b] as number) || a - b);
}

function checkTasks(fn: string, backlogCycles: number, taskCycles: ArrayLike<number>, arrivalTimesS: ArrayLike<number>, frequency: number): void {
  nonNegative(fn, 'backlogCycles', backlogCycles);
  arrayLike(fn, 'taskCycles', taskCycles);
  arrayLike(fn, 'arrivalTimesS', arrivalTimesS, taskCycles.length);
  for (let i = 0; i < taskCycles.length; i++) nonNegative(fn, `taskCycles[${i}]`, taskCycles[i] as number);
  positive(fn, 'frequency', frequency);
}

/**
 * Waiting and response times at one edge server, 02 eq. (8) as written (`queueModel: 'paper'`):
 * tasks are served in {@link fcfsOrder}; `wait_n = (Q + Σ_{i before n} C_i)/f`,
 * `compute_n = C_n/f`, `response_n = wait_n + compute_n`. Arrival times only set the order (the
 * step's arrivals are treated as simultaneous). Example: Q = 2e9, f = 1e10, C = [1e9, 5e8, 2e9],
 * arrivals [0.3, 0.1, 0.3] ⇒ order [1, 0, 2], waits [0.25, 0.2, 0.35] s.
 *
 * @param backlogCycles - Q, work already queued at the step start, cycles (>= 0).
 * @param taskCycles - per task sent to this server, C_n in cycles (>= 0).
 * @param arrivalTimesS - per task, arrival time in s from the step start (`t^up (+ t^tran)`, >= 0).
 * @param frequency - server CPU f_m in cycle/s (> 0).
 */
export function edgeQueueTimesPaper(
  backlogCycles: number,
  taskCycles: ArrayLike<number>,
  arrivalTimesS: ArrayLike<number>,
  frequency: number,
): FcfsTimes {
  checkTasks('edgeQueueTimesPaper', backlogCycles, taskCycles, arrivalTimesS, frequency);
  const order = fcfsOrder(arrivalTimesS);
  const n = taskCycles.length;
  const waitS = new Float64Array(n);
  const computeS = new Float64Array(n);
  const responseS = new Float64Array(n);
  let ahead = backlogCycles;
  for (const i of order) {
    const c = taskCycles[i] as number;
    waitS[i] = ahead / frequency;
    computeS[i] = c / frequency;
    responseS[i] = (waitS[i] as number) + (computeS[i] as number);
    ahead += c;
  }
  return { order, waitS, computeS, responseS };
}

/**
 * Waiting and response times at one edge server by exact event FCFS (02 `queueModel: 'event'`):
 * `finish_0 = Q/f`, `start_k = max(finish_{k−1}, arr_k)`, `finish_k = start_k + C_k/f`,
 * `wait_k = start_k − arr_k`, `response_k = finish_k − arr_k` (k in {@link fcfsOrder}).
 *
 * @param backlogCycles - Q at the step start, cycles (>= 0).
 * @param taskCycles - per task, C in cycles (>= 0).
 * @param arrivalTimesS - per task, arrival time in s from the step start (>= 0).
 * @param frequency - server CPU in cycle/s (> 0).
 */
export function edgeQueueTimesEvent(
  backlogCycles: number,
  taskCycles: ArrayLike<number>,
  arrivalTimesS: ArrayLike<number>,
  frequency: number,
): FcfsEventTimes {
  checkTasks('edgeQueueTimesEvent', backlogCycles, taskCycles, arrivalTimesS, frequency);
  const order = fcfsOrder(arrivalTimesS);
  const n = taskCycles.length;
  const waitS = new Float64Array(n);
  const computeS = new Float64Array(n);
  const responseS = new Float64Array(n);
  let finish = backlogCycles / frequency;
  for (const i of order) {
    const arr = arrivalTimesS[i] as number;
    const start = finish > arr ? finish : arr;
    computeS[i] = (taskCycles[i] as number) / frequency;
    finish = start + (computeS[i] as number);
    waitS[i] = start - arr;
    responseS[i] = finish - arr;
  }
  return { order, waitS, computeS, responseS, lastFinishS: finish };
}

/**
 * Load factor `LD = queued cycles / f` in s (02 eqs. 13/15; observation χ of eq. 21 with the
 * start-of-step backlog; post-decision `LD^+` with backlog + this step's arrivals, [R] A6).
 *
 * @param queuedCycles - work queued at the server, cycles (>= 0).
 * @param frequency - server CPU in cycle/s (> 0).
 */
export function loadFactor(queuedCycles: number, frequency: number): number {
  nonNegative('loadFactor', 'queuedCycles', queuedCycles);
  positive('loadFactor', 'frequency', frequency);
  return queuedCycles / frequency;
}

/**
 * Backlog drain over one step (02 §3 step 5): `Q(t+1) = max(0, Q(t) + Σ_{n→m} C_n − f·Δt)`.
 * Example: Q = 2e9, arrivals 3.5e9, f = 1e10, Δt = 0.2 s ⇒ 5.5e9 − 2e9 = 3.5e9 cycles.
 *
 * @param backlogCycles - Q(t), cycles (>= 0).
 * @param arrivedCycles - total cycles of this step's tasks at the server (>= 0).
 * @param frequency - server CPU in cycle/s (> 0).
 * @param stepS - step length Δt in s (>= 0; 02 [R] 0.2 s).
 * @returns Q(t+1), cycles.
 */
export function drainBacklog(backlogCycles: number, arrivedCycles: number, frequency: number, stepS: number): number {
  nonNegative('drainBacklog', 'backlogCycles', backlogCycles);
  nonNegative('drainBacklog', 'arrivedCycles', arrivedCycles);
  positive('drainBacklog', 'frequency', frequency);
  nonNegative('drainBacklog', 'stepS', stepS);
  const q = backlogCycles + arrivedCycles - frequency * stepS;
  return q > 0 ? q : 0;
}

/**
 * Next backlog under the event model (spec 02 reviewer note): `Q(t+1) = f·max(0, lastFinish − Δt)`,
 * so that the next step's `finish_0 = Q(t+1)/f` is the time (from the next step's start) at which
 * the server becomes free; every task of this step is counted as arrived, and idle gaps before late
 * arrivals count as busy. With no tasks it equals {@link drainBacklog}.
 *
 * @param lastFinishS - {@link FcfsEventTimes.lastFinishS}, s (>= 0).
 * @param frequency - server CPU in cycle/s (> 0).
 * @param stepS - step length Δt in s (>= 0).
 */
export function eventBacklogAfterStep(lastFinishS: number, frequency: number, stepS: number): number {
  nonNegative('eventBacklogAfterStep', 'lastFinishS', lastFinishS);
  positive('eventBacklogAfterStep', 'frequency', frequency);
  nonNegative('eventBacklogAfterStep', 'stepS', stepS);
  return lastFinishS > stepS ? frequency * (lastFinishS - stepS) : 0;
}

/**
 * Waiting time to start `T^w = start − generated` in s (05 eq. 14: from task generation to the
 * start of its execution — the local run or the upload).
 *
 * @param generatedAtS - generation time in s (finite, >= 0).
 * @param startS - start time in s, >= `generatedAtS`.
 */
export function waitingTimeToStart(generatedAtS: number, startS: number): number {
  nonNegative('waitingTimeToStart', 'generatedAtS', generatedAtS);
  nonNegative('waitingTimeToStart', 'startS', startS);
  if (startS < generatedAtS) fail('waitingTimeToStart', 'startS', `>= generatedAtS (${generatedAtS})`, startS);
  return startS - generatedAtS;
}

/** A task held in a device buffer; only its generation time matters to the buffer. */
export interface BufferedTask {
  /** Generation time, s (finite, >= 0). */
  readonly generatedAtS: number;
}

/**
 * A per-device FCFS task buffer (05 §2.2). Tasks leave from the head, in push order; generation
 * times must be non-decreasing. The running task is not in the buffer: `shift()` the head when it
 * starts.
 */
export interface TaskBuffer<T extends BufferedTask> {
  /** Number of waiting tasks. */
  readonly length: number;
  /** Append a task; its `generatedAtS` must be >= the last one's. */
  push(task: T): void;
  /** The head task (next to start), or undefined if empty. */
  peek(): T | undefined;
  /** Remove and return the head task (when it starts), or undefined if empty. */
  shift(): T | undefined;
  /** `T^w` the head task would have if it started at `nowS` (05 eq. 14); undefined if empty. */
  headWaitingTime(nowS: number): number | undefined;
  /**
   * Remove and return, in order, every task whose waiting time `nowS − generatedAtS` exceeds
   * `maxWaitS` (strictly; 05 §2.2 step 2 with `maxWaitS = T_d`) — a prefix of the buffer.
   */
  dropExpired(nowS: number, maxWaitS: number): T[];
  /** Copy of the waiting tasks, head first (for checkpoints). */
  toArray(): T[];
}

/**
 * Create a {@link TaskBuffer}, optionally pre-filled (head first), e.g. from `toArray()`.
 *
 * @param initial - tasks in FCFS order with non-decreasing `generatedAtS`.
 */
export function createTaskBuffer<T extends BufferedTask>(initial: readonly T[] = []): TaskBuffer<T> {
  const tasks: T[] = [];
  const push = (task: T): void => {
    if (typeof task !== 'object' || task === null) fail('TaskBuffer.push', 'task', 'an object with generatedAtS', task, true);
    const g = nonNegative('TaskBuffer.push', 'task.generatedAtS', task.generatedAtS);
    const last = tasks[tasks.length - 1];
    if (last !== undefined && g < last.generatedAtS) {
      fail('TaskBuffer.push', 'task.generatedAtS', `>= the last task's generatedAtS (${last.generatedAtS}) (FCFS order)`, g);
    }
    tasks.push(task);
  };
  arrayLike('createTaskBuffer', 'initial', initial);
  for (const t of initial) push(t);
  return {
    get length() {
      return tasks.length;
    },
    push,
    peek: () => tasks[0],
    shift: () => tasks.shift(),
    headWaitingTime(nowS: number): number | undefined {
      const head = tasks[0];
      return head === undefined ? undefined : waitingTimeToStart(head.generatedAtS, nowS);
    },
    dropExpired(nowS: number, maxWaitS: number): T[] {
      nonNegative('TaskBuffer.dropExpired', 'nowS', nowS);
      nonNegative('TaskBuffer.dropExpired', 'maxWaitS', maxWaitS);
      let k = 0;
      while (k < tasks.length && nowS - (tasks[k] as T).generatedAtS > maxWaitS) k++;
      return tasks.splice(0, k);
    },
    toArray: () => tasks.slice(),
  };
}
