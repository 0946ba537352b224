// Env fuzzing (issue 20): random valid configs × action sequences must never crash and never
// produce a non-finite observation, reward or metric; random invalid configs and actions must each
// be rejected with an error naming the field or argument (and its allowed range), leaving the env
// unchanged. Each function returns counts and the first few failures, never throws on a finding.

import fc from 'fast-check';
import { deriveStream, integer, type Rng } from '../lib/random/index.js';
import type { Box, Discrete, MultiDiscrete, Space } from '../lib/rl/index.js';
import { actionBoundsOf, type AnyEnv, type Config, type EnvEntry } from './envRegistry.js';

export interface FuzzResult {
  readonly trials: number;
  readonly failures: number;
  /** The first failures (at most 10), one line each. */
  readonly examples: readonly string[];
}

class Tally {
  trials = 0;
  failures = 0;
  readonly examples: string[] = [];
  fail(line: string): void {
    this.failures++;
    if (this.examples.length < 10) this.examples.push(line);
  }
  result(): FuzzResult {
    return { trials: this.trials, failures: this.failures, examples: this.examples };
  }
}

const short = (v: unknown): string => {
  let s: string;
  try { s = JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x)) ?? String(v); } catch { s = String(v); }
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
};
const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : `non-Error thrown: ${String(e)}`);

/** Paths of every non-finite number inside `v` (numbers, arrays, typed arrays, plain objects). */
export function nonFinitePaths(v: unknown, path = '', out: string[] = []): string[] {
  if (typeof v === 'number') { if (!Number.isFinite(v)) out.push(`${path} = ${v}`); return out; }
  if (ArrayBuffer.isView(v)) { const a = v as unknown as ArrayLike<number>; for (let i = 0; i < a.length; i++) if (!Number.isFinite(Number(a[i]))) out.push(`${path}[${i}] = ${a[i]}`); return out; }
  if (Array.isArray(v)) { v.forEach((x, i) => nonFinitePaths(x, `${path}[${i}]`, out)); return out; }
  if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) nonFinitePaths(x, path === '' ? k : `${path}.${k}`, out);
  return out;
}

/** A valid action of `space`: a sample, or (edges) each element at a bound or sampled. */
function validAction(space: Space<unknown>, rng: Rng, edges: boolean): unknown {
  const x = space.sample(rng);
  if (!edges) return x;
  if (space.kind === 'Box') {
    const b = space as unknown as Box, a = x as Float64Array;
    for (let i = 0; i < a.length; i++) { const k = integer(rng, 0, 3); if (k === 0) a[i] = b.low[i]!; else if (k === 1) a[i] = b.high[i]!; }
    return a;
  }
  if (space.kind === 'Discrete') { const d = space as unknown as Discrete; return integer(rng, 0, 2) === 0 ? d.start : d.start + d.n - 1; }
  const m = space as unknown as MultiDiscrete, a = x as Int32Array;
  for (let i = 0; i < a.length; i++) if (integer(rng, 0, 2) === 0) a[i] = integer(rng, 0, 2) === 0 ? 0 : m.nvec[i]! - 1;
  return a;
}

function actionsFor(env: AnyEnv, rng: Rng, edges: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of env.agents) out[a] = validAction(env.actionSpace(a), rng, edges);
  return out;
}

function checkFinite(tally: Tally, where: string, what: string, v: unknown): boolean {
  const bad = nonFinitePaths(v);
  if (bad.length === 0) return true;
  tally.fail(`${where}: non-finite ${what}: ${bad.slice(0, 3).join(', ')}`);
  return false;
}

