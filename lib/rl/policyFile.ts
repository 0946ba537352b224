// The portable policy file: one self-contained JSON document holding everything needed to act with
// a trained policy — architecture, activations, output squashing, action decoding and the weights —
// readable without mecrl (the format is plain JSON, base64, IEEE-754 and CRC-32; examples/
// policy-zero-deps.ts reads it in ~80 lines with no imports). `savePolicy` writes it, `loadPolicy`
// validates every field and returns an object with `act(obs)`.
//
// Format "mecrl-policy", version 1 (keys in this order; every field required unless marked):
//   {
//     "format": "mecrl-policy",
//     "version": 1,
//     "metadata": { … },                 free-form JSON (env id, method, seed, config …); may be {}
//     "actors": [                         one per agent, in agent order (1 for a single-agent policy)
//       {
//         "id": "sbs_0",                  non-empty, unique
//         "network": {
//           "sizes": [206, 64, 190],      layer widths [in, h1, …, out], 2..64 entries in [1, 2^20]
//           "activation": "relu",         hidden activation: identity | relu | tanh | sigmoid | leakyRelu (slope 0.01)
//           "outputActivation": "sigmoid" output squashing: identity | tanh | sigmoid (| relu | leakyRelu)
//           "weights": {
//             "dtype": "float64", "byteOrder": "little-endian", "encoding": "base64",
//             "count": 25470,              number of values = Σ_l (sizes[l]·sizes[l+1] + sizes[l+1])
//             "crc32": "89abcdef",         CRC-32 of the decoded bytes, 8 lower-case hex digits
//             "data": "…"                  base64 (RFC 4648 §4, padded) of count·8 bytes
//           }
//         },
//         "decoding": { "type": "continuous", "low": […], "high": […] }
//                  or { "type": "argmax", "heads": [n_1, …], "output": "index" | "onehot", "start": 0 }
//                  or { "type": "softmax", "heads": [n_1, …] }
//       }
//     ],
//     "crc32": "01234567"                 (optional; savePolicy writes it) CRC-32 of the UTF-8 bytes of
//                                          JSON.stringify of the document without this key
//   }
// Weights layout: layer by layer, the weight matrix W_l of shape [in, out] row-major (so
//   h_{l+1}[j] = act(Σ_i h_l[i]·W_l[i·out + j] + b_l[j])), then its bias b_l [out].
// Decoding (what `act` returns from the network output y):
//   continuous — without low/high: y itself (a Float64Array). With low/high (required squashing
//     tanh or sigmoid, range [r_lo, r_hi] = [−1, 1] or [0, 1]): low + (y − r_lo)/(r_hi − r_lo)·(high − low),
//     clipped to [low, high] — the map the training loop used (`toEnvAction`).
//   argmax — y is split into heads of n_1, n_2, … values (Σ n_d = out); per head the index of the
//     largest value (lowest index on ties): 'index' returns an Int32Array of start + index per head
//     (DQN's Discrete/MultiDiscrete action, a Gumbel actor's category); 'onehot' returns a
//     Float64Array with a 1 at each head's index (an MPE env's [0, 1]^n action).
//   softmax — per head the probabilities exp(y_k − max)·(1/Σ exp(y_j − max)) (a Float64Array):
//     the deterministic policy of a soft Gumbel-Softmax actor (MADDPG's `act`, the reference's
//     `mode()`), e.g. an MPE env taking the probability vector as its continuous action.
// Checksum: CRC-32 as in zlib/PNG/Ethernet (reflected polynomial 0xEDB88320, initial value
//   0xFFFFFFFF, final XOR 0xFFFFFFFF; crc32("123456789") = cbf43926), over the decoded weight bytes
//   of each actor — Python: `format(zlib.crc32(base64.b64decode(data)), '08x')`. It catches a
//   corrupted or truncated weight string; the other fields are checked structurally.
// loadPolicy's limits (checked BEFORE anything is allocated from a claimed size): text ≤ 2^28
//   characters, ≤ 4096 actors, ≤ 2^24 weights per actor (128 MiB), sizes as above; the base64
//   length must equal 4·⌈8·count/3⌉; every weight must be finite. Unknown keys are rejected (a
//   newer version must bump "version"). Errors name the field: `loadPolicy: actors[0].network.
//   weights.count must be an integer in [1, 16777216], got 1000000000000`.

