// Hostile policy files (issue 20): genuine portable policy.json documents (lib/rl/policyFile.ts: a
// continuous DDPG-style actor and a two-actor argmax one) damaged one way per trial — truncated,
// bit-flipped anywhere, wrong format/version, counts and sizes claiming gigabytes, base64 of the
// wrong length, extra/missing keys, '__proto__' keys, non-finite weights, shapes that do not match,
// deep nesting — and loaded with `loadPolicy`. Every trial must throw an Error whose message starts
// with 'loadPolicy:' (never a silent load, never another exception, never an allocation of a
// claimed size).

import fc from 'fast-check';
import { loadPolicy, savePolicy, type PolicySpec } from '../lib/rl/index.js';
import type { Check } from './check.js';
import type { FuzzResult } from './fuzzEnv.js';

function weights(n: number, k: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + k) * 0.3);
}

/** The genuine documents every trial starts from. */
export const GOOD_POLICIES: readonly string[] = [
  savePolicy({ actors: [{ id: 'agent', network: { sizes: [3, 8, 1], activation: 'relu', outputActivation: 'tanh', weights: weights(3 * 8 + 8 + 8 + 1, 1) }, decoding: { type: 'continuous', low: [-2], high: [2] } }], metadata: { env: 'Pendulum-v1', method: 'ddpg', seed: 1 } } satisfies PolicySpec),
  savePolicy({ actors: ['sbs_0', 'sbs_1'].map((id, k) => ({ id, network: { sizes: [4, 6, 5], activation: 'tanh' as const, outputActivation: 'identity' as const, weights: weights(4 * 6 + 6 + 6 * 5 + 5, k) }, decoding: { type: 'argmax' as const, heads: [2, 3], output: 'index' as const } })), metadata: {} }),
];