/** Runs `entry.steps` steps on a config; each (config, sequence) is one trial. */
export function fuzzValidEnv(entry: EnvEntry, runs: number, seed: number): FuzzResult {
  const tally = new Tally();
  const cases = fc.sample(fc.tuple(entry.validConfig, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean()), { numRuns: runs, seed });
  for (const [config, actSeed, edges] of cases) {
    tally.trials++;
    const where = `${entry.id} ${short(config)} actions seed ${actSeed}${edges ? ' (edges)' : ''}`;
    try {
      const env = entry.make(config);
      const rng = deriveStream(actSeed, 'reliability', 'actions');
      const r0 = env.reset({ seed: actSeed });
      if (!checkFinite(tally, where, 'reset observation', r0.obs)) continue;
      let ok = true;
      for (let t = 0; t < entry.steps && ok; t++) {
        if (env.agents.length === 0) {
          const r = env.reset();
          ok = checkFinite(tally, `${where} step ${t}`, 'reset observation', r.obs);
          if (!ok) break;
        }
        const r = env.step(actionsFor(env, rng, edges));
        ok = checkFinite(tally, `${where} step ${t}`, 'observation', r.obs)
          && checkFinite(tally, `${where} step ${t}`, 'reward', r.rewards)
          && checkFinite(tally, `${where} step ${t}`, 'metric (info)', r.infos);
        for (const [a, o] of Object.entries(r.obs)) {
          if (ok && !env.observationSpace(a).contains(o)) { tally.fail(`${where} step ${t}: observation of ${a} outside its observationSpace: ${short(o)}`); ok = false; }
        }
      }
      if (ok) JSON.stringify(env.getState());
    } catch (e) {
      tally.fail(`${where}: crashed: ${message(e)}`);
    }
  }
  return tally.result();
}

// ---- invalid configs ----

type Mutation = { readonly path: string; readonly value: unknown; readonly note: string };

/** Values of the wrong type for a field whose default is `d` (each invalid whatever the field's range). */
function wrongTypeValues(d: unknown): unknown[] {
  if (typeof d === 'number') return [Number.NaN, Infinity, -Infinity, 'abc', '1', true, {}, [], [1]];
  if (d === null) return ['abc', Number.NaN, Infinity, true, {}, [1]];
  if (typeof d === 'string') return ['no-such-value', 42, true, {}, [], ''];
  if (typeof d === 'boolean') return [0, 1, 'true', {}, null];
  if (Array.isArray(d)) return ['x', 5, {}, null];
  if (typeof d === 'object') return [5, 'x', [], true];
  return [];
}

/** The leaves and branches of a defaults object, as dotted paths with their default values. */
function fieldsOf(defaults: Readonly<Record<string, unknown>>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, d] of Object.entries(defaults)) {
    const p = prefix === '' ? k : `${prefix}.${k}`;
    out.push([p, d]);
    if (typeof d === 'object' && d !== null && !Array.isArray(d)) out.push(...fieldsOf(d as Record<string, unknown>, p));
  }
  return out;
}

