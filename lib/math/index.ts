// mecrl/math — portable transcendental functions, the same bits on every JavaScript engine.
//
// ECMAScript leaves the last bit of Math.exp, log, pow, sin, cos, tanh… to the engine, and engines
// differ: V8 11.3 (Node 20) runs its fdlibm port; newer V8 (Chrome; Node 24's pow) takes some of
// them from llvm-libc or the C library; SpiderMonkey and JavaScriptCore have their own. mecrl
// promises bit-identical results for a config and seed, so it computes these functions itself,
// only from operations IEEE 754 pins exactly (+ − × ÷, sqrt, abs, floor, comparisons, and
// reading/writing the bits of a double through a typed array).
//
// The algorithms are fdlibm's (Sun Microsystems 1993; the FreeBSD msun version for log2) exactly
// as V8 11.3 compiles them on x86-64, and hypot is V8's scaled Kahan sum, so every function
// returns the same bits as Node 20's Math.* there (tested on 200 000 arguments each) — and these
// same bits on every other engine (golden hashes, checked in Node and in Chromium).
// Accuracy is fdlibm's: exp, expm1, log, log1p, log2, sin, cos < 1 ulp; tanh and log10 within
// 3 and 2 ulps of other libraries; pow < 1 ulp except for x within 2^-20 of 1 with |y| > 2^31
// (hundreds of ulps, as Node 20's); integer powers of integers exact when representable.
// This module imports nothing; every other module may import it.

export { exp, expm1, tanh } from './exp.js';
export { log, log1p, log2, log10 } from './log.js';
export { pow } from './pow.js';
export { sin, cos } from './trig.js';
export { hypot, hypotN } from './hypot.js';
