// The page's policy download until lib/'s portable policy.json (api-rl) lands: the experiment's
// saved policy states (`JobResult.policy`, the same state the CLI writes to `policy/`), split with
// lib/rl/checkpoint's splitState into a JSON manifest plus arrays whose numbers go through
// encodeNumber (so NaN/±Infinity/−0 survive the JSON round trip exactly).

import { decodeNumber, encodeNumber, joinState, splitState, type JsonValue, type StateValue } from '../lib/rl/checkpoint.js';

export const WEB_POLICY_FORMAT = 'mecrl-web-policy/1';

export interface WebPolicyFile {
  readonly format: typeof WEB_POLICY_FORMAT;
  readonly experiment: string;
  readonly preset: string;
  readonly seed: number;
  /** Per method: the split state. */
  readonly policies: Readonly<Record<string, { manifest: JsonValue; arrays: Record<string, JsonValue[]> }>>;
}

export function policyToText(experiment: string, preset: string, seed: number, policies: ReadonlyMap<string, StateValue>): string {
  const out: Record<string, { manifest: JsonValue; arrays: Record<string, JsonValue[]> }> = {};
  for (const [method, state] of policies) {
    const s = splitState(state);
    const arrays: Record<string, JsonValue[]> = {};
    for (const a of s.arrays) arrays[a.name] = Array.from(a.data, encodeNumber);
    out[method] = { manifest: s.manifest, arrays };
  }
  const file: WebPolicyFile = { format: WEB_POLICY_FORMAT, experiment, preset, seed, policies: out };
  return JSON.stringify(file);
}

export function policyFromText(text: string): { experiment: string; preset: string; seed: number; policies: Map<string, StateValue> } {
  const f = JSON.parse(text) as Partial<WebPolicyFile>;
  if (f.format !== WEB_POLICY_FORMAT) throw new Error(`policy file: format is ${JSON.stringify(f.format)}, expected '${WEB_POLICY_FORMAT}'`);
  if (typeof f.experiment !== 'string' || typeof f.preset !== 'string' || typeof f.seed !== 'number' || typeof f.policies !== 'object' || f.policies === null) {
    throw new Error('policy file: needs string experiment and preset, number seed, object policies');
  }
  const policies = new Map<string, StateValue>();
  for (const [method, p] of Object.entries(f.policies)) {
    const arrays = new Map<string, Float64Array>();
    for (const [name, values] of Object.entries(p.arrays)) arrays.set(name, Float64Array.from(values, (v, i) => decodeNumber(v, `${method}.${name}[${i}]`)));
    policies.set(method, joinState(p.manifest, arrays));
  }
  return { experiment: f.experiment, preset: f.preset, seed: f.seed, policies };
}
