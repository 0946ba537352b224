// `npm run bench:heap`: where a workload's heap goes, update by update. Runs W1 or W5 (paper 1's
// MADDPG step) through the public API, and after every window of updates forces two full GCs and
// prints the growth per update in all and per V8 heap space (new, old, code, large objects …).
// Growth that shrinks window after window and sits in the code space is the optimizing compiler
// still compiling call sites (bounded); growth that stays put in the old space is objects kept
// alive (a leak). `--diff` also takes a heap snapshot after the first and after the last window and
// prints which node types/names grew (V8's heap-snapshot format: nodes of type `code` are compiled
// code and its metadata, everything else is the program's own objects).
//   --workload W1|W5 (default W5)  --backend ts|wasm (default wasm)  --windows N (default 4)
//   --updates N per window (default 500 for W5, 2000 for W1)  --diff
// Example (docs/performance.md, "Heap growth on W5"): npm run bench:heap -- --workload W5 --diff

import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setBackend, wasmUnavailable, type Backend } from '../lib/tensor/index.js';
import { makeW5 } from './peers/mecrl_w5.js';
import { makeW1 } from './workloads.js';

const { values: args } = parseArgs({
  options: {
    workload: { type: 'string', default: 'W5' },
    backend: { type: 'string', default: 'wasm' },
    windows: { type: 'string', default: '4' },
    updates: { type: 'string' },
    diff: { type: 'boolean', default: false },
  },
});
const workload = args.workload!.toUpperCase();
if (workload !== 'W1' && workload !== 'W5') throw new Error(`--workload must be W1 or W5, got ${args.workload}`);
const backend = args.backend as Backend;
if (backend !== 'ts' && backend !== 'wasm') throw new Error(`--backend must be ts or wasm, got ${String(backend)}`);
if (setBackend(backend) !== backend) throw new Error(`--backend ${backend}: unavailable here (${wasmUnavailable() ?? '?'})`);
const windows = Number(args.windows), updates = Number(args.updates ?? (workload === 'W5' ? 500 : 2000));
for (const [name, v] of [['--windows', windows], ['--updates', updates]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be an integer >= 1, got ${v}`);
}

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const fullGc = (): void => { gc(); gc(); };
const spaces = (): Record<string, number> => Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));

/** Bytes and counts per "type:name" of a V8 heap snapshot file. */
function snapshotTotals(file: string): Map<string, { count: number; bytes: number }> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = s.snapshot.meta.node_fields, types = s.snapshot.meta.node_types[0];
  const width = fields.length, iType = fields.indexOf('type'), iName = fields.indexOf('name'), iSize = fields.indexOf('self_size');
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const key = `${types[s.nodes[i + iType]!]}:${String(s.strings[s.nodes[i + iName]!]).slice(0, 60)}`;
    const t = out.get(key) ?? { count: 0, bytes: 0 };
    t.count++; t.bytes += s.nodes[i + iSize]!;
    out.set(key, t);
  }
  return out;
}

const update = workload === 'W5' ? makeW5(5).update : makeW1(11).update;
const dir = args.diff ? mkdtempSync(join(tmpdir(), 'mecrl-heap-')) : null;
console.log(`${workload} on ${backend}: ${windows} windows of ${updates} updates; growth per update after two full GCs`);
let done = 0;
for (let w = 0; w < windows; w++) {
  fullGc();
  const h0 = process.memoryUsage().heapUsed, s0 = spaces();
  for (let i = 0; i < updates; i++) update();
  done += updates;
  fullGc();
  const h1 = process.memoryUsage().heapUsed, s1 = spaces();
  const perSpace = Object.keys(s1).filter((k) => s1[k] !== s0[k]).map((k) => `${k} ${((s1[k]! - (s0[k] ?? 0)) / updates).toFixed(1)}`).join(', ');
  console.log(`after ${done} updates: ${((h1 - h0) / updates).toFixed(1)} B/update (${perSpace || 'no space changed'}); heap ${(h1 / 1e6).toFixed(2)} MB`);
  if (dir !== null && (w === 0 || w === windows - 1)) v8.writeHeapSnapshot(join(dir, `w${w}.heapsnapshot`));
}
if (dir !== null && windows > 1) {
  const a = snapshotTotals(join(dir, 'w0.heapsnapshot')), b = snapshotTotals(join(dir, `w${windows - 1}.heapsnapshot`));
  const rows: Array<[string, number, number]> = [];
  for (const [k, t] of b) { const o = a.get(k) ?? { count: 0, bytes: 0 }; if (t.bytes !== o.bytes || t.count !== o.count) rows.push([k, t.count - o.count, t.bytes - o.bytes]); }
  for (const [k, o] of a) if (!b.has(k)) rows.push([k, -o.count, -o.bytes]);
  rows.sort((x, y) => Math.abs(y[2]) - Math.abs(x[2]));
  const total = rows.reduce((s, r) => s + r[2], 0), code = rows.filter((r) => r[0].startsWith('code:')).reduce((s, r) => s + r[2], 0);
  console.log(`\nsnapshot diff, after window 1 → after window ${windows}: ${total} bytes (${(total / (done - updates)).toFixed(1)} B/update), of which type code ${code} bytes`);
  for (const [k, n, bytes] of rows.slice(0, 20)) console.log(`  ${String(bytes).padStart(8)} B  ${String(n).padStart(5)} nodes  ${k}`);
  rmSync(dir, { recursive: true, force: true });
}