import { mlp, type Mlp } from '../nn/index.js';
import { fromSeed } from '../random/index.js';
import { ACTIVATIONS, Arena, fromData, noGrad, softmax, type Activation } from '../tensor/index.js';
import { toEnvAction, type ActorOutput } from './actorCritic.js';
import type { JsonValue } from './checkpoint.js';
import type { Ddpg } from './ddpg.js';
import type { Dqn } from './dqn.js';
import type { Maddpg } from './maddpg.js';
import type { Td3 } from './td3.js';
import { describeValue, fail, integerIn, noUnknownKeys, oneOf, record } from './validate.js';

/**
 * The `format` field of a policy file. The file (version 1), keys in this order:
 * `{ format: 'mecrl-policy', version: 1, metadata: {…free-form JSON}, actors: [{ id, network: {
 * sizes: [in, h1, …, out], activation, outputActivation, weights: { dtype: 'float64', byteOrder:
 * 'little-endian', encoding: 'base64', count, crc32, data } }, decoding }] }` with `decoding` one of
 * `{ type: 'continuous', low?, high? }`, `{ type: 'argmax', heads, output: 'index' | 'onehot',
 * start? }`, `{ type: 'softmax', heads }`. Weights: per layer W [in, out] row-major then b [out];
 * `crc32` = CRC-32 (zlib's) of the decoded bytes as 8 lower-case hex digits. Full description in
 * the header of lib/rl/policyFile.ts.
 */
export const POLICY_FORMAT = 'mecrl-policy';
/** The format version this code writes and reads. */
export const POLICY_FORMAT_VERSION = 1;
/** Limits `loadPolicy` enforces before allocating (see the file header). */
export const POLICY_LIMITS = Object.freeze({ maxTextLength: 2 ** 28, maxActors: 4096, maxWeights: 2 ** 24, maxLayers: 64, maxWidth: 2 ** 20 });

/** An actor network: an MLP (lib/nn `Mlp` layout) with its weights. */
export interface PolicyNetwork {
  /** Layer widths [in, h1, …, out]. */
  readonly sizes: readonly number[];
  /** Hidden activation. */
  readonly activation: Activation;
  /** Output squashing. */
  readonly outputActivation: Activation;
  /** Flat weights: per layer W [in, out] row-major, then b [out]. */
  readonly weights: Float64Array;
}

/** How `act` turns the network output into an action (see the file header). */
export type PolicyDecoding =
  | { readonly type: 'continuous'; readonly low?: readonly number[]; readonly high?: readonly number[] }
  | { readonly type: 'argmax'; readonly heads: readonly number[]; readonly output: 'index' | 'onehot'; readonly start?: number }
  | { readonly type: 'softmax'; readonly heads: readonly number[] };

/** One agent's policy. */
export interface PolicyActor {
  readonly id: string;
  readonly network: PolicyNetwork;
  readonly decoding: PolicyDecoding;
}

/** What `savePolicy` writes. */
export interface PolicySpec {
  readonly actors: readonly PolicyActor[];
  /** Free-form JSON (env id, method, seed, …). Default {}. */
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}

/** The action of a policy: a Float64Array (continuous, one-hot) or an Int32Array (argmax indices). */
export type PolicyAction = Float64Array | Int32Array;

/** A loaded policy file. */
export interface PortablePolicy {
  readonly version: number;
  readonly metadata: Readonly<Record<string, JsonValue>>;
  /** Actor ids, in file order. */
  readonly actorIds: readonly string[];
  /** The validated contents (weights as Float64Arrays), e.g. to save again. */
  readonly spec: PolicySpec;
  /** Observation width of an actor (by id or index; default the first). */
  obsDim(actor?: string | number): number;
  /**
   * The action of `actor` (id or index; default the first) for one observation, decoded as the
   * file says: a fresh Float64Array (continuous, onehot) or Int32Array (argmax indices).
   * @throws naming `obs` when it is not of length obsDim or holds a non-finite value.
   */
  act(obs: ArrayLike<number>, actor?: string | number): PolicyAction;
}

// -------------------------------------------------------------------------------------------
// Bytes: CRC-32, base64, little-endian float64

let crcTable: Uint32Array | null = null;

