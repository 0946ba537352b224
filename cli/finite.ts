// Finiteness of a state tree (Node-side checks of checkpoints, policies and federated updates); kept
// apart from cli/job.ts so that light entries (a federated client thread) need not load every experiment.

import type { StateValue } from '../lib/rl/checkpoint.js';

/** The first non-finite value in a state's arrays, as `path[i] = value`, or null when all are finite. */
export function firstNonFinite(v: StateValue, path = ''): string | null {
  if (v instanceof Float64Array) {
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return `${path}[${i}] = ${v[i]}`;
    return null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) { const r = firstNonFinite(v[i] as StateValue, `${path}.${i}`); if (r !== null) return r; }
    return null;
  }
  if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) { const r = firstNonFinite(x as StateValue, path === '' ? k : `${path}.${k}`); if (r !== null) return r; }
  }
  return null;
}
