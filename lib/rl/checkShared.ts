// Internal helpers shared by checkEnv (lib/rl/checkEnv.ts) and checkParallelEnv
// (lib/rl/checkParallelEnv.ts). Not part of the public surface (lib/rl/index.ts does not re-export
// it). Where the two checkers have always behaved differently (key order in comparisons, the
// empty Box action, the wording of a message), a parameter keeps each checker's behaviour.

import { Box, Discrete, MultiDiscrete, spaceFromJSON } from './spaces.js';
import { integerIn, noUnknownKeys } from './validate.js';

/** Reports a violation; never returns (each checker throws its own error class). */
export type Fail = (message: string) => never;

/** The options both checkers take. */
export interface CheckerOptions {
  readonly seed: number;
  readonly steps: number;
  readonly checkSeedSensitivity: boolean;
}

/** `options` merged over `defaults`, with unknown keys rejected and `seed` and `steps` checked (errors name `owner`). */
export function checkerOptions<O extends CheckerOptions>(owner: string, options: Partial<O>, defaults: Readonly<O>): O {
  noUnknownKeys(owner, options, Object.keys(defaults));
  const o = { ...defaults, ...options };
  integerIn(owner, 'seed', o.seed, Number.MIN_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER - 1);
  integerIn(owner, 'steps', o.steps, 2, 1_000_000);
  return o;
}

/**
 * The JSON text of `space.toJSON()`, after checking that it rebuilds through `spaceFromJSON` to the
 * same text (`what` names the space in the failure). Throws whatever `toJSON`/`spaceFromJSON`
 * throw for an invalid description; callers report that themselves.
 */
export function spaceJsonText(space: { toJSON(): unknown }, what: string, fail: Fail): string {
  const text = JSON.stringify(space.toJSON());
  const rebuilt = JSON.stringify(spaceFromJSON(JSON.parse(text)).toJSON());
  if (rebuilt !== text) fail(`${what}.toJSON() does not round trip through spaceFromJSON: ${text} vs ${rebuilt}`);
  return text;
}

/** A reset or step recorded in a rollout. */
export interface TraceEntryBase {
  readonly kind: 'reset' | 'step';
  /** Step index in the rollout (for a reset: the index of the next step). */
  readonly at: number;
}

/** A seeded rollout: its trace, the episodes it started, and whether its last episode has ended. */
export interface Run<T> {
  readonly trace: readonly T[];
  readonly episodes: number;
  readonly needsReset: boolean;
}

/** What checks 3–6 need to know about one checker's kind of env. */
export interface Runner<E, T extends TraceEntryBase> {
  /** Builds a fresh env (the user's `makeEnv`). */
  readonly make: () => E;
  /** Resets `env` with the checker's seed and takes the first `steps` planned steps. */
  readonly run: (env: E, steps: number) => Run<T>;
  /** Takes the planned steps from `from` to the end, resetting without a seed whenever an episode has ended (at `from`: when `needsReset`). */
  readonly resume: (env: E, from: number, needsReset: boolean) => readonly T[];
  /** The first observation(s) after `reset({ seed })`. */
  readonly firstObs: (env: E, seed: number) => unknown;
  /** The trace fields that must agree between runs. */
  readonly keys: readonly (keyof T & string)[];
  /** Whether objects compare regardless of key order (see `difference`). */
  readonly sortKeys: boolean;
  /** What check 5's message calls the first observation(s): 'observation' or 'observations'. */
  readonly obsNoun: string;
}

/**
 * Checks 3–6 of both checkers, on `env1` (already built) and envs from `r.make`:
 *   3 + 4. two envs reset with the same seed and given the same actions give identical traces, and
 *          re-seeding `env1` reproduces its own run (the per-step validity checks are `r.run`'s);
 *   5. (with `checkSeedSensitivity`) a different seed gives a different first observation;
 *   6. `getState()` in mid-run is plain JSON, and setting it (after a JSON round trip) on a fresh
 *      env and on the same env rewound reproduces the continuation exactly.
 * @returns the main run of `env1`.
 */
