// Argument sets, comparisons and golden hashes for lib/math, shared by test/math/math.test.ts
// (Node) and test/browser/math.test.ts (the same code bundled into Chromium). No test framework
// and no Node API here: only lib/ and plain JavaScript, so it runs unchanged in a page.
//
// Arguments come from xor4096 streams (integer arithmetic) and exact operations, and the
// generators call only lib/math, so the argument sets — and the hashes of lib/math's outputs on
// them — are the same on every engine.

import * as M from '../../lib/math/index.js';
import { fromWords } from '../../lib/math/bits.js';
import { deriveStream, type Rng } from '../../lib/random/index.js';

const F = new Float64Array(1);
const U = new Uint32Array(F.buffer);
const HI = (F[0] = 1, U[1] === 0x3ff00000 ? 1 : 0);
const LO = 1 - HI;
export function hex(x: number): string {
  F[0] = x;
  return U[HI]!.toString(16).padStart(8, '0') + U[LO]!.toString(16).padStart(8, '0');
}
/** Bits of x as an ordered BigInt (negative doubles below positive ones), for ulp distances. */
function ordered(x: number): bigint {
  F[0] = x;
  const b = (BigInt(U[HI]!) << 32n) | BigInt(U[LO]!);
  return b >= 1n << 63n ? (1n << 63n) - b : b;
}
export function same(a: number, b: number): boolean {
  return (a !== a && b !== b) || Object.is(a, b);
}
/** Distance in ulps; 0 for two NaNs or ±0 vs ∓0, Infinity when only one is NaN. */
export function ulps(a: number, b: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : Infinity;
  if (a === b) return 0;
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}

export const SPECIALS = [
  0, -0, NaN, Infinity, -Infinity, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 10, 1e-300, -1e-300, 1e300, -1e300,
  5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
  -1.7976931348623157e308, 709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412,
  710, -746, 22, -22, 0.34657359027997264, 1.0397207708399179, 56 * 0.6931471805599453,
  Math.PI / 4, Math.PI / 2, Math.PI, 2 * Math.PI, 3 * Math.PI / 4, 1e22, 2 ** 19 * (Math.PI / 2),
  2 ** 1023, 2 ** 52, 2 ** 53, 2 ** 31, 2 ** -28, 2 ** -54, 2 ** -1022, 1 + 2 ** -52, 1 - 2 ** -53,
  Math.SQRT2, Math.SQRT1_2, 0.1, 0.3, 0.78125, 2.4375, 1.5,
];

/** u·2^e with u uniform in [1, 2) (random 52-bit fraction) and a random sign. */
function scaled(rng: Rng, e: number, signed = true): number {
  const hi = ((0x3ff + e) << 20) | (rng.nextUint32() & 0xfffff);
  const x = fromWords(hi, rng.nextUint32());
  return signed && (rng.nextUint32() & 1) ? -x : x;
}
/** An integer in [lo, hi]. */
function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.nextDouble() * (hi - lo + 1));
}

/** A mix over the whole double range, weighted towards where the algorithms branch. */
export function mixed(rng: Rng): number {
  const r = rng.nextDouble();
  if (r < 0.12) return fromWords(rng.nextUint32(), rng.nextUint32()); // any bit pattern
  if (r < 0.2) return fromWords((rng.nextUint32() & 0x800fffff) >>> 0, rng.nextUint32()); // subnormal
  if (r < 0.32) return scaled(rng, int(rng, -1022, -20)); // tiny
  if (r < 0.5) return scaled(rng, int(rng, -30, 0)); // near 0
  if (r < 0.6) return 1 + (rng.nextDouble() - 0.5) * fromWords((0x3ff - int(rng, 1, 52)) << 20, 0); // near 1
  if (r < 0.8) return (rng.nextDouble() - 0.5) * 80; // moderate
  if (r < 0.9) return (rng.nextDouble() - 0.5) * 2e6; // large
  return scaled(rng, int(rng, 20, 1023)); // huge
}