/** CRC-32 (zlib / PNG: reflected 0xEDB88320, init and final XOR 0xFFFFFFFF) of `bytes`, as an unsigned integer. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
let b64Index: Int16Array | null = null;

/** Base64 (RFC 4648 §4, with '=' padding) of `bytes`. */
export function base64Encode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!, b = bytes[i + 1], c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    chunk += B64[(n >>> 18) & 63]! + B64[(n >>> 12) & 63]! + (b === undefined ? '=' : B64[(n >>> 6) & 63]!) + (c === undefined ? '=' : B64[n & 63]!);
    if (chunk.length >= 8192) { parts.push(chunk); chunk = ''; }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Length of the padded base64 text of `byteLength` bytes. */
export function base64Length(byteLength: number): number {
  return 4 * Math.ceil(byteLength / 3);
}

/**
 * Decodes strict padded base64 into exactly `byteLength` bytes. Throws naming `owner`/`field` on a
 * wrong length, a character outside the alphabet or misplaced padding.
 */
export function base64Decode(owner: string, field: string, text: string, byteLength: number): Uint8Array {
  if (text.length !== base64Length(byteLength)) {
    throw new RangeError(`${owner}: ${field} must be ${base64Length(byteLength)} base64 characters (${byteLength} bytes), got ${text.length}`);
  }
  if (b64Index === null) {
    b64Index = new Int16Array(128).fill(-1);
    for (let i = 0; i < 64; i++) b64Index[B64.charCodeAt(i)] = i;
  }
  const idx = b64Index;
  const out = new Uint8Array(byteLength);
  const pad = byteLength % 3 === 0 ? 0 : 3 - (byteLength % 3);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const pos = i + k, code = text.charCodeAt(pos);
      const isPad = pos >= text.length - pad;
      if (isPad) {
        if (code !== 61) throw new RangeError(`${owner}: ${field} must end with ${pad} '=' padding character(s) (position ${pos})`);
        n <<= 6;
        continue;
      }
      const v = code < 128 ? idx[code]! : -1;
      if (v < 0) throw new RangeError(`${owner}: ${field} has a character outside the base64 alphabet at position ${pos}`);
      n = (n << 6) | v;
    }
    if (o < byteLength) out[o++] = (n >>> 16) & 255;
    if (o < byteLength) out[o++] = (n >>> 8) & 255;
    if (o < byteLength) out[o++] = n & 255;
  }
  return out;
}