export function checkRuns<E extends { getState(): unknown; setState(state: never): void }, T extends TraceEntryBase>(
  env1: E,
  r: Runner<E, T>,
  options: CheckerOptions,
  fail: Fail,
): Run<T> {
  const { seed, steps } = options;
  const compare = (a: readonly T[], b: readonly T[], what: string): void => compareTraces(a, b, r.keys, r.sortKeys, what, fail);

  // 3 + 4. Determinism across envs and across re-seeding, with per-step validity checks.
  const env2 = r.make();
  const run1 = r.run(env1, steps);
  const run2 = r.run(env2, steps);
  compare(run1.trace, run2.trace, `two envs from makeEnv, reset with seed ${seed} and given the same actions,`);
  const run1again = r.run(env1, steps);
  compare(run1.trace, run1again.trace, `re-seeding the same env with reset({ seed: ${seed} }) did not reproduce its first run:`);

  // 5. Seed sensitivity.
  if (options.checkSeedSensitivity) {
    const a = r.firstObs(env1, seed);
    const b = r.firstObs(env1, seed + 1);
    if (difference(a, b, 'obs', r.sortKeys) === undefined) {
      fail(`reset({ seed: ${seed} }) and reset({ seed: ${seed + 1} }) gave the same ${r.obsNoun}; does reset ignore the seed? ` +
        '(pass checkSeedSensitivity: false for an env whose start is deterministic)');
    }
  }

  // 6. State round trip: snapshot mid-run, then continue (a) on a fresh env, (b) on the same env rewound.
  const mid = Math.floor(steps / 2);
  const env3 = r.make();
  const head = r.run(env3, mid);
  const raw = env3.getState();
  const badJson = nonJson(raw, 'state');
  if (badJson !== undefined) fail(`getState() is not plain JSON: ${badJson}`);
  const snapshot = JSON.stringify(raw);
  const tail = r.resume(env3, mid, head.needsReset);
  const env4 = r.make();
  env4.setState(JSON.parse(snapshot) as never);
  compare(tail, r.resume(env4, mid, head.needsReset),
    `setState(getState()) on a fresh env (snapshot after ${mid} steps) did not reproduce the continuation:`);
  env3.setState(JSON.parse(snapshot) as never);
  compare(tail, r.resume(env3, mid, head.needsReset),
    `setState(getState()) on the same env (rewind to step ${mid}) did not reproduce the continuation:`);
  return run1;
}

/** Fails at the first entry where two traces differ in `keys` (see `difference` for `sortKeys`), or when their lengths differ. */
function compareTraces<T extends TraceEntryBase>(
  a: readonly T[],
  b: readonly T[],
  keys: readonly (keyof T & string)[],
  sortKeys: boolean,
  what: string,
  fail: Fail,
): void {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as T;
    const y = b[i] as T;
    const where = x.kind === 'reset' ? `the reset before step ${x.at}` : `step ${x.at}`;
    if (x.kind !== y.kind) fail(`${what} one run reset while the other stepped at ${where}`);
    for (const key of keys) {
      const d = difference(x[key], y[key], key, sortKeys);
      if (d !== undefined) fail(`${what} differ at ${where}: ${d}`);
    }
  }
  if (a.length !== b.length) fail(`${what} runs have different lengths (${a.length} vs ${b.length} entries)`);
}

/**
 * First difference between two values (Object.is per number), or undefined when they are equal.
 * With `sortKeys`, objects are equal whatever the order of their keys (checkEnv); without it the
 * key order must match too (checkParallelEnv, whose records are in possibleAgents order).
 */
function difference(a: unknown, b: unknown, path: string, sortKeys: boolean): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) ? undefined : `${path}: ${a} vs ${b}`;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return `${path}: different types`;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}: length ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]: ${x[i]} vs ${y[i]}`;
    return undefined;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: different types`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`, sortKeys);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = sortKeys ? Object.keys(a).sort() : Object.keys(a);
    const kb = sortKeys ? Object.keys(b).sort() : Object.keys(b);
    if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys [${ka.join(', ')}] vs [${kb.join(', ')}]`;
    for (const k of ka) {
      const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, sortKeys);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
}