type Gen = (rng: Rng) => number;
const GENERATORS: Record<string, Gen> = {
  exp: (rng) => (rng.nextDouble() < 0.5 ? mixed(rng) : -750 + rng.nextDouble() * 1465),
  expm1: (rng) => (rng.nextDouble() < 0.5 ? mixed(rng) : -60 + rng.nextDouble() * 775),
  tanh: (rng) => (rng.nextDouble() < 0.5 ? mixed(rng) : (rng.nextDouble() - 0.5) * 50),
  log: (rng) => { const x = mixed(rng); return rng.nextDouble() < 0.9 ? Math.abs(x) : x; },
  log1p: (rng) => (rng.nextDouble() < 0.5 ? mixed(rng) : -1 + rng.nextDouble() * 3),
  log2: (rng) => { const x = mixed(rng); return rng.nextDouble() < 0.9 ? Math.abs(x) : x; },
  log10: (rng) => { const x = mixed(rng); return rng.nextDouble() < 0.9 ? Math.abs(x) : x; },
  sin: trigArgument,
  cos: trigArgument,
};
function trigArgument(rng: Rng): number {
  const r = rng.nextDouble();
  if (r < 0.4) return mixed(rng);
  if (r < 0.7) return (rng.nextDouble() - 0.5) * 2e6; // |x| <= 1e6
  if (r < 0.9) { // near k·π/2, where the reduction cancels
    const k = int(rng, -700_000, 700_000);
    return k * (Math.PI / 2) + (rng.nextDouble() - 0.5) * fromWords((0x3ff - int(rng, 0, 60)) << 20, 0);
  }
  return scaled(rng, int(rng, 20, 1023)); // enormous: Payne–Hanek
}

/** Pairs for pow: special cases, integer and non-integer exponents, negative bases, edges. */
function powPair(rng: Rng): [number, number] {
  const r = rng.nextDouble();
  const pick = (): number => SPECIALS[int(rng, 0, SPECIALS.length - 1)]!;
  if (r < 0.1) return [rng.nextDouble() < 0.5 ? pick() : mixed(rng), rng.nextDouble() < 0.5 ? pick() : int(rng, -5, 5) / 2];
  if (r < 0.3) return [Math.abs(mixed(rng)), (rng.nextDouble() - 0.5) * 40]; // positive base
  if (r < 0.45) return [rng.nextDouble() * 20, (rng.nextDouble() - 0.5) * 200];
  if (r < 0.55) return [-rng.nextDouble() * 20, int(rng, -60, 60)]; // negative base, integer exponent
  if (r < 0.6) return [-rng.nextDouble() * 20, (rng.nextDouble() - 0.5) * 10]; // negative, non-integer → NaN
  if (r < 0.7) return [int(rng, -30, 30), int(rng, -40, 40)]; // integer powers of integers
  if (r < 0.8) { // base near 1, huge exponent (the |y| > 2^31 branch)
    const x = 1 + (rng.nextDouble() - 0.5) * fromWords((0x3ff - int(rng, 18, 52)) << 20, 0);
    return [x, scaled(rng, int(rng, 20, 70))];
  }
  if (r < 0.9) { // results near overflow / into subnormals
    const x = 1 + rng.nextDouble() * 9;
    const target = (rng.nextDouble() < 0.5 ? 1024 : -1075) + (rng.nextDouble() - 0.5) * 8;
    return [x, target / M.log2(x)];
  }
  return [mixed(rng), mixed(rng)];
}

export function arguments1(name: string, count: number, label: string): Float64Array {
  const rng = deriveStream(19, 'lib/math', label, name);
  const gen = GENERATORS[name]!;
  const xs = new Float64Array(count + SPECIALS.length);
  xs.set(SPECIALS);
  for (let i = SPECIALS.length; i < xs.length; i++) xs[i] = gen(rng);
  return xs;
}
export function pairs(name: string, count: number, label: string): [Float64Array, Float64Array] {
  const rng = deriveStream(19, 'lib/math', label, name);
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const [x, y] = name === 'pow' ? powPair(rng) : [mixed(rng), rng.nextDouble() < 0.2 ? SPECIALS[int(rng, 0, SPECIALS.length - 1)]! : mixed(rng)];
    xs[i] = x;
    ys[i] = y;
  }
  return [xs, ys];
}


