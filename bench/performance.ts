// `npm run docs:performance`: writes docs/performance.md from bench/results/*.json — latest.json
// (`npm run bench`: mecrl vs the hand-fused reference, kernels, heap), peers.json (`npm run
// bench:peers`: mecrl vs the reference, PyTorch and TensorFlow.js, alternating rounds) and
// scaling.json when present. No dependencies: tables in Markdown, charts as Unicode bars in code
// blocks (they render everywhere, GitHub included, which strips inline SVG).
//
// Everything in docs/performance.md is generated EXCEPT the block between the markers
// `<!-- notes:begin -->` and `<!-- notes:end -->`, which is carried over from the previous file
// (profiles and explanations of gaps are written there by hand).
//
// Other result files are optional and rendered when present: scaling.json (`npm run bench:scaling`:
// `methods.<name>.perAgents[]` {agents, msPerStep, min, max, criticInput} and `exponent`),
// speedup.json (`npm run bench:speedup`: `heavyMaddpgStep` / `wholeSeeds` {serial, parallel,
// speedup, speedupMin, speedupMax}; `heavyMaddpgStep.speedup` is the "2 worker threads ≥ 1.7×
// serial" target), and any other bench/results/*.json as JSON.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../cli/fs/atomic.js';
import type { Module } from '../lib/nn/index.js';
import { withBackend, wasmUnavailable } from '../lib/tensor/index.js';
import { makeW5 } from './peers/mecrl_w5.js';
import { ROOT } from './shared.js';
import { makeW1, makeW2, makeW3 } from './workloads.js';

const RESULTS = resolve(ROOT, 'bench', 'results');
const OUT = resolve(ROOT, 'docs', 'performance.md');
const NOTES_BEGIN = '<!-- notes:begin -->', NOTES_END = '<!-- notes:end -->';

type Json = Record<string, unknown>;
interface Cell { median: number; min: number; max: number; ratioToMecrl: number; ratioMin: number; ratioMax: number; values: number[]; unit: string; dtype: string }
type ImplResults = Record<string, Cell | undefined>;

function readJson(name: string): Json | null {
  const p = resolve(RESULTS, name);
  if (!existsSync(p)) return null;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as Json;
  } catch (e) {
    throw new Error(`bench/results/${name} is not valid JSON: ${(e as Error).message}`);
  }
}

const WL: Record<string, { name: string; unit: string; higher: boolean }> = {
  W1: { name: 'ddpg-update', unit: 'updates/s', higher: true },
  W2: { name: 'maddpg-critic', unit: 'updates/s', higher: true },
  W3: { name: 'act-latency', unit: 'µs per call', higher: false },
  W5: { name: 'maddpg-step-paper1', unit: 'steps/s', higher: true },
};
const META_KEYS = new Set(['machine', 'versions', 'settings', 'gc', 'date']);

/**
 * Analytic matmul FLOPs of one call of each workload (2·B·in·out per dense-layer pass; bias,
 * activations, losses, Adam and Polyak not counted), to turn rates into GFLOP/s. Passes: forward of
 * both layers; weight gradients of both layers (the step's own net); input gradient of the output
 * layer (to the hidden units); input gradient of the first layer only where it is needed (the
 * critic's input in an actor step).
 */
const FLOPS: Record<string, number> = (() => {
  type Net = readonly [readonly [number, number], readonly [number, number]];
  const mm = (B: number, [i, o]: readonly [number, number]): number => 2 * B * i * o;
  const fwd = (B: number, n: Net): number => mm(B, n[0]) + mm(B, n[1]);
  const dW = fwd, dxHidden = (B: number, n: Net): number => mm(B, n[1]), dxInput = (B: number, n: Net): number => mm(B, n[0]);
  const actorW1: Net = [[60, 64], [64, 40]], criticW1: Net = [[100, 64], [64, 1]], criticW2: Net = [[600, 64], [64, 1]];
  const ddpgLike = (B: number, a: Net, c: Net): number => fwd(B, c) + dW(B, c) + dxHidden(B, c) + fwd(B, a) + fwd(B, c) + dxHidden(B, c) + dxInput(B, c) + dW(B, a) + dxHidden(B, a);
  const actorW5: Net = [[206, 64], [64, 190]], criticW5: Net = [[2376, 64], [64, 1]];
  return {
    W1: ddpgLike(32, actorW1, criticW1),
    W2: fwd(32, criticW2) + dW(32, criticW2) + dxHidden(32, criticW2),
    W3: fwd(1, actorW1),
    // target actions of 6 agents, then per agent: target critic forward + a DDPG-like step
    W5: 6 * (fwd(32, actorW5) + fwd(32, criticW5) + ddpgLike(32, actorW5, criticW5)),
  };
})();

const num = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toPrecision(2);
};
const ratio = (x: number): string => `${x.toFixed(2)}×`;
const median = (a: readonly number[]): number => { const s = [...a].sort((x, y) => x - y), n = s.length; return n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2; };
const esc = (s: string): string => s.replace(/\|/g, '\\|');

function bar(frac: number, width = 40): string {
  const f = Math.max(0, Math.min(1, frac)) * width;
  const full = Math.floor(f), rest = f - full;
  const parts = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const tail = parts[Math.round(rest * 7)] ?? '';
  return '█'.repeat(full) + tail || '▏';
}

/** Same-round ratio of two implementations' values, oriented "> 1 = a is faster". */
function sameRound(a: Cell, b: Cell, higher: boolean): { med: number; min: number; max: number } | null {
  const n = Math.min(a.values.length, b.values.length);
  if (n === 0) return null;
  const r = Array.from({ length: n }, (_, i) => (higher ? a.values[i]! / b.values[i]! : b.values[i]! / a.values[i]!));
  return { med: median(r), min: Math.min(...r), max: Math.max(...r) };
}