/** Generic invalid mutations of an env's config: wrong types, non-finite numbers, bad array elements, unknown and prototype keys. */
function genericMutations(defaults: Readonly<Record<string, unknown>>): fc.Arbitrary<Mutation> {
  const fields = fieldsOf(defaults);
  const objects = ['', ...fields.filter(([, d]) => typeof d === 'object' && d !== null && !Array.isArray(d)).map(([p]) => p)];
  const typeWrong = fc.constantFrom(...fields).chain(([path, d]) => fc.constantFrom(...wrongTypeValues(d)).map((value) => ({ path, value, note: 'wrong type' })));
  const arrays = fields.filter(([, d]) => Array.isArray(d) && d.length > 0);
  const elementWrong = arrays.length === 0 ? typeWrong : fc.constantFrom(...arrays).chain(([path, d]) => fc.tuple(fc.nat({ max: (d as unknown[]).length - 1 }), fc.constantFrom(Number.NaN, Infinity, 'a', null, {})).map(([i, x]) => {
    const value = JSON.parse(JSON.stringify(d)) as unknown[];
    value[i] = Array.isArray(value[i]) ? [x, 1] : x;
    return { path, value, note: `bad element ${i}` };
  }));
  const unknownKey = fc.tuple(fc.constantFrom(...objects), fc.constantFrom('typo', 'seeds', 'Seed', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty')).map(([obj, key]) => ({ path: obj === '' ? key : `${obj}.${key}`, value: key === '__proto__' ? { polluted: true } : 1, note: 'unknown key' }));
  return fc.oneof(typeWrong, elementWrong, unknownKey);
}

/** Sets dotted `path` in a deep copy of `config` as an OWN property (also for '__proto__'). */
function withValue(config: Config, path: string, value: unknown): Config {
  const out = JSON.parse(JSON.stringify(config)) as Config;
  const keys = path.split('.');
  let o: Record<string, unknown> = out;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null || Array.isArray(o[k])) Object.defineProperty(o, k, { value: {}, enumerable: true, writable: true, configurable: true });
    o = o[k] as Record<string, unknown>;
  }
  Object.defineProperty(o, keys.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

const RANGE_WORDS = /must be|must not|must hold|allowed|expected|is above|is below|needs length|is not an integer|is NaN|one of|away from/;

/** Whether an error rejects `path` properly: an Error (not a crash of the code) naming the field and a range. */
function rejectsByName(e: unknown, path: string): string | null {
  if (!(e instanceof Error)) return `threw a non-Error ${String(e)}`;
  if (!(e instanceof RangeError || e instanceof TypeError || e.name === 'ConfigError')) return `threw ${e.name} (not a validation error): ${e.message}`;
  const leaf = path.split('.').at(-1)!;
  if (!e.message.includes(leaf)) return `error does not name '${path}': ${e.name}: ${e.message}`;
  if (!RANGE_WORDS.test(e.message)) return `error names no allowed range: ${e.message}`;
  if (/^(Cannot read|Cannot set|.* is not a function|.* is not iterable)/.test(e.message)) return `a crash, not a validation error: ${e.message}`;
  return null;
}

/** Invalid configs: each must throw a validation error naming the mutated field. */
export function fuzzInvalidConfigs(entry: EnvEntry, runs: number, seed: number): FuzzResult {
  const tally = new Tally();
  const mutation = fc.oneof(genericMutations(entry.defaults), entry.badValues.map((b) => ({ ...b, note: 'out of range' })));
  const base = fc.oneof(fc.constant({} as Config), entry.validConfig);
  const before = Object.getOwnPropertyNames(Object.prototype).join();
  for (const [cfg, m] of fc.sample(fc.tuple(base, mutation), { numRuns: runs, seed })) {
    tally.trials++;
    const config = withValue(cfg, m.path, m.value);
    let err: unknown = null;
    try { entry.make(config); } catch (e) { err = e; }
    const where = `${entry.id} ${m.note} ${m.path} = ${short(m.value)}`;
    if (err === null) tally.fail(`${where}: accepted`);
    else { const why = rejectsByName(err, m.path); if (why !== null) tally.fail(`${where}: ${why}`); }
    if ((Object.prototype as Record<string, unknown>)['polluted'] !== undefined || Object.getOwnPropertyNames(Object.prototype).join() !== before) {
      tally.fail(`${where}: Object.prototype was changed`);
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
  }
  return tally.result();
}

// ---- invalid actions ----

interface BadAction { readonly description: string; readonly agent: string; readonly actions: unknown }

/** Invalid action records for the env's current agents, each naming the agent it concerns. */
function badActions(env: AnyEnv, rng: Rng, pick: number): BadAction {
  const agents = env.agents;
  const agent = agents[pick % agents.length]!;
  const space = env.actionSpace(agent);
  const good = actionsFor(env, rng, false);
  const withAgent = (v: unknown): Record<string, unknown> => ({ ...good, [agent]: v });
  const choices: Array<() => BadAction> = [
    () => ({ description: 'missing agent', agent, actions: Object.fromEntries(Object.entries(good).filter(([k]) => k !== agent)) }),
    () => ({ description: 'unknown agent', agent: 'intruder_9', actions: { ...good, intruder_9: good[agent] } }),
    () => ({ description: '__proto__ agent', agent: '__proto__', actions: Object.assign(JSON.parse('{"__proto__": 1}'), good) }),
    () => ({ description: 'actions not an object', agent: 'actions', actions: [null, 7, 'x', [good[agent]]][integer(rng, 0, 4)] }),
    () => ({ description: 'wrong type', agent, actions: withAgent(['x', null, {}, true, '0'][integer(rng, 0, 5)]) }),
  ];
  if (space.kind === 'Box') {
    const b = space as unknown as Box;
    const withElement = (desc: string, f: (i: number) => number): (() => BadAction) => () => {
      const a = Float64Array.from(good[agent] as Float64Array);
      const i = integer(rng, 0, a.length);
      a[i] = f(i);
      return { description: `${desc} at [${i}]`, agent, actions: withAgent(a) };
    };
    choices.push(
      withElement('NaN', () => Number.NaN),
      withElement('+Infinity', () => Infinity),
      withElement('-Infinity', () => -Infinity),
      withElement('above high', (i) => b.high[i]! + Math.max(1e-9, Math.abs(b.high[i]!) * 1e-6) * (1 + integer(rng, 0, 1000))),
      withElement('below low', (i) => b.low[i]! - Math.max(1e-9, Math.abs(b.low[i]!) * 1e-6) * (1 + integer(rng, 0, 1000))),
      () => ({ description: 'too long', agent, actions: withAgent(new Float64Array(b.size + 1 + integer(rng, 0, 3))) }),
      () => ({ description: 'too short', agent, actions: withAgent(new Float64Array(integer(rng, 0, b.size))) }),
      () => ({ description: 'plain array', agent, actions: withAgent(Array.from(good[agent] as Float64Array)) }),
    );
  } else if (space.kind === 'Discrete') {
    const d = space as unknown as Discrete;
    choices.push(() => ({ description: 'discrete out of range', agent, actions: withAgent([d.start - 1, d.start + d.n, d.start + 0.5, Number.NaN, Infinity, 2 ** 53][integer(rng, 0, 6)]) }));
  } else {
    const m = space as unknown as MultiDiscrete;
    choices.push(() => { const a = Int32Array.from(good[agent] as Int32Array); a[0] = m.nvec[0]!; return { description: 'multidiscrete out of range', agent, actions: withAgent(a) }; });
  }
  return choices[integer(rng, 0, choices.length)]!();
}

/** Invalid actions on running envs: each rejected naming the agent/argument, state unchanged, env still steps. */
export function fuzzInvalidActions(entry: EnvEntry, runs: number, seed: number): FuzzResult {
  const tally = new Tally();
  const cases = fc.sample(fc.tuple(entry.validConfig, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat({ max: 1000 })), { numRuns: runs, seed });
  for (const [config, s, pick] of cases) {
    tally.trials++;
    const rng = deriveStream(s, 'reliability', 'bad-actions');
    let env: AnyEnv;
    try { env = entry.make(config); env.reset({ seed: s }); } catch (e) { tally.fail(`${entry.id} ${short(config)}: valid config crashed: ${message(e)}`); continue; }
    const bad = badActions(env, rng, pick);
    const where = `${entry.id} ${bad.description} (${short(config)})`;
    // A single-agent env (wrapped as agent 'agent') names its argument 'action'.
    const name = env.possibleAgents.length === 1 && env.possibleAgents[0] === 'agent' && bad.agent === 'agent' ? 'action' : bad.agent;
    const before = JSON.stringify(env.getState());
    let err: unknown = null;
    try { env.step(bad.actions as Record<string, unknown>); } catch (e) { err = e; }
    if (err === null) {
      // Under actionBounds 'clip' an out-of-range (or infinite) value is clipped, as the env documents; everything else must throw.
      const clipped = actionBoundsOf(env) === 'clip' && /^(above high|below low|[+-]Infinity) /.test(bad.description);
      if (!clipped) tally.fail(`${where}: accepted`);
      continue;
    }
    if (!(err instanceof RangeError || err instanceof TypeError)) { tally.fail(`${where}: threw ${message(err)}`); continue; }
    if (!err.message.includes(name) && !(name === 'actions' && err.message.includes('actions'))) { tally.fail(`${where}: error does not name ${name}: ${err.message}`); continue; }
    if (!RANGE_WORDS.test(err.message) && !/active agents|exactly agent/.test(err.message)) { tally.fail(`${where}: error names no allowed range: ${err.message}`); continue; }
    if (JSON.stringify(env.getState()) !== before) { tally.fail(`${where}: env state changed by a rejected action`); continue; }
    try { env.step(actionsFor(env, rng, false)); } catch (e) { tally.fail(`${where}: env no longer steps after a rejection: ${message(e)}`); }
  }
  return tally.result();
}