export const UNARY = ['exp', 'expm1', 'tanh', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos'] as const;
export const BINARY = ['pow', 'hypot'] as const;
export type MathName = (typeof UNARY)[number] | (typeof BINARY)[number];
export type MathImpl = Record<MathName, (...a: number[]) => number>;

export interface Comparison {
  readonly name: MathName;
  readonly tested: number;
  /** Arguments where the two differ in any bit (NaNs of any payload count as equal). */
  readonly differing: number;
  readonly maxUlps: number;
  /** Up to five differing cases, `name(args) = ours, theirs: other` in hex. */
  readonly examples: readonly string[];
  /** The case with the largest ulp distance (empty when none differ). */
  readonly worst: string;
  /** maxUlps without pow's |y| > 2^31 branch (x within 2^-20 of 1), where fdlibm is least accurate. */
  readonly maxUlpsUsual: number;
}

/**
 * How many ulps another engine's Math.* may be from lib/math (= fdlibm = Node 20's Math), as
 * measured against Chromium 156 (V8 14: llvm-libc and the C library) on the argument sets here.
 * fdlibm's exp, expm1, log, log1p, log2, sin and cos are < 1 ulp from the true value, so any other
 * faithful implementation is within 1 ulp of them. fdlibm's tanh (near |x| ≈ 0.5) and log10 are
 * not faithfully rounded: 3 and 2 ulps seen. pow is within 1 ulp except in its |y| > 2^31 branch
 * (x within 2^-20 of 1, log x by four Taylor terms), where the error grows with |y| (448 ulps seen
 * at pow(1.000000211378974, 2774064954.006201)); bounded here by 2^11 ulps there.
 */
export const ENGINE_ULP_BOUND: Readonly<Record<MathName, number>> = {
  exp: 1, expm1: 1, log: 1, log1p: 1, log2: 1, sin: 1, cos: 1, hypot: 1, tanh: 3, log10: 2, pow: 2048,
};
/** The bound for pow outside its |y| > 2^31 branch. */
export const POW_USUAL_ULP_BOUND = 1;

/** lib/math against another implementation (the engine's Math) on `count` seeded arguments. */
export function compare(name: MathName, other: MathImpl, count: number, label = 'engine'): Comparison {
  const ours = (M as unknown as MathImpl)[name];
  const theirs = other[name];
  let differing = 0;
  let maxUlps = 0;
  const examples: string[] = [];
  let worst = '';
  let maxUlpsUsual = 0;
  const note = (args: readonly number[], a: number, b: number): void => {
    if (same(a, b)) return;
    differing++;
    const d = ulps(a, b);
    if (!(name === 'pow' && Math.abs(args[1]!) > 2147483648)) maxUlpsUsual = Math.max(maxUlpsUsual, d);
    const text = `${name}(${args.join(', ')}) = ${hex(a)}, theirs: ${hex(b)}`;
    if (d > maxUlps) { maxUlps = d; worst = text; }
    if (examples.length < 5) examples.push(text);
  };
  let tested: number;
  if ((UNARY as readonly string[]).includes(name)) {
    const xs = arguments1(name, count, label);
    for (const x of xs) note([x], ours(x), theirs(x));
    tested = xs.length;
  } else {
    const [xs, ys] = pairs(name, count, label);
    for (let i = 0; i < count; i++) note([xs[i]!, ys[i]!], ours(xs[i]!, ys[i]!), theirs(xs[i]!, ys[i]!));
    tested = count;
  }
  return { name, tested, differing, maxUlps, examples, worst, maxUlpsUsual };
}

/** FNV-1a (32-bit) over the two 32-bit words of each value (every NaN hashed as one pattern). */
export function fnv(values: Iterable<number>): string {
  let h = 0x811c9dc5;
  const mix = (w: number): void => {
    for (let s = 0; s < 32; s += 8) h = Math.imul(h ^ ((w >>> s) & 0xff), 0x01000193) >>> 0;
  };
  for (const v of values) {
    if (v !== v) { mix(0x7ff80000); mix(0); continue; }
    F[0] = v;
    mix(U[HI]!);
    mix(U[LO]!);
  }
  return h.toString(16).padStart(8, '0');
}

/** Arguments per function for the golden hashes. */
export const GOLDEN_COUNT = 20_000;

/**
 * The committed hashes of lib/math's outputs on the golden argument sets. Change only with a
 * deliberate change of an algorithm (every result of mecrl would change with it).
 */
export const GOLDEN: Readonly<Record<MathName, string>> = {
  exp: '73e0f5bb', expm1: 'fbda157a', tanh: '4a0e7feb', log: 'f680b63c', log1p: '2f996ef4', log2: 'a8930665',
  log10: '9bc2c1e1', sin: 'c2dbcbaa', cos: '1e3da551', pow: 'a1953956', hypot: 'a8183b2c',
};

/** The hashes of an implementation's outputs on the golden argument sets. */
export function goldenHashes(impl: MathImpl = M as unknown as MathImpl): Record<MathName, string> {
  const got = {} as Record<MathName, string>;
  for (const name of UNARY) {
    const f = impl[name];
    got[name] = fnv(Array.from(arguments1(name, GOLDEN_COUNT, 'golden'), (x) => f(x)));
  }
  for (const name of BINARY) {
    const f = impl[name];
    const [xs, ys] = pairs(name, GOLDEN_COUNT, 'golden');
    got[name] = fnv(Array.from(xs, (x, i) => f(x, ys[i]!)));
  }
  return got;
}
