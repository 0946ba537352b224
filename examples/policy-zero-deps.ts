// Acting with a trained policy from its `policy.json` (written by `mecrl run`, e.g. for small-cell)
// with ZERO dependencies: no mecrl, no packages — only JSON, base64, IEEE-754 doubles and CRC-32.
// The same ~70 lines port to a browser page or to Python/C. Format: lib/rl/policyFile.ts.
//
//   npx tsx examples/policy-zero-deps.ts runs/small-cell/jobs/f-drl-seed1/policy.json

import { readFileSync } from 'node:fs'; // only to read the file in main(); the reader takes the text
import { pathToFileURL } from 'node:url';

type Decoding = { type: 'continuous'; low?: number[]; high?: number[] } | { type: 'argmax' | 'softmax'; heads: number[]; output?: 'index' | 'onehot'; start?: number };
interface Actor { id: string; network: { sizes: number[]; activation: string; outputActivation: string; weights: { count: number; crc32: string; data: string } }; decoding: Decoding }

const ACT: Record<string, (x: number) => number> = {
  identity: (x) => x, relu: (x) => (x > 0 ? x : 0), tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)), leakyRelu: (x) => (x > 0 ? x : 0.01 * x),
};

/** CRC-32 (zlib's) of a byte array. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** The weights of one actor: base64 → bytes → checked → little-endian float64. */
function weightsOf(a: Actor): Float64Array {
  const bin = atob(a.network.weights.data);
  const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  if (bytes.length !== a.network.weights.count * 8) throw new Error(`${a.id}: expected ${a.network.weights.count * 8} weight bytes, got ${bytes.length}`);
  if (crc32(bytes).toString(16).padStart(8, '0') !== a.network.weights.crc32) throw new Error(`${a.id}: weights fail their CRC-32`);
  const view = new DataView(bytes.buffer);
  return Float64Array.from({ length: a.network.weights.count }, (_, i) => view.getFloat64(8 * i, true));
}

/** Reads a policy file; returns `act(obs, actorId)` for each of its actors. */
export function readPolicy(text: string): { ids: string[]; act: (obs: ArrayLike<number>, id?: string) => number[] } {
  const file = JSON.parse(text) as { format: string; version: number; actors: Actor[] };
  if (file.format !== 'mecrl-policy' || file.version !== 1) throw new Error(`not a mecrl-policy v1 file (${file.format} v${file.version})`);
  const actors = new Map(file.actors.map((a) => [a.id, { a, w: weightsOf(a) }]));
  return {
    ids: file.actors.map((a) => a.id),
    act(obs, id = file.actors[0]!.id) {
      const { a, w } = actors.get(id)!;
      const { sizes } = a.network;
      let h = Array.from(obs), off = 0;
      for (let l = 0; l + 1 < sizes.length; l++) {
        const nIn = sizes[l]!, nOut = sizes[l + 1]!, f = ACT[l + 2 === sizes.length ? a.network.outputActivation : a.network.activation]!;
        const y = new Array<number>(nOut).fill(0);
        for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) y[j]! += h[i]! * w[off + i * nOut + j]!; // W is [in, out] row-major
        off += nIn * nOut;
        h = y.map((v, j) => f(v + w[off + j]!)); // then the bias [out]
        off += nOut;
      }
      const d = a.decoding;
      if (d.type === 'continuous') {
        if (d.low === undefined || d.high === undefined) return h;
        const [rLo, rHi] = a.network.outputActivation === 'tanh' ? [-1, 1] : [0, 1];
        return h.map((u, i) => Math.min(d.high![i]!, Math.max(d.low![i]!, d.low![i]! + ((u - rLo) / (rHi - rLo)) * (d.high![i]! - d.low![i]!))));
      }
      const out: number[] = [];
      let start = 0;
      for (const n of d.heads) {
        const head = h.slice(start, start + n), best = head.indexOf(Math.max(...head)); // lowest index on ties
        if (d.type === 'softmax') {
          const e = head.map((v) => Math.exp(v - head[best]!)), s = e.reduce((x, y) => x + y, 0);
          out.push(...e.map((v) => v / s));
        } else if (d.output === 'index') out.push((d.start ?? 0) + best);
        else out.push(...head.map((_, k) => (k === best ? 1 : 0)));
        start += n;
      }
      return out;
    },
  };
}

/** Loads `file` and prints each actor's action for an all-0.5 observation. */
export function main(file: string): Record<string, number[]> {
  const text = readFileSync(file, 'utf8');
  const policy = readPolicy(text);
  const sizes = (JSON.parse(text) as { actors: Actor[] }).actors.map((a) => a.network.sizes[0]!);
  const out: Record<string, number[]> = {};
  policy.ids.forEach((id, k) => {
    out[id] = policy.act(new Array<number>(sizes[k]!).fill(0.5), id);
    console.log(`${id}: action[0..3] = ${out[id]!.slice(0, 4).map((v) => v.toFixed(4)).join(', ')} … (${out[id]!.length} values)`);
  });
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === undefined) throw new Error('usage: npx tsx examples/policy-zero-deps.ts path/to/policy.json');
  main(process.argv[2]);
}
