// Checkpoint state as data: a tree of plain JSON values and Float64Arrays (network weights,
// optimizer moments, replay buffers, RNG words). `splitState` separates it into a small JSON
// manifest and a list of named binary arrays, so large arrays never go through JSON text;
// `joinState` puts them back. Writing the parts to files is Node-only code (cli/), not here.
//
// Non-finite numbers in the JSON part are encoded as the strings 'NaN', 'Infinity', '-Infinity'
// (JSON.stringify would write null), and -0 as '-0', so a round trip is exact.

/** A value that can appear in a checkpoint state tree. */
export type StateValue =
  | number | string | boolean | null
  | Float64Array
  | readonly StateValue[]
  | { readonly [key: string]: StateValue };

/** JSON-safe value (what the manifest holds). */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The two parts of a checkpoint: JSON manifest and named binary arrays, in a stable order. */
export interface SplitState {
  readonly manifest: JsonValue;
  readonly arrays: ReadonlyArray<{ readonly name: string; readonly data: Float64Array }>;
}

const ARRAY_TAG = '$f64';
const NUMBER_TAG = '$num';

/** Encodes a number for JSON: finite non-negative-zero numbers as is, the others as tagged strings. */
export function encodeNumber(x: number): JsonValue {
  if (Number.isFinite(x) && !Object.is(x, -0)) return x;
  return { [NUMBER_TAG]: Object.is(x, -0) ? '-0' : String(x) };
}

export function decodeNumber(v: JsonValue, path: string): number {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v[NUMBER_TAG] === 'string') {
    const s = v[NUMBER_TAG];
    if (s === 'NaN') return NaN;
    if (s === 'Infinity') return Infinity;
    if (s === '-Infinity') return -Infinity;
    if (s === '-0') return -0;
  }
  throw new TypeError(`checkpoint: ${path} is not an encoded number`);
}

/** Splits a state tree; arrays are named by their path (`agent.actor.params`) in traversal order. */
export function splitState(state: StateValue): SplitState {
  const arrays: Array<{ name: string; data: Float64Array }> = [];
  const rec = (v: StateValue, path: string): JsonValue => {
    if (v instanceof Float64Array) {
      const name = path === '' ? 'root' : path;
      arrays.push({ name, data: v });
      return { [ARRAY_TAG]: name, length: v.length };
    }
    if (typeof v === 'number') return encodeNumber(v);
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return (v as readonly StateValue[]).map((x, i) => rec(x, path === '' ? `${i}` : `${path}.${i}`));
    if (ArrayBuffer.isView(v)) throw new TypeError(`checkpoint: ${path || 'root'} is a ${v.constructor.name}; only Float64Array is supported`);
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(v)) {
      if (key === ARRAY_TAG || key === NUMBER_TAG) throw new TypeError(`checkpoint: key '${key}' at ${path || 'root'} is reserved`);
      out[key] = rec((v as { readonly [k: string]: StateValue })[key]!, path === '' ? key : `${path}.${key}`);
    }
    return out;
  };
  const manifest = rec(state, '');
  const names = new Set<string>();
  for (const a of arrays) {
    if (names.has(a.name)) throw new Error(`checkpoint: two arrays share the name '${a.name}'`);
    names.add(a.name);
  }
  return { manifest, arrays };
}

/** Rebuilds the state tree; errors name the missing array or the length mismatch. */
export function joinState(manifest: JsonValue, arrays: ReadonlyMap<string, Float64Array>): StateValue {
  const rec = (v: JsonValue, path: string): StateValue => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (Array.isArray(v)) return v.map((x, i) => rec(x, `${path}[${i}]`));
    if (typeof v[ARRAY_TAG] === 'string') {
      const name = v[ARRAY_TAG];
      const data = arrays.get(name);
      if (data === undefined) throw new Error(`checkpoint: array '${name}' (at ${path || 'root'}) is missing`);
      if (used.has(name)) throw new Error(`checkpoint: array '${name}' is used twice (at ${path || 'root'})`);
      used.add(name);
      if (data.length !== v['length']) throw new Error(`checkpoint: array '${name}' has ${data.length} values, the manifest says ${String(v['length'])}`);
      return data;
    }
    if (NUMBER_TAG in v) return decodeNumber(v, path || 'root');
    const out: { [key: string]: StateValue } = {};
    for (const key of Object.keys(v)) {
      // An own '__proto__' key (JSON.parse makes one) would replace the prototype on assignment.
      if (key === '__proto__') throw new Error(`checkpoint: key '__proto__' at ${path || 'root'} is not allowed`);
      out[key] = rec(v[key]!, path === '' ? key : `${path}.${key}`);
    }
    return out;
  };
  const used = new Set<string>();
  return rec(manifest, '');
}