interface Target { target: string; measured: string; ceiling: string; status: string }

function status(ok: boolean | null): string {
  return ok === null ? 'not measured' : ok ? '**met**' : '**not met**';
}

function implsOf(peers: Json): string[] {
  return Object.keys(peers).filter((k) => !META_KEYS.has(k));
}

function peerTargets(peers: Json | null, latest: Json | null, scaling: Json | null, speedup: Json | null): Target[] {
  const out: Target[] = [];
  const cell = (impl: string, w: string): Cell | undefined => (peers?.[impl] as ImplResults | undefined)?.[w];
  const fmtR = (c: { ratioToMecrl: number; ratioMin: number; ratioMax: number }): string => `${ratio(c.ratioToMecrl)} (${c.ratioMin.toFixed(2)}–${c.ratioMax.toFixed(2)})`;
  const ceilingVs = (peer: string, w: string): string => {
    const ref = cell('reference-k4', w), p = cell(peer, w);
    if (ref === undefined || p === undefined) return '—';
    const r = sameRound(ref, p, WL[w]!.higher);
    return r === null ? '—' : `${ratio(r.med)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  };
  const peerRow = (w: string, peer: string, need: number, label: string): void => {
    const c = cell(peer, w);
    if (c === undefined) { out.push({ target: label, measured: `no ${peer} in peers.json`, ceiling: '—', status: status(null) }); return; }
    out.push({ target: label, measured: `mecrl ${fmtR(c)} ${peer}`, ceiling: `reference-k4 ${ceilingVs(peer, w)} ${peer}`, status: status(c.ratioToMecrl >= need) });
  };
  if (peers !== null) {
    const torches = implsOf(peers).filter((i) => i.startsWith('torch-'));
    for (const t of torches.filter((t) => t.endsWith('-f64'))) peerRow('W1', t, 1.0, `W1 ddpg-update: mecrl ≥ 1.0× PyTorch (1 thread) — ${t}`);
    for (const t of torches.filter((t) => t.endsWith('-f32'))) peerRow('W1', t, 1.0, `W1 ddpg-update: mecrl ≥ 1.0× PyTorch (secondary, float32) — ${t}`);
    peerRow('W1', 'tfjs-cpu', 4.0, 'W1 ddpg-update: mecrl ≥ 4× tfjs-cpu');
    for (const p of [...torches, ...implsOf(peers).filter((i) => i.startsWith('tfjs-'))]) peerRow('W3', p, 2.5, `W3 act-latency: mecrl ≥ 2.5× faster than ${p}`);
  }
  // Reference targets: peers.json (same run as the peers) and latest.json (npm run bench).
  const refRow = (w: 'W1' | 'W2' | 'W3', need: number, label: string): void => {
    const parts: string[] = [];
    const oks: boolean[] = [];
    const c = cell('reference-k4', w);
    if (c !== undefined) {
      if (w === 'W3') {
        const m = 1 / c.ratioToMecrl; // mecrl latency / reference latency
        parts.push(`peers.json: mecrl/reference latency ${ratio(m)} (${(1 / c.ratioMax).toFixed(2)}–${(1 / c.ratioMin).toFixed(2)})`);
        oks.push(m <= need);
      } else {
        parts.push(`peers.json: ${fmtR(c)}`);
        oks.push(c.ratioToMecrl >= need);
      }
    }
    const l = (latest?.['workloads'] as Json | undefined)?.[w] as { ratio: number; ratioMin: number; ratioMax: number } | undefined;
    if (l !== undefined) {
      parts.push(`latest.json: ${w === 'W3' ? 'mecrl/reference latency ' : ''}${ratio(l.ratio)} (${l.ratioMin.toFixed(2)}–${l.ratioMax.toFixed(2)})`);
      oks.push(w === 'W3' ? l.ratio <= need : l.ratio >= need);
    }
    const st = oks.length === 0 ? status(null) : oks.every((x) => x) ? status(true) : oks.some((x) => x) ? '**borderline** (met in one run, not the other)' : status(false);
    out.push({ target: label, measured: parts.join('; ') || 'not measured', ceiling: 'is the ceiling', status: st });
  };
  refRow('W2', 0.9, 'W2 maddpg-critic: mecrl ≥ 0.9× hand-fused reference (k4, f64)');
  refRow('W1', 0.8, 'W1 ddpg-update: mecrl ≥ 0.8× hand-fused reference (k4, f64)');
  refRow('W3', 1.3, 'W3 act-latency: mecrl latency ≤ 1.3× hand-fused reference (k4, f64)');
  // Heap and GC.
  const heapLatest = ((latest?.['heap'] as Json | undefined)?.['bytesPerUpdate'] as number | null | undefined) ?? null;
  const gc = peers?.['gc'] as { heapBytesPerUpdate?: number; counts?: Record<string, number>; updates?: number } | undefined;
  const heapParts: string[] = [];
  if (heapLatest !== null) heapParts.push(`latest.json: ${heapLatest.toFixed(2)} B/update`);
  if (gc?.heapBytesPerUpdate !== undefined) heapParts.push(`peers.json gc run: ${gc.heapBytesPerUpdate.toFixed(2)} B/update`);
  const heaps = [heapLatest, gc?.heapBytesPerUpdate ?? null].filter((x): x is number => x !== null);
  out.push({ target: 'Heap growth per W1 update (10 000 updates, after GC) < 100 bytes', measured: heapParts.join('; ') || 'not measured', ceiling: '—', status: status(heaps.length === 0 ? null : heaps.every((h) => h < 100)) });
  out.push({
    target: 'GC counts reported',
    measured: gc?.counts !== undefined ? `${Object.entries(gc.counts).map(([k, v]) => `${k} ${v}`).join(', ')} over ${gc.updates} W1 updates` : 'not measured',
    ceiling: '—',
    status: status(gc?.counts !== undefined ? true : null),
  });
  // Parallel MADDPG: speedup.json heavyMaddpgStep (npm run bench:speedup), else any `speedup` field.
  const label = "Paper 1's 6-agent MADDPG step on 2 worker threads ≥ 1.7× serial";
  const heavy = speedup?.['heavyMaddpgStep'] as { speedup?: number; speedupMin?: number; speedupMax?: number; bitIdentical?: boolean } | undefined;
  const others = [...(speedup === null ? [] : findSpeedups(speedup, 'speedup.json')), ...(scaling === null ? [] : findSpeedups(scaling, 'scaling.json'))];
  if (typeof heavy?.speedup === 'number') {
    const mm = heavy.speedupMin !== undefined && heavy.speedupMax !== undefined ? ` (${heavy.speedupMin.toFixed(2)}–${heavy.speedupMax.toFixed(2)})` : '';
    out.push({ target: label, measured: `speedup.json heavyMaddpgStep: ${ratio(heavy.speedup)}${mm}${heavy.bitIdentical === true ? ', states bit-identical to serial' : heavy.bitIdentical === false ? ', states NOT bit-identical to serial' : ''}`, ceiling: '2 cores: ≤ 2×', status: status(heavy.speedup >= 1.7) });
  } else if (others.length > 0) {
    out.push({ target: label, measured: others.map(([p, v]) => `${p} = ${ratio(v)}`).join('; '), ceiling: '2 cores: ≤ 2×', status: 'see those files (no `heavyMaddpgStep.speedup`)' });
  } else {
    out.push({ target: label, measured: 'no bench/results/speedup.json (`npm run bench:speedup`)', ceiling: '—', status: status(null) });
  }
  return out;
}

/**
 * Issue 15's targets: the wasm backend (peers.json's `mecrl-wasm` row, same rounds as the peers) against
 * the ts path (`mecrl`) and PyTorch+OpenBLAS, and bench:wasm's kernels against the measured ceiling.
 */
function wasmSection(peers: Json | null, ceiling: Json | null): string[] {
  const L: string[] = ['## Targets of issue 15 (the wasm backend)', ''];
  const cell = (impl: string, w: string): Cell | undefined => (peers?.[impl] as ImplResults | undefined)?.[w];
  const rows: Target[] = [];
  const mm = (r: { med: number; min: number; max: number }): string => `${ratio(r.med)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  // wasm vs ts: ratioToMecrl is mecrl/peer for throughput, peer/mecrl for latency; invert to "wasm speed-up over ts".
  for (const [w, need] of [['W5', 3], ['W1', null], ['W2', null], ['W3', 1]] as const) {
    const c = cell('mecrl-wasm', w);
    const label = w === 'W3' ? 'W3 act-latency: wasm latency no worse than ts (speed-up ≥ 1, i.e. ts/wasm latency)' : need === null ? `${w} ${WL[w]!.name}: wasm speed-up over ts (reported)` : `${w} ${WL[w]!.name} on one thread: wasm f64 ≥ ${need}× the ts path`;
    if (c === undefined) { rows.push({ target: label, measured: 'no mecrl-wasm in peers.json', ceiling: '—', status: status(null) }); continue; }
    const r = { med: 1 / c.ratioToMecrl, min: 1 / c.ratioMax, max: 1 / c.ratioMin };
    rows.push({ target: label, measured: `wasm/ts ${mm(r)}`, ceiling: '—', status: need === null ? 'reported' : status(r.med >= need * (w === 'W3' ? 0.95 : 1)) });
  }
  for (const [peer, dtype] of [['torch-openblas-f64', 'f64'], ['torch-openblas-f32', 'f32']] as const) {
    const a = cell('mecrl-wasm', 'W5'), p = cell(peer, 'W5');
    const label = `W5 maddpg-step-paper1: wasm f64 ≥ 0.8× ${peer}${dtype === 'f32' ? ' (no f32 training dtype: f64 against f32)' : ''}`;
    const r = a !== undefined && p !== undefined ? sameRound(a, p, true) : null;
    rows.push({ target: label, measured: r === null ? `no mecrl-wasm or ${peer} W5 in peers.json` : `mecrl-wasm ${mm(r)} ${peer}`, ceiling: 'see the ceiling table below', status: status(r === null ? null : r.med >= 0.8) });
  }
  L.push('| target | measured (median, min–max over rounds) | ceiling | status |', '|---|---|---|---|');
  for (const t of rows) L.push(`| ${esc(t.target)} | ${esc(t.measured)} | ${esc(t.ceiling)} | ${t.status} |`);
  L.push('');
  if (ceiling === null) {
    L.push('No `bench/results/wasm-ceiling.json` yet (`npm run bench:wasm`).', '');
    return L;
  }
  const products = (ceiling['products'] ?? {}) as Record<string, Record<string, number>>;
  const peak = ceiling['peak128'] as { gflops?: number; arithmetic?: string } | undefined;
  const cols = ['ceiling-f64', 'wasm-resident', 'wasm-arena', 'wasm-copy', 'ts', 'ceiling-f32', 'wasm-f32'];
  const lib = (r: Record<string, number>): number | undefined => r['wasm-arena'] ?? r['wasm-copy']; // the learners run on arena data; older files have no wasm-arena
  L.push(`GFLOP/s per W5 product from \`bench/results/wasm-ceiling.json\` (\`npm run bench:wasm\`): the ceiling is the best of the register-blocked f64x2 microkernels (f32x4 for \`ceiling-f32\`); \`wasm-arena\` is the library's kernel as the ops call it on a network arena's data (in place: the learners' case), \`wasm-copy\` on ordinary arrays (copied in and out). 128-bit f64 peak: ${peak?.gflops !== undefined && peak.gflops > 0 ? `${peak.gflops.toFixed(1)} GFLOP/s` : 'clock unknown'} (${peak?.arithmetic ?? ''}).`, '');
  L.push(`| product | ${cols.join(' | ')} | library / ceiling | library f32 / ceiling-f32 |`, `|---|${cols.map(() => '---|').join('')}---|---|`);
  for (const [name, r] of Object.entries(products)) L.push(`| ${esc(name)} | ${cols.map((c) => (r[c] === undefined ? '—' : r[c]!.toFixed(2))).join(' | ')} | ${lib(r) !== undefined && r['ceiling-f64'] ? ratio(lib(r)! / r['ceiling-f64']!) : '—'} | ${r['wasm-f32'] !== undefined && r['ceiling-f32'] ? ratio(r['wasm-f32'] / r['ceiling-f32']) : '—'} |`);
  const fractions = Object.values(products).flatMap((r) => (lib(r) !== undefined && r['ceiling-f64'] ? [lib(r)! / r['ceiling-f64']!] : []));
  const fractions32 = Object.values(products).flatMap((r) => (r['wasm-f32'] !== undefined && r['ceiling-f32'] ? [r['wasm-f32'] / r['ceiling-f32']] : []));
  const lowest = fractions.length > 0 ? Math.min(...fractions) : NaN;
  L.push('', `Target: the kernels reach ≥ 70 % of the ceiling (\`library / ceiling\` ≥ 0.70×, library = \`wasm-arena\`, or \`wasm-copy\` in files written before arenas) where PyTorch+OpenBLAS is out of reach. Status: ${Number.isFinite(lowest) ? `${lowest >= 0.7 ? '**met**' : '**not met**'} (lowest ${ratio(lowest)}, ${fractions.filter((f) => f >= 0.7).length} of ${fractions.length} products at ≥ 0.70×)` : 'no data'}; float32 (\`wasm-f32\`, the library's f32 kernels, against \`ceiling-f32\`): ${fractions32.length > 0 ? `${Math.min(...fractions32) >= 0.7 ? '**met**' : '**not met**'} (lowest ${ratio(Math.min(...fractions32))}, ${fractions32.filter((f) => f >= 0.7).length} of ${fractions32.length} products at ≥ 0.70×)` : 'no f32 rows in this file'}. The ceiling is a probe (the best of three fixed-shape microkernels), not a bound: a library kernel can beat it on a shape.`, '');
  return L;
}

function findSpeedups(x: unknown, path: string): Array<[string, number]> {
  if (x === null || typeof x !== 'object') return [];
  const out: Array<[string, number]> = [];
  for (const [k, v] of Object.entries(x as Json)) {
    const p = path === '' ? k : `${path}.${k}`;
    if (/speedup/i.test(k) && typeof v === 'number') out.push([p, v]);
    else out.push(...findSpeedups(v, p));
  }
  return out;
}

function peersSection(peers: Json): string[] {
  const L: string[] = [];
  const impls = implsOf(peers);
  const settings = (peers['settings'] ?? {}) as { rounds?: number; repsPerProcess?: number; msPerMeasurement?: number; w5MsPerMeasurement?: number; implementations?: Record<string, { note?: string; dtype?: string }>; wallSeconds?: number; timing?: string };
  L.push('## Side by side: mecrl, the hand-fused reference, PyTorch and TensorFlow.js');
  L.push('');
  L.push(`From \`bench/results/peers.json\` (${String(peers['date'] ?? 'undated')}), written by \`npm run bench:peers\`: ${settings.rounds ?? '?'} rounds; every round runs every implementation once, each in its own process, alternating in a fixed order; each process reports the median of ${settings.repsPerProcess ?? '?'} measurements (${settings.msPerMeasurement ?? '?'} ms each for W1/W2, ${settings.w5MsPerMeasurement ?? '?'} ms for W5, 5000 calls for W3) after a warm-up. All on **1 thread**. Wall time ${settings.wallSeconds ?? '?'} s.`);
  L.push('');
  L.push('**Ratio column: `mecrl ×r` is the median over rounds of the same-round ratio, oriented so that r > 1 always means mecrl is faster** — mecrl/peer for throughput (W1, W2, W5), peer/mecrl for latency (W3). min–max are over rounds.');
  L.push('');
  L.push('| implementation | what it is |');
  L.push('|---|---|');
  for (const i of impls) L.push(`| \`${i}\` | ${esc(settings.implementations?.[i]?.note ?? '')} |`);
  L.push('');
  L.push('Workloads: W1–W3 exactly as `shared/bench/reference.cjs` defines them (W1 is its cut-down DDPG step: critic MSE vs fixed targets + Adam, actor through the critic + Adam, Polyak of both target nets); W5 is one full MADDPG training step of paper 1 at the paper\'s sizes (6 agents, actor 206→64→190 sigmoid, critic 2376→64→1, batch 32, target actions first, then per agent critic step on y = r + γQ′(s′, μ′(s′)), actor step through the critic, Polyak τ = 0.01 of actor and critic). Sources: `bench/workloads.ts`, `bench/peers/mecrl_w5.ts` (mecrl\'s `Maddpg` class), `bench/peers/torch_workloads.py`, `bench/peers/tfjs/workloads.mjs`.');
  L.push('');
  for (const w of Object.keys(WL)) {
    const rows = impls.map((i) => [i, (peers[i] as ImplResults)[w]] as const).filter((r): r is readonly [string, Cell] => r[1] !== undefined);
    if (rows.length === 0) continue;
    const meta = WL[w]!;
    L.push(`### ${w} \`${meta.name}\` — ${meta.unit} (${meta.higher ? 'higher' : 'lower'} is better)`);
    L.push('');
    const gflops = (c: Cell): number => (meta.higher ? (c.median * FLOPS[w]!) / 1e9 : FLOPS[w]! / (c.median * 1e3));
    L.push(`| implementation | dtype | median | min–max | mecrl ×r (min–max) | GFLOP/s |`);
    L.push('|---|---|--:|--:|--:|--:|');
    for (const [i, c] of rows) L.push(`| \`${i}\` | ${c.dtype} | ${num(c.median)} | ${num(c.min)}–${num(c.max)} | ${i === 'mecrl' ? '1 (itself)' : `${ratio(c.ratioToMecrl)} (${c.ratioMin.toFixed(2)}–${c.ratioMax.toFixed(2)})`} | ${gflops(c).toFixed(2)} |`);
    L.push('');
    L.push(`GFLOP/s: analytic matmul FLOPs per call (${(FLOPS[w]! / 1e6).toPrecision(4)} MFLOP; see \`FLOPS\` in bench/performance.ts) × the median rate.`);
    L.push('');
    // Chart: speed relative to the fastest (throughput as is; latency as calls/s = 1/latency).
    const speed = rows.map(([i, c]) => [i, meta.higher ? c.median : 1 / c.median] as const);
    const best = Math.max(...speed.map((s) => s[1]));
    const pad = Math.max(...rows.map(([i]) => i.length));
    L.push('```text');
    L.push(`${meta.higher ? meta.unit : `speed (1/latency)`}, relative to the fastest = full bar`);
    for (const [i, s] of speed) {
      const c = rows.find((r) => r[0] === i)![1];
      L.push(`${i.padEnd(pad)} ${bar(s / best).padEnd(41)} ${num(c.median)} ${meta.higher ? '' : 'µs'}`.trimEnd());
    }
    L.push('```');
    L.push('');
  }
  return L;
}

function latestSection(latest: Json): string[] {
  const L: string[] = [];
  const w = (latest['workloads'] ?? {}) as Record<string, Json>;
  L.push('## mecrl vs the hand-fused reference (`npm run bench`)');
  L.push('');
  L.push(`From \`bench/results/latest.json\` (${String(latest['date'] ?? 'undated')}): W1–W3 through mecrl's public API, alternating with \`reference.cjs k4 f64\` for ${String((latest['settings'] as Json | undefined)?.['rounds'] ?? '?')} rounds (tinybench timing for mecrl; ratio = ours/reference, so for W3 < 1 is faster).`);
  L.push('');
  L.push('| workload | mecrl | reference-k4 | ratio (min–max) | unit |');
  L.push('|---|--:|--:|--:|---|');
  for (const k of ['W1', 'W2', 'W3']) {
    const x = w[k] as { ours: number; reference: number; ratio: number; ratioMin: number; ratioMax: number; unit: string } | undefined;
    if (x === undefined) continue;
    L.push(`| ${k} \`${WL[k]!.name}\` | ${num(x.ours)} | ${num(x.reference)} | ${x.ratio.toFixed(3)} (${x.ratioMin.toFixed(3)}–${x.ratioMax.toFixed(3)}) | ${esc(x.unit)} |`);
  }
  L.push('');
  const w4 = w['W4'] as Record<string, unknown> | undefined;
  if (w4 !== undefined) {
    L.push(`W4 kernels (${esc(String(w4['units'] ?? ''))}):`);
    L.push('');
    L.push('| kernel | implementation | value |');
    L.push('|---|---|--:|');
    for (const [k, v] of Object.entries(w4)) {
      if (k === 'units' || v === null || typeof v !== 'object') continue;
      for (const [impl, val] of Object.entries(v as Record<string, number>)) L.push(`| ${k} | ${impl === 'ours' ? 'mecrl' : impl} | ${num(val)} |`);
    }
    L.push('');
  }
  const heap = latest['heap'] as { bytesPerUpdate: number | null; updates: number; workload: string } | undefined;
  if (heap !== undefined) L.push(`Heap growth: ${heap.bytesPerUpdate === null ? 'not measured' : `${heap.bytesPerUpdate.toFixed(2)} bytes per ${heap.workload} update`} over ${heap.updates} updates after GC.`, '');
  return L;
}

function gcSection(peers: Json): string[] {
  const gc = peers['gc'] as { counts: Record<string, number>; total: number; gcMs: number; wallMs: number; updates: number; warmupUpdates: number; heapBytesPerUpdate: number; method: string } | undefined;
  if (gc === undefined) return [];
  return [
    '## Memory and GC (mecrl, W1)',
    '',
    `Over ${gc.updates} W1 updates after ${gc.warmupUpdates} warm-up updates (from \`peers.json\` \`gc\`): ${gc.total} GCs — ${Object.entries(gc.counts).map(([k, v]) => `${k} ${v}`).join(', ')} — ${gc.gcMs.toFixed(1)} ms of GC in ${(gc.wallMs / 1000).toFixed(2)} s (${((100 * gc.gcMs) / gc.wallMs).toFixed(2)} %); heap growth ${gc.heapBytesPerUpdate.toFixed(2)} bytes per update. Method: ${gc.method}.`,
    '',
    'Minor (scavenge) GCs without heap growth mean short-lived objects allocated in every update: they die young and cost little, but they are why the count is not 0 (see the notes for what allocates them).',
    '',
  ];
}

function versionsSection(peers: Json | null, latest: Json | null): string[] {
  const L: string[] = ['## Machine and versions', ''];
  const m = (peers?.['machine'] ?? latest?.['machine'] ?? {}) as Json;
  const v = (peers?.['versions'] ?? {}) as Json;
  L.push(`- Machine: ${String(m['cpu'] ?? '?')}, ${String(m['cores'] ?? '?')} cores, ${String(m['memoryGiB'] ?? '?')} GiB${m['os'] !== undefined ? `, ${String(m['os'])}` : ''}${m['kernel'] !== undefined ? `, Linux ${String(m['kernel'])}` : ''}.`);
  const la = (m['loadAverage'] as { perRound?: number[][] } | undefined)?.perRound;
  if (la !== undefined) L.push(`- Load average (1 min) before each round and at the end of the peers run: ${la.map((x) => x[0]).join(', ')} (on ${String(m['cores'] ?? '?')} cores; above the core count other processes were competing — ratios are same-round for that reason).`);
  const mecrl = v['mecrl'] as { version?: string; commit?: string | null; dirty?: boolean } | undefined;
  if (mecrl !== undefined) L.push(`- mecrl ${mecrl.version ?? '?'} at ${mecrl.commit?.slice(0, 10) ?? '?'}${mecrl.dirty === true ? ' (with uncommitted changes)' : ''}; Node ${String(v['node'] ?? '?')}, V8 ${String(v['v8'] ?? '?')}.`);
  if (v['torch'] !== undefined) {
    L.push(`- PyTorch ${String(v['torch'])} (Debian python3-torch ${String((v['debianPackages'] as Json | undefined)?.['python3-torch'] ?? '?')}), Python ${String(v['python'] ?? '?')}, build \`BLAS_INFO=${String(v['torchBlasInfo'])}\`, oneDNN (MKL-DNN) ${v['torchMkldnn'] === true ? 'available' : 'not available'}. Torch calls \`libblas.so.3\`, i.e. whatever Debian's alternatives (or \`LD_LIBRARY_PATH\`) provide; the peers script measures both BLAS explicitly with \`LD_LIBRARY_PATH\`, without touching the system alternative (now: \`${String(v['systemBlasAlternative'] ?? '?')}\`).`);
    const bl = v['blasLoaded'] as Record<string, string[] | null> | undefined;
    if (bl !== undefined) for (const [k, libs] of Object.entries(bl)) L.push(`  - \`${k}\` mapped: ${(libs ?? []).map((x) => `\`${x}\``).join(', ')}`);
    const pk = v['debianPackages'] as Record<string, string | null> | undefined;
    if (pk !== undefined) L.push(`- Debian packages: ${Object.entries(pk).map(([k, x]) => `${k} ${x ?? '(not installed)'}`).join(', ')}.`);
  }
  if (v['tfjs'] !== undefined) L.push(`- TensorFlow.js ${String(v['tfjs'])}, tfjs-backend-wasm ${String(v['tfjsBackendWasm'] ?? '?')} (SIMD ${String(v['tfjsWasmSimd'])}, multithreading ${String(v['tfjsWasmMultithread'])}). tfjs has no float64: its columns are float32.`);
  L.push('');
  const cfg = v['torchBuildConfig'];
  if (typeof cfg === 'string') {
    L.push('<details><summary><code>torch.__config__.show()</code></summary>', '', '```text', cfg.trim(), '```', '', '</details>', '');
  }
  return L;
}

function scalingSection(scaling: Json): string[] {
  const L: string[] = ['## Cost growth with the number of agents (`bench/results/scaling.json`)', ''];
  const setup = scaling['setup'] as Record<string, unknown> | undefined;
  if (setup !== undefined) L.push(`Setup: ${Object.entries(setup).map(([k, v]) => `${k} ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`).join('; ')}. ${scaling['date'] !== undefined ? `Measured ${String(scaling['date'])}.` : ''}`, '');
  const methods = scaling['methods'] as Record<string, { exponent?: number; perAgents?: Array<{ agents: number; msPerStep: number; min?: number; max?: number; criticInput?: number }> }> | undefined;
  if (methods !== undefined) {
    const names = Object.keys(methods);
    const ns = [...new Set(names.flatMap((m) => (methods[m]!.perAgents ?? []).map((r) => r.agents)))].sort((x, y) => x - y);
    L.push(`| agents | ${names.map((m) => `${m} ms/step (min–max)`).join(' | ')} |`, `|--:|${names.map(() => '--:').join('|')}|`);
    for (const n of ns) {
      L.push(`| ${n} | ${names.map((m) => { const r = methods[m]!.perAgents?.find((x) => x.agents === n); return r === undefined ? '—' : `${num(r.msPerStep)}${r.min !== undefined && r.max !== undefined ? ` (${num(r.min)}–${num(r.max)})` : ''}${r.criticInput !== undefined ? `, critic input ${r.criticInput}` : ''}`; }).join(' | ')} |`);
    }
    L.push('', `Growth exponent (slope of log time vs log N): ${names.map((m) => `${m} ${methods[m]!.exponent?.toFixed(2) ?? '?'}`).join(', ')}.`, '');
    const all = names.flatMap((m) => (methods[m]!.perAgents ?? []).map((r) => [`${m} N=${r.agents}`, r.msPerStep] as const));
    const worst = Math.max(...all.map((x) => x[1]));
    const pad = Math.max(...all.map((x) => x[0].length));
    L.push('```text', 'ms per step (longer = slower)');
    for (const [k, v] of all) L.push(`${k.padEnd(pad)} ${bar(v / worst).padEnd(41)} ${num(v)} ms`);
    L.push('```', '');
  }
  const rest = Object.fromEntries(Object.entries(scaling).filter(([k]) => !['methods', 'setup', 'date'].includes(k)));
  if (Object.keys(rest).length > 0) L.push('<details><summary>rest of scaling.json</summary>', '', '```json', JSON.stringify(rest, null, 2), '```', '', '</details>', '');
  return L;
}

function growthSection(growth: Json, file = 'growth.json'): string[] {
  const rows = growth['rows'] as Array<{ axis: string; value: number; batch: number; hidden: number; msPerStep: number; min: number; max: number; heapBytesPerStep?: number; arenaBytes?: number }>;
  const ex = growth['exponents'] as { batch: number; hidden: number };
  const setup = growth['setup'] as Record<string, unknown>;
  const extra = rows.some((r) => r.heapBytesPerStep !== undefined);
  const L = [`## Cost growth with batch size and hidden width (\`bench/results/${file}\`)`, '', `Setup: ${Object.entries(setup).map(([k, v]) => `${k}: ${String(v)}`).join('; ')}. Measured ${String(growth['date'])}.`, ''];
  L.push(`| varied | value | ms per step (median) | min–max |${extra ? ' heap bytes per step | arena bytes (4 networks) |' : ''}`, `|---|---|---|---|${extra ? '---|---|' : ''}`);
  for (const r of rows) L.push(`| ${r.axis} | ${r.value} | ${r.msPerStep.toFixed(3)} | ${r.min.toFixed(3)}–${r.max.toFixed(3)} |${extra ? ` ${r.heapBytesPerStep?.toFixed(1) ?? '—'} | ${r.arenaBytes ? num(r.arenaBytes) : '—'} |` : ''}`);
  L.push('', `Fitted growth exponents (slope of log time vs log size): batch **${ex.batch.toFixed(2)}**, hidden width **${ex.hidden.toFixed(2)}** — linear in both, as the dense layers' B·H products predict for one hidden layer (with two hidden layers the H×H product would make width quadratic). Per-step overhead (graph nodes, Adam and Polyak over the parameters) is small next to the matrix products at these sizes.`, '');
  return L;
}

/**
 * Bytes of the network arenas (lib/nn/arena.ts) of the benchmark workloads on the wasm backend,
 * computed here from the code (they depend only on the shapes and the batch, not on the machine).
 */
function arenaSection(): string[] {
  const L: string[] = ['## Network arenas (wasm backend)', ''];
  const why = wasmUnavailable();
  if (why !== null) return [...L, `Not computed: ${why}.`, ''];
  const rows: string[] = [];
  const add = (w: string, name: string, m: Module<never>): void => {
    const a = m.arena;
    rows.push(a === null ? `| ${w} | ${name} | ${num(m.countParams())} | — | — | — | — |` : `| ${w} | ${name} | ${num(m.countParams())} | ${num(a.stateBytes)} | ${num(a.activationBytes)} | ${num(a.scratchBytes)} | **${num(a.bytes)}** |`);
  };
  withBackend('wasm', () => {
    const w1 = makeW1();
    ['actor', 'critic', 'actor target', 'critic target'].forEach((n, i) => add('W1', n, w1.nets[i]! as Module<never>));
    const w2 = makeW2();
    add('W2', 'critic', w2.critic as Module<never>);
    add('W3', 'actor', makeW3().actor as Module<never>);
    const w5 = makeW5();
    w5.update(); // the learner builds its arenas at its first update
    const a = w5.maddpg.agents[0]!;
    for (const [n, m] of [['actor (each of 6 agents)', a.actor], ['critic (each)', a.critic], ['actor target (each)', a.actorTarget], ['critic target (each)', a.criticTarget]] as const) add('W5', n, m as Module<never>);
  });
  L.push('Each network of a learner on the wasm backend lives in one fixed-size WebAssembly memory: parameters, gradients and Adam moments ("state"), the activation pool of its layers (forward+backward passes of the batch per update: 2 for a critic, which runs again in the actor\'s loss, 1 for the others) and per-call scratch for operands that live elsewhere (whole 64 KiB pages). Computed by `npm run docs:performance` from the code at batch 32; see lib/nn/arena.ts for the sizing rules.', '');
  L.push('| workload | network | parameters | state bytes | activation bytes | scratch bytes | arena bytes |', '|---|---|--:|--:|--:|--:|--:|', ...rows, '');
  return L;
}

function speedupSection(speedup: Json): string[] {
  const L: string[] = ['## Worker threads (`bench/results/speedup.json`)', ''];
  L.push(`From \`npm run bench:speedup\`${speedup['date'] !== undefined ? ` (${String(speedup['date'])})` : ''}: serial vs 2 workers, alternating rounds; speed-up = serial time / parallel time, median over rounds (min–max).`, '');
  L.push('| what | serial | 2 workers | speed-up (min–max) | unit |', '|---|--:|--:|--:|---|');
  for (const [k, v] of Object.entries(speedup)) {
    const x = v as { workload?: string; serial?: number; parallel?: number; speedup?: number; speedupMin?: number; speedupMax?: number; unit?: string; bitIdentical?: boolean } | null;
    if (x === null || typeof x !== 'object' || typeof x.speedup !== 'number') continue;
    L.push(`| ${k}${x.workload !== undefined ? `: ${esc(x.workload)}` : ''}${x.bitIdentical === true ? ' (bit-identical)' : ''} | ${x.serial !== undefined ? num(x.serial) : '—'} | ${x.parallel !== undefined ? num(x.parallel) : '—'} | ${ratio(x.speedup)}${x.speedupMin !== undefined && x.speedupMax !== undefined ? ` (${x.speedupMin.toFixed(2)}–${x.speedupMax.toFixed(2)})` : ''} | ${esc(x.unit ?? 'ms per step')} |`);
  }
  L.push('');
  return L;
}

function main(): void {
  const latest = readJson('latest.json'), peers = readJson('peers.json'), scaling = readJson('scaling.json'), speedup = readJson('speedup.json'), growth = readJson('growth.json');
  const ceiling = readJson('wasm-ceiling.json'), growthWasm = readJson('growth-wasm.json');
  const known = new Set(['latest.json', 'peers.json', 'scaling.json', 'speedup.json', 'growth.json', 'growth-wasm.json', 'wasm-ceiling.json']);
  const otherFiles = existsSync(RESULTS) ? readdirSync(RESULTS).filter((f) => f.endsWith('.json') && !known.has(f)).sort() : [];
  if (latest === null && peers === null) throw new Error('no bench/results/latest.json nor peers.json: run `npm run bench` and/or `npm run bench:peers` first');
  const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  const b = previous.indexOf(NOTES_BEGIN), e = previous.indexOf(NOTES_END);
  const notes = b >= 0 && e > b ? previous.slice(b + NOTES_BEGIN.length, e).trim() : '_No notes yet. Profiles (`node --cpu-prof`) and explanations of gaps go here; this block survives regeneration._';

  const L: string[] = [];
  L.push('# Performance');
  L.push('');
  L.push(`<!-- Generated by \`npm run docs:performance\` (bench/performance.ts) from bench/results/*.json. Edit only between the notes markers; everything else is overwritten. -->`);
  L.push('');
  L.push(`Generated from ${[...[latest !== null ? 'latest.json' : null, peers !== null ? 'peers.json' : null, scaling !== null ? 'scaling.json' : null, speedup !== null ? 'speedup.json' : null].filter((x): x is string => x !== null), ...otherFiles].map((f) => `\`bench/results/${f}\``).join(', ')} by \`npm run docs:performance\`. To reproduce on your machine:`);
  L.push('');
  L.push('```sh');
  L.push('npm ci');
  L.push('npm run bench              # mecrl vs the hand-fused reference, kernels, heap → latest.json');
  L.push('npm run bench:peers        # + PyTorch and TensorFlow.js, alternating rounds → peers.json');
  L.push('                           #   (installs python3-torch, libopenblas0 with apt and the tfjs');
  L.push('                           #    package under bench/peers/tfjs when missing; PEERS_ROUNDS=5)');
  L.push('npm run bench:scaling      # cost of a step vs number of agents → scaling.json');
  L.push('npm run bench:speedup      # serial vs 2 worker threads → speedup.json');
  L.push('npm run bench:wasm         # wasm f64 ceiling on W5\'s products vs the kernels → wasm-ceiling.json');
  L.push('npm run docs:performance   # → docs/performance.md');
  L.push('```');
  L.push('');
  L.push('The reference is `shared/bench/reference.cjs` (hand-fused, preallocated, no autograd; variant `k4` unrolls reductions by 4): an estimate of what scalar JavaScript can reach on the machine, so ratios to it are comparable across machines while absolute numbers are not.');
  L.push('');
  L.push('## Targets of issue 7');
  L.push('');
  L.push('"Ceiling" is the same-round ratio of the hand-fused reference (`reference-k4`) to the same peer: what scalar JavaScript itself reaches against it. A target above the ceiling cannot be met by any scalar-JS implementation on this machine.');
  L.push('');
  L.push('| target | measured (median, min–max over rounds) | ceiling | status |');
  L.push('|---|---|---|---|');
  for (const t of peerTargets(peers, latest, scaling, speedup)) L.push(`| ${esc(t.target)} | ${esc(t.measured)} | ${esc(t.ceiling)} | ${t.status} |`);
  L.push('');
  L.push(...wasmSection(peers, ceiling));
  L.push(...arenaSection());
  if (peers !== null) L.push(...peersSection(peers));
  if (latest !== null) L.push(...latestSection(latest));
  if (peers !== null) L.push(...gcSection(peers));
  if (scaling !== null) L.push(...scalingSection(scaling));
  else L.push('## Cost growth', '', 'No `bench/results/scaling.json` yet (`npm run bench:scaling`).', '');
  if (growth !== null) L.push(...growthSection(growth));
  if (growthWasm !== null) L.push(...growthSection(growthWasm, 'growth-wasm.json'));
  if (speedup !== null) L.push(...speedupSection(speedup));
  else L.push('## Worker threads', '', 'No `bench/results/speedup.json` yet (`npm run bench:speedup`).', '');
  for (const f of otherFiles) L.push(`## \`bench/results/${f}\``, '', '```json', JSON.stringify(readJson(f), null, 2), '```', '');
  L.push(...versionsSection(peers, latest));
  L.push('## Notes', '');
  L.push(NOTES_BEGIN);
  L.push(notes);
  L.push(NOTES_END);
  L.push('');
  writeFileAtomic(OUT, L.join('\n'));
  console.log(`wrote ${OUT}`);
}

main();
