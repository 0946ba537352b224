// The architecture of DEVELOPERS.md as a test: lib/ imports only along the dependency arrows,
// never a package or a Node built-in, and never reaches for a non-deterministic or code-generating
// global. Comments are stripped before the scan, so a comment may mention them.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LIB = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'lib');

/** Which lib modules each lib module may import (besides itself). The root index may import all. */
const ALLOWED: Record<string, readonly string[]> = {
  math: [],
  random: ['math'],
  tensor: ['random', 'math'],
  nn: ['tensor', 'random', 'math'],
  rl: ['nn', 'tensor', 'random', 'math'],
  opt: ['random', 'math'],
  env: ['rl', 'opt', 'random', 'math'],
  federated: ['nn', 'tensor', 'random', 'math'],
};

const ROOT = resolve(LIB, '..');

/**
 * The engine's transcendental functions, whose last bit ECMAScript leaves to the engine (Node 20
 * and Chromium differ): lib/ and experiments/ use lib/math's portable ones instead. `**` counts
 * too, unless it is `2 ** <integer>` or `<x> ** 2`, which are exact on every engine.
 */
const ENGINE_MATH = /\bMath\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|tanh|sinh|cosh|asin|acos|atan|atan2|asinh|acosh|atanh|cbrt|hypot)\b/;
const POW_OPERATOR = /\*\*(?!\s*2(?![\d.eE]))/g;
const EXACT_POWER_OF_TWO = /\b2\s*$/;
const INTEGER_EXPONENT = /^\s*\(?\s*-?\s*\d+\b(?![.eE]\d)/;

/** Problems with engine-dependent math in one file's source (comments ignored), as messages. */
function engineMathIn(name: string, src: string): string[] {
  const code = stripComments(src);
  const problems: string[] = [];
  const m = ENGINE_MATH.exec(code);
  if (m) problems.push(`${name} calls ${m[0]} (use lib/math's ${m[1]}: the engine's last bit differs across engines)`);
  for (const op of code.matchAll(POW_OPERATOR)) {
    const before = code.slice(0, op.index);
    const after = code.slice(op.index + 2);
    if (EXACT_POWER_OF_TWO.test(before) && INTEGER_EXPONENT.test(after)) continue;
    const line = code.slice(code.lastIndexOf('\n', op.index) + 1, code.indexOf('\n', op.index)).trim();
    problems.push(`${name} uses the ** operator (use lib/math's pow): ${line}`);
  }
  return problems;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Removes // and /* *\/ comments (good enough for our sources: no comment markers in strings matter here). */
export function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function importsOf(src: string): string[] {
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of src.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

function moduleOf(file: string): string {
  const rel = relative(LIB, file).split(/[\\/]/);
  return rel.length === 1 ? '<root>' : rel[0]!;
}

/** Problems found in one file's source, as messages. Exported shape for the self-test below. */
function problemsIn(file: string, src: string): string[] {
  const problems: string[] = [];
  const code = stripComments(src);
  const mod = moduleOf(file);
  for (const spec of importsOf(code)) {
    if (!spec.startsWith('.')) {
      problems.push(`${relative(LIB, file)} imports '${spec}': lib/ may import neither packages nor Node built-ins`);
      continue;
    }
    const target = resolve(dirname(file), spec);
    const rel = relative(LIB, target);
    if (rel.startsWith('..')) { problems.push(`${relative(LIB, file)} imports '${spec}' outside lib/`); continue; }
    const tmod = rel.split(/[\\/]/).length === 1 ? '<root>' : rel.split(/[\\/]/)[0]!;
    if (mod === '<root>' || tmod === mod) continue;
    const allowed = ALLOWED[mod];
    if (allowed === undefined) problems.push(`${relative(LIB, file)}: module '${mod}' is not in the dependency table of DEVELOPERS.md`);
    else if (!allowed.includes(tmod)) problems.push(`${relative(LIB, file)} imports lib/${tmod}: '${mod}' may import only ${allowed.length ? allowed.join(', ') : 'nothing'}`);
  }
  const banned: Array<[RegExp, string]> = [
    [/\bMath\.random\b/, 'Math.random (use a seeded Rng from lib/random)'],
    [/\bDate\b/, 'Date (no clock in lib/)'],
    [/\bperformance\.now\b/, 'performance.now (no clock in lib/)'],
    [/\beval\s*\(/, 'eval (breaks no-eval runtimes)'],
    [/\bnew\s+Function\b/, 'new Function (breaks no-eval runtimes)'],
    [/\brequire\s*\(/, 'require (lib/ is ESM without Node built-ins)'],
    [/\bprocess\./, 'process (Node-only global)'],
    [/\bconsole\./, 'console (lib/ never prints; pass a logger)'],
  ];
  for (const [re, what] of banned) if (re.test(code)) problems.push(`${relative(LIB, file)} uses ${what}`);
  return problems;
}

describe('architecture of lib/', () => {
  const files = walk(LIB);

  it('finds the library sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports only along the dependency arrows, and no package or Node built-in', () => {
    const problems = files.flatMap((f) => problemsIn(f, readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('uses lib/math, never the engine\'s transcendental functions, in lib/ and experiments/', () => {
    const sources = [...files, ...walk(join(ROOT, 'experiments'))];
    expect(sources.length).toBeGreaterThan(40);
    const problems = sources.flatMap((f) => engineMathIn(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the engine-math checker catches each kind of use and lets exact ones pass', () => {
    expect(engineMathIn('x.ts', 'const y = Math.exp(x);')[0]).toMatch(/Math\.exp/);
    expect(engineMathIn('x.ts', 'const y = Math.log1p(x);')[0]).toMatch(/Math\.log1p/);
    expect(engineMathIn('x.ts', 'const y = Math.hypot(a, b);')[0]).toMatch(/Math\.hypot/);
    expect(engineMathIn('x.ts', 'const y = 10 ** (db / 10);')[0]).toMatch(/\*\* operator/);
    expect(engineMathIn('x.ts', 'const y = d ** -e;')[0]).toMatch(/\*\* operator/);
    expect(engineMathIn('x.ts', 'const y = 2 ** (u / s);')[0]).toMatch(/\*\* operator/);
    expect(engineMathIn('x.ts', 'const y = 2 ** 0.5;')[0]).toMatch(/\*\* operator/);
    expect(engineMathIn('x.ts', 'const y = a ** 2.5;')[0]).toMatch(/\*\* operator/);
    expect(engineMathIn('x.ts', 'const y = 2 ** 31 - 1, z = x ** 2, w = -(2 ** 31), v = 2 ** -20;')).toEqual([]);
    expect(engineMathIn('x.ts', 'const y = Math.sqrt(x) + Math.abs(x) + Math.LN2 + Math.PI; /** Math.exp */')).toEqual([]);
  });

  it('the checker itself catches each kind of violation', () => {
    const f = join(LIB, 'tensor', 'x.ts');
    expect(problemsIn(f, `import { Module } from '../nn/index.js';`)[0]).toMatch(/imports lib\/nn/);
    expect(problemsIn(f, `import { readFileSync } from 'node:fs';`)[0]).toMatch(/Node built-ins/);
    expect(problemsIn(f, `import ndarray from 'ndarray';`)[0]).toMatch(/packages/);
    expect(problemsIn(f, `const x = Math.random();`)[0]).toMatch(/Math\.random/);
    expect(problemsIn(f, `const t = Date.now();`)[0]).toMatch(/Date/);
    expect(problemsIn(f, `const f = new Function('return 1');`)[0]).toMatch(/new Function/);
    expect(problemsIn(f, `eval('1');`)[0]).toMatch(/eval/);
    expect(problemsIn(f, `// Math.random() is banned\nconst a = 1;`)).toEqual([]);
    expect(problemsIn(join(LIB, 'env', 'x.ts'), `import type { Env } from '../rl/index.js';`)).toEqual([]);
    expect(problemsIn(join(LIB, 'env', 'x.ts'), `import { mlp } from '../nn/index.js';`)[0]).toMatch(/'env' may import only rl, opt, random, math/);
    expect(problemsIn(join(LIB, 'env', 'x.ts'), `import { solveBarrier } from '../opt/index.js';`)).toEqual([]);
    expect(problemsIn(join(LIB, 'opt', 'x.ts'), `import { Tensor } from '../tensor/index.js';`)[0]).toMatch(/'opt' may import only random, math/);
    expect(problemsIn(join(LIB, 'opt', 'x.ts'), `import { Env } from '../rl/index.js';`)[0]).toMatch(/'opt' may import only random, math/);
    expect(problemsIn(join(LIB, 'opt', 'x.ts'), `import { log } from '../math/index.js';`)).toEqual([]);
    expect(problemsIn(join(LIB, 'random', 'x.ts'), `import { log } from '../math/index.js';`)).toEqual([]);
    expect(problemsIn(join(LIB, 'math', 'x.ts'), `import { fromSeed } from '../random/index.js';`)[0]).toMatch(/'math' may import only nothing/);
  });
});
