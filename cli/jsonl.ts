// JSON with non-finite numbers written explicitly: NaN, Infinity and -Infinity become the strings
// "NaN", "Infinity", "-Infinity" (JSON.stringify would write null), as in state dicts.

export function encodeNonFinite(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

export function stringify(v: unknown, indent?: number): string {
  return JSON.stringify(v, encodeNonFinite, indent);
}

/** Reverses `encodeNonFinite` for values known to be numbers. */
export function decodeNumberish(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new TypeError(`expected a number or "NaN"/"Infinity"/"-Infinity", got ${JSON.stringify(v)}`);
}
