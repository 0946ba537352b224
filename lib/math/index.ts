// mecrl/math — portable transcendental functions, the same bits on every JavaScript engine.
//
// ECMAScript leaves the last bit of Math.exp, log, pow, sin, cos, tanh… to the engine, and engines
// differ: V8 11.3 (Node 20) runs its fdlibm port, newer V8 (Chrome, Node ≥ 22/24) uses llvm-libc
// or the C library for some of them, SpiderMonkey and JavaScriptCore have their own. mecrl
// promises bit-identical results for a config and seed, so it computes these functions itself,
// only from operations IEEE 754 pins exactly (+ − × ÷, sqrt, abs, floor, comparisons, and
// reading/writing the bits of a double through a typed array).
//
// The algorithms are fdlibm's (Sun Microsystems 1993; the FreeBSD msun versions for log2) exactly
// as V8 11.3 compiles them on x86-64, so every function returns the same bits as Node 20's Math.*
// there (tested on ≥ 200 000 arguments each) — and these bits on every other engine too.
// Accuracy (fdlibm's error analysis): exp, expm1, log, log1p < 1 ulp; sin, cos, tanh, log2, log10,
// pow "nearly rounded" (< 1 ulp in practice; pow of integers exact when representable);
// hypot is V8's scaled Kahan sum (≤ 1 ulp in practice).
// This module imports nothing; every other module may import it.

export { exp, expm1, tanh } from './exp.js';
export { log, log1p, log2, log10 } from './log.js';
export { pow } from './pow.js';
export { sin, cos } from './trig.js';
export { hypot, hypotN } from './hypot.js';