/** The IEEE-754 binary64 little-endian bytes of `values`. */
export function float64ToBytes(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

/** Inverse of {@link float64ToBytes} (`bytes.length` must be a multiple of 8). */
export function bytesToFloat64(bytes: Uint8Array): Float64Array {
  const out = new Float64Array(bytes.length / 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/** `${owner}: ${field} must be ${range}, got ${gotText}` with `gotText` written as is (a description, not a value). */
function reject(owner: string, field: string, range: string, gotText: string): never {
  throw new RangeError(`${owner}: ${field} must be ${range}, got ${gotText}`);
}

// -------------------------------------------------------------------------------------------
// Writing

/** Number of weights of an MLP with layer widths `sizes`: Σ (in·out + out). */
export function mlpWeightCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
  return n;
}

/**
 * The policy file text (JSON, one line per actor field group) of `spec`. Validates `spec` with the
 * same rules as `loadPolicy`, so a saved file always loads.
 */
export function savePolicy(spec: PolicySpec): string {
  const owner = 'savePolicy';
  record(owner, 'policy', spec);
  noUnknownKeys(owner, spec, ['actors', 'metadata'], 'policy');
  if (!Array.isArray(spec.actors) || spec.actors.length === 0) fail(owner, 'actors', 'a non-empty array of actors', spec.actors, true);
  const actors = spec.actors.map((a, k) => {
    const where = `actors[${k}]`;
    record(owner, where, a);
    const net = record(owner, `${where}.network`, a.network) as unknown as PolicyNetwork;
    if (!(net.weights instanceof Float64Array)) fail(owner, `${where}.network.weights`, 'a Float64Array', net.weights, true);
    const bytes = float64ToBytes(net.weights);
    return {
      id: a.id,
      network: {
        sizes: Array.isArray(net.sizes) ? [...net.sizes] : net.sizes,
        activation: net.activation,
        outputActivation: net.outputActivation,
        weights: { dtype: 'float64', byteOrder: 'little-endian', encoding: 'base64', count: net.weights.length, crc32: hex8(crc32(bytes)), data: base64Encode(bytes) },
      },
      decoding: a.decoding,
    };
  });
  const doc = { format: POLICY_FORMAT, version: POLICY_FORMAT_VERSION, metadata: spec.metadata ?? {}, actors };
  const text = JSON.stringify({ ...doc, crc32: documentCrc(doc) });
  parsePolicy(owner, JSON.parse(text) as unknown); // the file must load
  return text;
}

// -------------------------------------------------------------------------------------------
// Reading

/**
 * Validates a policy file (its text, or the already-parsed JSON value) and returns a policy whose
 * `act(obs)` runs it. Every check of the file header is applied before any weight array is
 * allocated; errors name the field (`loadPolicy: actors[1].network.sizes[0] must be …`).
 */
export function loadPolicy(file: string | unknown): PortablePolicy {
  const owner = 'loadPolicy';
  let doc: unknown = file;
  if (typeof file === 'string') {
    if (file.length > POLICY_LIMITS.maxTextLength) throw new RangeError(`${owner}: the file has ${file.length} characters, more than the limit of ${POLICY_LIMITS.maxTextLength}`);
    try {
      doc = JSON.parse(file) as unknown;
    } catch (e) {
      throw new SyntaxError(`${owner}: the file is not valid JSON (truncated or corrupted?): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const spec = parsePolicy(owner, doc);
  return buildPolicy(spec);
}

function parsePolicy(owner: string, doc: unknown): PolicySpec {
  const d = record(owner, 'file', doc);
  if (d['format'] !== POLICY_FORMAT) fail(owner, 'format', JSON.stringify(POLICY_FORMAT), d['format']);
  if (d['version'] !== POLICY_FORMAT_VERSION) fail(owner, 'version', `${POLICY_FORMAT_VERSION} (the only version this mecrl reads)`, d['version']);
  noUnknownKeys(owner, d, ['format', 'version', 'metadata', 'actors', 'crc32'], 'file');
  const metadata = record(owner, 'metadata', d['metadata'] ?? {}) as Readonly<Record<string, JsonValue>>;
  const list = d['actors'];
  if (!Array.isArray(list)) fail(owner, 'actors', 'a non-empty array', list, true);
  if (list.length === 0 || list.length > POLICY_LIMITS.maxActors) reject(owner, 'actors', `an array of 1 to ${POLICY_LIMITS.maxActors} actors`, `${list.length} actors`);
  const ids = new Set<string>();
  // Headers first (sizes, counts), then the weights: nothing is decoded from a bad header.
  const headers = list.map((a: unknown, k) => {
    const where = `actors[${k}]`;
    const actor = record(owner, where, a);
    noUnknownKeys(owner, actor, ['id', 'network', 'decoding'], where);
    const id = actor['id'];
    if (typeof id !== 'string' || id.length === 0) fail(owner, `${where}.id`, 'a non-empty string', id, true);
    if (ids.has(id)) fail(owner, `${where}.id`, 'unique among the actors', id);
    ids.add(id);
    const net = record(owner, `${where}.network`, actor['network']);
    noUnknownKeys(owner, net, ['sizes', 'activation', 'outputActivation', 'weights'], `${where}.network`);
    const sizesIn = net['sizes'];
    if (!Array.isArray(sizesIn) || sizesIn.length < 2 || sizesIn.length > POLICY_LIMITS.maxLayers + 1) {
      fail(owner, `${where}.network.sizes`, `an array of 2 to ${POLICY_LIMITS.maxLayers + 1} layer widths`, sizesIn, !Array.isArray(sizesIn));
    }
    const sizes = sizesIn.map((s: unknown, i) => integerIn(owner, `${where}.network.sizes[${i}]`, s, 1, POLICY_LIMITS.maxWidth));
    const activation = oneOf(owner, `${where}.network.activation`, net['activation'], ACTIVATIONS);
    const outputActivation = oneOf(owner, `${where}.network.outputActivation`, net['outputActivation'], ACTIVATIONS);
    const w = record(owner, `${where}.network.weights`, net['weights']);
    noUnknownKeys(owner, w, ['dtype', 'byteOrder', 'encoding', 'count', 'crc32', 'data'], `${where}.network.weights`);
    if (w['dtype'] !== 'float64') fail(owner, `${where}.network.weights.dtype`, '"float64"', w['dtype']);
    if (w['byteOrder'] !== 'little-endian') fail(owner, `${where}.network.weights.byteOrder`, '"little-endian"', w['byteOrder']);
    if (w['encoding'] !== 'base64') fail(owner, `${where}.network.weights.encoding`, '"base64"', w['encoding']);
    const count = integerIn(owner, `${where}.network.weights.count`, w['count'], 1, POLICY_LIMITS.maxWeights);
    const expected = mlpWeightCount(sizes);
    if (count !== expected) fail(owner, `${where}.network.weights.count`, `${expected} (the weights of sizes [${sizes.join(', ')}])`, count);
    const crc = w['crc32'];
    if (typeof crc !== 'string' || !/^[0-9a-f]{8}$/.test(crc)) fail(owner, `${where}.network.weights.crc32`, '8 lower-case hex digits', crc, typeof crc !== 'string');
    const data = w['data'];
    if (typeof data !== 'string') fail(owner, `${where}.network.weights.data`, 'a base64 string', data, true);
    if (data.length !== base64Length(count * 8)) {
      reject(owner, `${where}.network.weights.data`, `a base64 string of ${base64Length(count * 8)} characters (count = ${count} float64 values)`, `a string of ${data.length} characters`);
    }
    const decoding = parseDecoding(owner, `${where}.decoding`, actor['decoding'], sizes[sizes.length - 1]!, outputActivation);
    return { id, sizes, activation, outputActivation, count, crc, data, decoding, where };
  });
  let total = 0;
  for (const h of headers) total += h.count;
  if (total > 2 * POLICY_LIMITS.maxWeights) reject(owner, 'actors', `at most ${2 * POLICY_LIMITS.maxWeights} weights in all`, `${total} weights`);
  const actors: PolicyActor[] = headers.map((h) => {
    const field = `${h.where}.network.weights.data`;
    const bytes = base64Decode(owner, field, h.data, h.count * 8);
    const got = hex8(crc32(bytes));
    if (got !== h.crc) throw new RangeError(`${owner}: ${h.where}.network.weights fails its checksum: crc32 is ${got} but the file says ${h.crc} (the weights are corrupted)`);
    const weights = bytesToFloat64(bytes);
    for (let i = 0; i < weights.length; i++) {
      if (!Number.isFinite(weights[i]!)) fail(owner, `${h.where}.network.weights[${i}]`, 'a finite number', weights[i]);
    }
    return { id: h.id, network: { sizes: h.sizes, activation: h.activation, outputActivation: h.outputActivation, weights }, decoding: h.decoding };
  });
  // The document checksum (optional: files written by other tools may omit it) is checked last, so a
  // structural error is reported by name first; it catches what the weights' CRC does not cover
  // (a flipped bit in metadata, sizes, decoding bounds).
  if (d['crc32'] !== undefined) {
    const { crc32: sum, ...rest } = d;
    if (typeof sum !== 'string' || !/^[0-9a-f]{8}$/.test(sum)) fail(owner, 'crc32', '8 lower-case hex digits', sum, typeof sum !== 'string');
    const got = documentCrc(rest);
    if (got !== sum) throw new RangeError(`${owner}: the file fails its checksum: crc32 of the document is ${got} but the file says ${sum} (the file is corrupted)`);
  }
  return { actors, metadata };
}

/** CRC-32 (8 hex digits) of the UTF-8 bytes of `JSON.stringify(doc)` — the document without its own `crc32` key. */
function documentCrc(doc: unknown): string {
  return hex8(crc32(utf8(JSON.stringify(doc))));
}

/** UTF-8 bytes of a string (lone surrogates as U+FFFD, as TextEncoder does). */
function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
    else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

function parseDecoding(owner: string, where: string, value: unknown, out: number, squash: Activation): PolicyDecoding {
  const d = record(owner, where, value);
  const type = oneOf(owner, `${where}.type`, d['type'], ['continuous', 'argmax', 'softmax']);
  if (type === 'continuous') {
    noUnknownKeys(owner, d, ['type', 'low', 'high'], where);
    if (d['low'] === undefined && d['high'] === undefined) return { type };
    if (squash !== 'tanh' && squash !== 'sigmoid') fail(owner, `${where}.low`, `absent: action bounds need outputActivation "tanh" or "sigmoid" (the network's is ${JSON.stringify(squash)})`, d['low']);
    const bound = (f: 'low' | 'high'): number[] => {
      const v = d[f];
      if (!Array.isArray(v) || v.length !== out) fail(owner, `${where}.${f}`, `an array of ${out} finite numbers (one per network output)`, v, !Array.isArray(v));
      return v.map((x: unknown, i) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) fail(owner, `${where}.${f}[${i}]`, 'a finite number', x, typeof x !== 'number');
        return x;
      });
    };
    const low = bound('low'), high = bound('high');
    low.forEach((lo, i) => { if (!(lo <= high[i]!)) fail(owner, `${where}.high[${i}]`, `>= low[${i}] = ${lo}`, high[i]); });
    return { type, low, high };
  }
  noUnknownKeys(owner, d, type === 'argmax' ? ['type', 'heads', 'output', 'start'] : ['type', 'heads'], where);
  const headsIn = d['heads'];
  if (!Array.isArray(headsIn) || headsIn.length === 0 || headsIn.length > out) fail(owner, `${where}.heads`, `a non-empty array of head widths summing to ${out}`, headsIn, !Array.isArray(headsIn));
  const heads = headsIn.map((n: unknown, i) => integerIn(owner, `${where}.heads[${i}]`, n, 1, out));
  const sum = heads.reduce((a, b) => a + b, 0);
  if (sum !== out) reject(owner, `${where}.heads`, `head widths summing to the network output width ${out}`, `widths summing to ${sum}`);
  if (type === 'softmax') return { type, heads };
  const output = oneOf(owner, `${where}.output`, d['output'], ['index', 'onehot']);
  const start = d['start'] === undefined ? 0 : integerIn(owner, `${where}.start`, d['start'], -(2 ** 31), 2 ** 31 - 1);
  return { type, heads, output, start };
}

function buildPolicy(spec: PolicySpec): PortablePolicy {
  const nets: Mlp[] = spec.actors.map((a) => {
    // The rng only fills values that are overwritten at once; the layout is lib/nn's Mlp's.
    const net = mlp({ sizes: a.network.sizes, activation: a.network.activation, outputActivation: a.network.outputActivation, rng: fromSeed(0) });
    net.flat.data.set(a.network.weights);
    return net;
  });
  const ids = spec.actors.map((a) => a.id);
  const arena = new Arena();
  const index = (actor: string | number | undefined, fn: string): number => {
    if (actor === undefined) return 0;
    const i = typeof actor === 'number' ? (Number.isInteger(actor) && actor >= 0 && actor < ids.length ? actor : -1) : ids.indexOf(actor);
    if (i < 0) throw new RangeError(`PortablePolicy.${fn}: actor must be one of ${ids.map((x) => JSON.stringify(x)).join(', ')} or an index in [0, ${ids.length - 1}], got ${describeValue(actor)}`);
    return i;
  };
  return {
    version: POLICY_FORMAT_VERSION,
    metadata: spec.metadata ?? {},
    actorIds: ids,
    spec,
    obsDim: (actor) => spec.actors[index(actor, 'obsDim')]!.network.sizes[0]!,
    act(obs, actor) {
      const i = index(actor, 'act');
      const a = spec.actors[i]!, n = a.network.sizes[0]!;
      if (obs === null || typeof obs !== 'object' || obs.length !== n) fail('PortablePolicy.act', 'obs', `an array of ${n} finite numbers (actor ${JSON.stringify(a.id)})`, obs, true);
      const x = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const v = obs[k];
        if (typeof v !== 'number' || !Number.isFinite(v)) fail('PortablePolicy.act', `obs[${k}]`, 'a finite number', v);
        x[k] = v;
      }
      const y = arena.run(() => noGrad(() => nets[i]!.forward(fromData(x, [1, n])).data.slice()));
      return decode(a.decoding, a.network.outputActivation, y, arena);
    },
  };
}

/** The action of network output `y` under decoding `d`; `arena` holds the buffers of the ops (softmax). */
function decode(d: PolicyDecoding, squash: Activation, y: Float64Array, arena: Arena): PolicyAction {
  if (d.type === 'continuous') {
    if (d.low === undefined || d.high === undefined) return y;
    return toEnvAction(y, squash as ActorOutput, d.low, d.high, new Float64Array(y.length));
  }
  if (d.type === 'softmax') {
    // lib/tensor's softmax, head by head (what Maddpg.act computes).
    const p = new Float64Array(y.length);
    let o = 0;
    for (const n of d.heads) {
      p.set(arena.run(() => noGrad(() => softmax(fromData(y.subarray(o, o + n), [1, n])).data)), o);
      o += n;
    }
    return p;
  }
  const out = d.output === 'index' ? new Int32Array(d.heads.length) : new Float64Array(y.length);
  let off = 0;
  d.heads.forEach((n, h) => {
    let best = 0;
    for (let k = 1; k < n; k++) if (y[off + k]! > y[off + best]!) best = k; // lowest index on ties
    if (out instanceof Int32Array) out[h] = (d.start ?? 0) + best;
    else out[off + best] = 1;
    off += n;
  });
  return out;
}

// -------------------------------------------------------------------------------------------
// From mecrl's agents

/** The `network` of a policy actor from an `Mlp` (weights copied). */
export function networkOf(net: Mlp): PolicyNetwork {
  return { sizes: [...net.sizes], activation: net.activation, outputActivation: net.outputActivation, weights: net.flat.data.slice() };
}

/** Env action bounds of a continuous actor (e.g. a Box's `low`/`high`). */
export interface PolicyBounds {
  readonly low: ArrayLike<number>;
  readonly high: ArrayLike<number>;
}

/**
 * A DDPG/TD3 actor μ(s) as a policy actor: `act` returns the network action mapped onto `bounds`
 * (the env's Box, as the training loop's `toEnvAction`), or the network-space action without them.
 */
export function actorCriticPolicyActor(agent: Ddpg | Td3, options: { readonly id?: string; readonly bounds?: PolicyBounds } = {}): PolicyActor {
  return continuousActor(options.id ?? 'agent', agent.actor, options.bounds);
}

/**
 * MADDPG's per-agent actors. 'continuous': as `actorCriticPolicyActor` with `bounds[i]`;
 * 'gumbel': act = argmax of the logits ('index' → the category, 'onehot' → a one-hot vector, for
 * an env taking [0, 1]^n actions; default 'index'), or 'softmax' → softmax of the logits, exactly
 * `Maddpg.act` with `gumbelHard` false. `ids` default `agent_0`, `agent_1`, ….
 */
export function maddpgPolicyActors(agent: Maddpg, options: { readonly ids?: readonly string[]; readonly bounds?: readonly (PolicyBounds | undefined)[]; readonly output?: 'index' | 'onehot' | 'softmax' } = {}): PolicyActor[] {
  return agent.agents.map((a, i) => {
    const id = options.ids?.[i] ?? `agent_${i}`;
    if (agent.config.actionKind === 'continuous') return continuousActor(id, a.actor, options.bounds?.[i]);
    const heads = [agent.config.actionDims[i]!];
    if (options.output === 'softmax') return { id, network: networkOf(a.actor), decoding: { type: 'softmax', heads } };
    return { id, network: networkOf(a.actor), decoding: { type: 'argmax', heads, output: options.output ?? 'index' } };
  });
}

/** A DQN's greedy policy: per head the argmax of the Q-values, as indices + `start` (a Discrete space's start). */
export function dqnPolicyActor(agent: Dqn, options: { readonly id?: string; readonly start?: number } = {}): PolicyActor {
  return { id: options.id ?? 'agent', network: networkOf(agent.q), decoding: { type: 'argmax', heads: [...agent.config.nvec], output: 'index', start: options.start ?? 0 } };
}

function continuousActor(id: string, net: Mlp, bounds: PolicyBounds | undefined): PolicyActor {
  if (bounds === undefined) return { id, network: networkOf(net), decoding: { type: 'continuous' } };
  return { id, network: networkOf(net), decoding: { type: 'continuous', low: Array.from(bounds.low), high: Array.from(bounds.high) } };
}