type Doc = Record<string, any>;
type Mutation = (text: string, r: () => number) => string;
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const edit = (text: string, f: (d: Doc, r: () => number) => void, r: () => number): string => { const d = JSON.parse(text) as Doc; f(d, r); return JSON.stringify(d); };
const w0 = (d: Doc): Doc => d.actors[0].network.weights;

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncated: (t, r) => t.slice(0, Math.floor(r() * t.length)),
  'bit flip anywhere': (t, r) => { const b = Buffer.from(t); const i = Math.floor(r() * b.length); b[i] = b[i]! ^ (1 << Math.floor(r() * 7)); return b.toString('latin1'); },
  'bit flip in the weights': (t, r) => { const d = JSON.parse(t) as Doc; const s: string = w0(d).data; const i = Math.floor(r() * (s.length - 2)); const c = s.charCodeAt(i) ^ (1 << Math.floor(r() * 6)); w0(d).data = s.slice(0, i) + String.fromCharCode(c) + s.slice(i + 1); return JSON.stringify(d); },
  'wrong version': (t, r) => edit(t, (d) => { d.version = pick([0, 2, 99, '1', null, 1.5], r); }, r),
  'wrong format': (t, r) => edit(t, (d) => { d.format = pick(['mecrl.checkpoint', 'MECRL-POLICY', '', null], r); }, r),
  'count claiming gigabytes': (t, r) => edit(t, (d) => { w0(d).count = pick([2 ** 27, 2 ** 31, 2 ** 40, 2 ** 53 - 1, 1e300, -1, 0], r); }, r),
  'sizes claiming gigabytes': (t, r) => edit(t, (d) => { d.actors[0].network.sizes[Math.floor(r() * 2)] = pick([2 ** 20 + 1, 2 ** 30, 1e12, 0, -3, 2.5], r); }, r),
  'base64 of the wrong length': (t, r) => edit(t, (d) => { const s: string = w0(d).data; w0(d).data = pick([s.slice(0, -4), `${s}AAAA`, '', s.replace(/=+$/, '')], r); }, r),
  'base64 with bad characters': (t, r) => edit(t, (d) => { const s: string = w0(d).data; const i = Math.floor(r() * (s.length - 4)); w0(d).data = s.slice(0, i) + pick(['!', '-', '_', ' ', '\u00e9'], r) + s.slice(i + 1); }, r),
  'wrong crc32': (t, r) => edit(t, (d) => { w0(d).crc32 = pick(['00000000', 'ZZZZZZZZ', 'ABCDEF01', 7, ''], r); }, r),
  'non-finite weight': (t, r) => edit(t, (d) => {
    const a = new Float64Array(Buffer.from(w0(d).data, 'base64').buffer.slice(0));
    a[Math.floor(r() * a.length)] = pick([Number.NaN, Infinity, -Infinity], r);
    const bytes = new Uint8Array(a.buffer);
    w0(d).data = Buffer.from(bytes).toString('base64');
    w0(d).crc32 = crc32Hex(bytes);
  }, r),
  'extra key': (t, r) => edit(t, (d) => { const where = pick([d, d.actors[0], d.actors[0].network, w0(d), d.actors[0].decoding], r); where[pick(['extra', 'weightsUrl', 'eval', 'Count'], r)] = 1; }, r),
  'missing key': (t, r) => edit(t, (d) => { const [o, k] = pick([[d, 'format'], [d, 'version'], [d, 'actors'], [d.actors[0], 'id'], [d.actors[0], 'network'], [d.actors[0], 'decoding'], [d.actors[0].network, 'sizes'], [d.actors[0].network, 'activation'], [w0(d), 'data'], [w0(d), 'crc32'], [w0(d), 'count'], [d.actors[0].decoding, 'type']] as Array<[Doc, string]>, r); delete o[k]; }, r),
  "'__proto__' key": (t, r) => { const where = pick(['{', '"actors":[{', '"network":{', '"weights":{', '"decoding":{'], r); const i = t.indexOf(where); return t.slice(0, i + where.length) + '"__proto__":{"polluted":1},' + t.slice(i + where.length); },
  'shape mismatch': (t, r) => edit(t, (d) => { const s = d.actors[0].network.sizes; s[pick([0, s.length - 1], r)] += pick([1, -1], r); }, r),
  'decoding mismatch': (t, r) => edit(t, (d) => { const dec = d.actors[0].decoding; if (dec.type === 'continuous') { if (r() < 0.5) dec.low = [3]; else dec.high = [-2, 2]; } else dec.heads = pick([[2, 2], [5, 1], [0, 5], []], r); }, r),
  'unknown activation': (t, r) => edit(t, (d) => { d.actors[0].network[pick(['activation', 'outputActivation'], r)] = pick(['gelu', 'ReLU', '', 3], r); }, r),
  'duplicate actor id': (t, r) => edit(t, (d) => { d.actors.push(JSON.parse(JSON.stringify(d.actors[0]))); }, r),
  'no actors': (t, r) => edit(t, (d) => { d.actors = pick([[], {}, null, 'x'], r); }, r),
  'deep nesting': (t, r) => { const n = pick([1000, 100_000], r); return t.replace('"metadata":', `"metadata":${'['.repeat(n)}${']'.repeat(n)},"m2":`); },
  'not a policy': (_t, r) => pick(['', 'null', '[]', '"policy"', '{}', '{"format":"mecrl-policy"}', '\u0000\u0001'], r),
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
function crc32Hex(b: Uint8Array): string {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

export const POLICY_MUTATION_NAMES = Object.keys(MUTATIONS);

/** One trial: null when the damaged document is rejected with a 'loadPolicy:' error. */
export function hostilePolicyTrial(name: string, base: number, u: number): { ok: boolean; message: string } {
  let k = 0;
  const r = (): number => { k++; const x = Math.sin(u * 1e4 + k * 7919.13) * 43758.5453; return x - Math.floor(x); };
  const good = GOOD_POLICIES[base % GOOD_POLICIES.length]!;
  const text = MUTATIONS[name]!(good, r);
  if (text === good) return { ok: true, message: 'the mutation left the document unchanged (not a trial)' };
  try {
    loadPolicy(text);
    return { ok: false, message: `${name}: silently loaded${name.startsWith('bit flip') ? ` (a flip outside the weights: ${describeDiff(good, text)})` : ''}` };
  } catch (e) {
    if (({} as Record<string, unknown>)['polluted'] !== undefined) return { ok: false, message: `${name}: Object.prototype polluted` };
    if (!(e instanceof Error) || !e.message.startsWith('loadPolicy: ')) return { ok: false, message: `${name}: not a loadPolicy error: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e)}` };
    return { ok: true, message: e.message };
  }
}

function describeDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 30), i + 10)}… became …${b.slice(Math.max(0, i - 30), i + 10)}…`;
}

export function fuzzHostilePolicies(runs: number, seed: number): FuzzResult {
  let failures = 0, trials = 0;
  const examples: string[] = [];
  const us = fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { numRuns: runs, seed }).map((x) => x / 2 ** 31);
  us.forEach((u, i) => {
    const name = POLICY_MUTATION_NAMES[i % POLICY_MUTATION_NAMES.length]!;
    const r = hostilePolicyTrial(name, Math.floor(i / POLICY_MUTATION_NAMES.length), u);
    if (r.message.startsWith('the mutation left')) return;
    trials++;
    if (!r.ok) { failures++; if (examples.length < 10) examples.push(r.message); }
  });
  return { trials, failures, examples };
}

export const CHECKS_POLICIES: readonly Check[] = [
  { name: 'hostile-policy-files', description: `genuine portable policy.json documents damaged one way per trial (${POLICY_MUTATION_NAMES.length} kinds: ${POLICY_MUTATION_NAMES.join('; ')}), then loadPolicy: every trial rejected with a 'loadPolicy:' error naming the field, no silent load, no other exception`, trials: 20_000, run: (n) => fuzzHostilePolicies(n, 20) },
];