/** Where `value` stops being plain JSON (non-finite number, typed array, class instance, …), or undefined. */
function nonJson(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} = ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const d = nonJson(value[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${path} is a ${(value as object).constructor.name}, not a plain object or array`;
    for (const [k, v] of Object.entries(value)) {
      const d = nonJson(v, `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return `${path} is of type ${typeof value}`;
}

/**
 * Runs `step` (given invalid input, described by `what`, e.g. `an invalid action (NaN)`) and returns
 * the message it was rejected with. Fails when it was accepted, rejected without an Error message,
 * or changed `getState()` before throwing; `checkMessage` may fail on the message before the state
 * is compared.
 */
export function rejectionMessage(
  step: () => unknown,
  getState: () => unknown,
  what: string,
  fail: Fail,
  checkMessage: (message: string) => void = () => undefined,
): string {
  const before = JSON.stringify(getState());
  let error: unknown;
  let threw = false;
  try {
    step();
  } catch (e) {
    threw = true;
    error = e;
  }
  if (!threw) fail(`step() accepted ${what}`);
  if (!(error instanceof Error) || error.message.length === 0) fail(`step() rejected ${what} without an Error message`);
  const message = (error as Error).message;
  checkMessage(message);
  if (JSON.stringify(getState()) !== before) fail(`step() with ${what} changed the env state before throwing`);
  return message;
}

/** After the invalid inputs were rejected, a valid `step` must still work. */
export function stepsAfterRejections(step: () => unknown, fail: Fail): void {
  try {
    step();
  } catch (e) {
    fail(`after rejecting invalid actions, a valid step threw: ${errorText(e)}`);
  }
}

/**
 * Invalid single-agent actions for the built-in spaces, each derived from a valid one so only one
 * thing is wrong. A Box of size 1 gets a length-0 action only when `emptyBoxAction` is set
 * (checkEnv sets it; checkParallelEnv never has).
 */
export function invalidValues(space: unknown, valid: unknown, emptyBoxAction: boolean): { description: string; value: unknown; outOfBounds?: Float64Array }[] {
  const out: { description: string; value: unknown; outOfBounds?: Float64Array }[] = [];
  if (space instanceof Box && valid instanceof Float64Array) {
    const n = space.size;
    const withValue = (v: number): Float64Array => {
      const a = Float64Array.from(valid);
      a[0] = v;
      return a;
    };
    const hi = space.high[0] as number;
    const lo = space.low[0] as number;
    // `outOfBounds` = the clipped action an env with actionBounds 'clip' must step with instead.
    if (Number.isFinite(hi)) out.push({ description: `action[0] above high[0] = ${hi}`, value: withValue(hi + Math.max(1, Math.abs(hi))), outOfBounds: withValue(hi) });
    if (Number.isFinite(lo)) out.push({ description: `action[0] below low[0] = ${lo}`, value: withValue(lo - Math.max(1, Math.abs(lo))), outOfBounds: withValue(lo) });
    out.push({ description: 'action[0] = NaN', value: withValue(NaN) });
    const longer = new Float64Array(n + 1);
    longer.set(valid);
    out.push({ description: `length ${n + 1} instead of ${n}`, value: longer });
    if (n > 1 || emptyBoxAction) out.push({ description: `length ${n - 1} instead of ${n}`, value: valid.slice(0, n - 1) });
    out.push({ description: 'a plain array instead of a Float64Array', value: Array.from(valid) });
    out.push({ description: 'a number instead of a Float64Array', value: valid[0] });
  } else if (space instanceof Discrete) {
    const { start, n } = space;
    out.push({ description: `non-integer ${start + 0.5}`, value: start + 0.5 });
    out.push({ description: `${start + n}, one above the largest value`, value: start + n });
    out.push({ description: `${start - 1}, one below the smallest value`, value: start - 1 });
    out.push({ description: 'NaN', value: NaN });
    out.push({ description: 'a Float64Array instead of a number', value: Float64Array.of(start) });
  } else if (space instanceof MultiDiscrete && valid instanceof Int32Array) {
    const above = Int32Array.from(valid);
    above[0] = space.nvec[0] as number;
    const below = Int32Array.from(valid);
    below[0] = -1;
    out.push({ description: `action[0] = nvec[0] = ${space.nvec[0]}`, value: above });
    out.push({ description: 'action[0] = -1', value: below });
    const longer = new Int32Array(valid.length + 1);
    longer.set(valid);
    out.push({ description: `length ${valid.length + 1} instead of ${valid.length}`, value: longer });
    out.push({ description: 'a Float64Array instead of an Int32Array', value: Float64Array.from(valid) });
  }
  return out;
}

/** Whether `f` throws. */
export function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

/** The message of an Error, or the value as a string. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
