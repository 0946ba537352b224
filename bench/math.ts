// `npm run bench:math`: lib/math's functions against the engine's Math.* — ns per call on 100 000
// arguments from each function's everyday range (what training calls them with): the median and
// the fastest of MATH_REPS (default 7) alternating rounds after a warm-up (on a loaded machine the
// fastest rounds' ratio is the steadier one). Measure on an idle machine; only the ratios carry
// over between machines.

import * as M from '../lib/math/index.js';
import { deriveStream } from '../lib/random/index.js';

const REPS = Number(process.env['MATH_REPS'] ?? 7);
const COUNT = 100_000;
const rng = deriveStream(1, 'bench', 'math');
const draw = (lo: number, hi: number): Float64Array => Float64Array.from({ length: COUNT }, () => lo + (hi - lo) * rng.nextDouble());

type F1 = (x: number) => number;
type F2 = (x: number, y: number) => number;
const CASES: Array<[string, F1 | F2, F1 | F2, Float64Array, Float64Array?]> = [
  ['exp', M.exp, Math.exp, draw(-30, 30)],
  ['expm1', M.expm1, Math.expm1, draw(-5, 5)],
  ['tanh', M.tanh, Math.tanh, draw(-4, 4)],
  ['log', M.log, Math.log, draw(1e-6, 1e3)],
  ['log1p', M.log1p, Math.log1p, draw(0, 100)],
  ['log2', M.log2, Math.log2, draw(1, 1e6)],
  ['log10', M.log10, Math.log10, draw(1e-12, 1e3)],
  ['sin', M.sin, Math.sin, draw(-10, 10)],
  ['cos', M.cos, Math.cos, draw(-10, 10)],
  ['pow', M.pow, Math.pow, draw(0.5, 10), draw(-15, 15)],
  ['hypot', M.hypot, Math.hypot, draw(-100, 100), draw(-100, 100)],
];

let sink = 0;
function time(f: F1 | F2, xs: Float64Array, ys: Float64Array | undefined): number {
  const t0 = performance.now();
  let s = 0;
  if (ys === undefined) for (let i = 0; i < COUNT; i++) s += (f as F1)(xs[i]!);
  else for (let i = 0; i < COUNT; i++) s += (f as F2)(xs[i]!, ys[i]!);
  sink += s;
  return ((performance.now() - t0) * 1e6) / COUNT;
}
const median = (v: number[]): number => v.slice().sort((a, b) => a - b)[v.length >> 1]!;

console.log('function   lib/math ns   Math ns   ratio   fastest-round ratio');
for (const [name, ours, theirs, xs, ys] of CASES) {
  for (let w = 0; w < 3; w++) { time(ours, xs, ys); time(theirs, xs, ys); }
  const a: number[] = [], b: number[] = [];
  for (let r = 0; r < REPS; r++) { a.push(time(ours, xs, ys)); b.push(time(theirs, xs, ys)); }
  const ma = median(a), mb = median(b);
  const fastest = Math.min(...a) / Math.min(...b);
  console.log(`${name.padEnd(9)} ${ma.toFixed(1).padStart(11)} ${mb.toFixed(1).padStart(9)} ${(ma / mb).toFixed(2).padStart(7)} ${fastest.toFixed(2).padStart(10)}`);
}
if (sink === 42) console.log('');
