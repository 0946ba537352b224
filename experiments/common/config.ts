// Nested configs: deep-merge a partial over defaults, rejecting unknown keys and values of the
// wrong type with an error that names the dotted path, the expected type and where the value came
// from; plus small range checks. Experiments call these from `resolveConfig`.

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Json = unknown;

function kindOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * `defaults` with `partial` merged in, recursively for plain objects; arrays and scalars replace.
 * A key absent from `defaults` is an error (listing the allowed keys), as is a value whose kind
 * differs from the default's (a default of null accepts anything).
 */
export function mergeConfig<T>(defaults: T, partial: Readonly<Record<string, unknown>>, path = ''): T {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) throw new ConfigError(`${path || 'config'} must be an object, got ${kindOf(partial)}`);
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(partial)) {
    const p = path === '' ? key : `${path}.${key}`;
    checkKey(key, p);
    // Own keys only: `'constructor' in {}` is true, and assigning '__proto__' changes the prototype.
    if (!Object.hasOwn(out, key)) throw new ConfigError(`unknown config key '${p}' (allowed here: ${Object.keys(out).join(', ')})`);
    const d = out[key];
    if (d !== null && d !== undefined && value !== null && kindOf(d) !== kindOf(value)) {
      throw new ConfigError(`${p} must be ${kindOf(d) === 'object' ? 'an object' : `a ${kindOf(d)}`}, got ${kindOf(value)} ${JSON.stringify(value)}`);
    }
    if (kindOf(d) === 'object' && kindOf(value) === 'object') out[key] = mergeConfig(d, value as Record<string, unknown>, p);
    else out[key] = value;
  }
  return out as T;
}

/** Keys that would reach or replace an object's prototype: never config keys. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Throws a ConfigError for a key that could change a prototype (`path`: where it was found). */
export function checkKey(key: string, path: string): void {
  if (FORBIDDEN_KEYS.includes(key)) throw new ConfigError(`config key '${path}' is not allowed ('__proto__', 'constructor' and 'prototype' are reserved)`);
}

/** Throws a ConfigError if any object inside a JSON value has a reserved key (see `checkKey`). */
export function checkKeysDeep(value: unknown, path: string, depth = 0): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_CONFIG_DEPTH) throw new ConfigError(`${path} is nested deeper than ${MAX_CONFIG_DEPTH} levels`);
  if (Array.isArray(value)) { value.forEach((v, i) => checkKeysDeep(v, `${path}[${i}]`, depth + 1)); return; }
  for (const [k, v] of Object.entries(value)) {
    const p = path === '' ? k : `${path}.${k}`;
    checkKey(k, p);
    checkKeysDeep(v, p, depth + 1);
  }
}

/** Deepest nesting of objects/arrays a config value may have (no config comes near it). */
export const MAX_CONFIG_DEPTH = 32;

/** Sets a dotted path in a nested partial (for `--set a.b=value`), creating objects on the way. */
export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  if (keys.some((k) => k === '')) throw new ConfigError(`bad config key '${dotted}' (an empty part)`);
  keys.forEach((k) => checkKey(k, dotted));
  let o = target;
  for (const k of keys.slice(0, -1)) {
    if (!Object.hasOwn(o, k) || typeof o[k] !== 'object' || o[k] === null || Array.isArray(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}

/** Deep merge of two partials (later wins), for preset + --set layering. */
export function mergePartials(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    checkKey(k, k);
    const prev = Object.hasOwn(out, k) ? out[k] : undefined;
    out[k] = kindOf(prev) === 'object' && kindOf(v) === 'object' ? mergePartials(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

export function checkInt(path: string, v: number, lo: number, hi = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(v) || v < lo || v > hi) throw new ConfigError(`${path} must be an integer in [${lo}, ${hi === Number.MAX_SAFE_INTEGER ? '∞' : hi}], got ${JSON.stringify(v)}`);
}

export function checkNum(path: string, v: number, lo: number, hi: number): void {
  if (!Number.isFinite(v) || v < lo || v > hi) throw new ConfigError(`${path} must be a finite number in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
}

export function checkIntArray(path: string, v: readonly number[], lo: number, minLength = 1): void {
  if (!Array.isArray(v) || v.length < minLength) throw new ConfigError(`${path} must be an array of at least ${minLength} integers >= ${lo}, got ${JSON.stringify(v)}`);
  v.forEach((x, i) => checkInt(`${path}[${i}]`, x, lo));
}

export function checkOneOf(path: string, v: unknown, allowed: readonly string[]): void {
  if (typeof v !== 'string' || !allowed.includes(v)) throw new ConfigError(`${path} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`);
}

// Field validators of the experiment configs (paper 1's, shared): each returns the value or throws a
// ConfigError `${path} must be ${range}, got ${value}`.

function show(v: unknown): string {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
}

/** Throws `${path} must be ${range}, got ${v}`. */
export function badConfigValue(path: string, range: string, v: unknown): never {
  throw new ConfigError(`${path} must be ${range}, got ${show(v)}`);
}

/** A safe integer in [lo, hi]. */
export function configInt(path: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < lo || v > hi) badConfigValue(path, `an integer in [${lo}, ${hi}]`, v);
  return v;
}

/** A finite number accepted by `ok` (`range` describes it). */
export function configNum(path: string, v: unknown, range: string, ok: (x: number) => boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) badConfigValue(path, range, v);
  return v;
}

/** One of the allowed strings (`one of 'a', 'b'`). */
export function configOneOf<T extends string>(path: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) badConfigValue(path, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
  return v as T;
}

/** An env resolver's error (`<envId>: field …`) re-worded to the experiment's dotted `env.field` path. */
export function envConfigError(err: unknown, envId: string): ConfigError {
  const msg = err instanceof Error ? err.message : String(err);
  return new ConfigError(msg.replace(new RegExp(`^${envId}: `), 'env.').replace(/unknown config field "([^"]+)"/, "unknown config key 'env.$1'"));
}

/** null, or a finite number accepted by `ok` (the message adds ", or null"). */
export function configNullOr(path: string, v: unknown, range: string, ok: (x: number) => boolean): number | null {
  return v === null ? null : configNum(path, v, `${range}, or null`, ok);
}

/** true or false. */
export function configBool(path: string, v: unknown): boolean {
  if (typeof v !== 'boolean') badConfigValue(path, 'true or false', v);
  return v;
}
