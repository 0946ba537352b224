// CLI input fuzz (issue 20): random `mecrl run` command lines — experiment names, presets, --seeds,
// --methods, --set strings with JSON holding __proto__/constructor/prototype keys, deep nesting,
// huge numbers, NaN-like strings — through the CLI's own parser and validator, in process. Each must
// either resolve (what `--dry-run` prints) or fail with a UsageError whose message is one line;
// never another exception, never a changed prototype. A sample also runs as real child processes
// (`mecrl run … --dry-run`): exit 0 exactly when the in-process verdict accepted it, else exit 2 with
// one line on stderr and no stack trace.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { EXPERIMENTS } from '../experiments/index.js';
import { UsageError, parseCliArgs, resolveRun, runOptionsFrom } from '../cli/run.js';
import type { Check } from './check.js';
import type { FuzzResult } from './fuzzEnv.js';

const NAMES = Object.keys(EXPERIMENTS);
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'];
const NANLIKE = ['NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e400', '-1e400', '1e-400', '9007199254740993', '0x10', '1_000', '', ' ', '-0', '+1', '1.', '.5', 'null', 'undefined', 'true', '[]', '{}', '"3"', '1e3', '1,,2', '\n', '\u2028', '１'];

/** Leaf paths of an experiment's default config with their values (for plausible --set keys). */
function leaves(v: unknown, prefix = ''): Array<[string, unknown]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return prefix === '' ? [] : [[prefix, v]];
  return Object.entries(v).flatMap(([k, x]) => leaves(x, prefix === '' ? k : `${prefix}.${k}`));
}
const LEAVES: Record<string, Array<[string, unknown]>> = Object.fromEntries(NAMES.map((n) => [n, leaves(EXPERIMENTS[n]!.resolveConfig({}))]));

function deep(depth: number, open: string, close: string, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** A hostile or plausible JSON text for a --set value. */
const setValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NANLIKE),
  fc.constantFrom(...HOSTILE_KEYS).chain((k) => fc.constantFrom(`{"${k}":{"polluted":1}}`, `{"a":{"${k}":{"polluted":1}}}`, `[{"${k}":1}]`, `{"${k}":null}`, `{"${k}":{}}`)),
  fc.integer({ min: 1, max: 5000 }).chain((d) => fc.constantFrom(deep(d, '[', ']'), deep(d, '{"a":', '}'), deep(d, '{"__proto__":', '}', '{}'))),
  fc.json({ maxDepth: 3 }),
  fc.double().map((x) => String(x)),
  fc.string({ maxLength: 20 }),
);

/** A --set argument: a plausible key (valid with its own value, or a hostile value) or a hostile key. */
function setArg(exp: string): fc.Arbitrary<string> {
  const ls = Object.hasOwn(LEAVES, exp) ? LEAVES[exp]! : [];
  const plausible = ls.length === 0 ? fc.constant('x=1') : fc.constantFrom(...ls).chain(([k, v]) => fc.oneof(
    { weight: 6, arbitrary: fc.constant(`${k}=${JSON.stringify(v)}`) },
    { weight: 1, arbitrary: setValue.map((raw) => `${k}=${raw}`) },
  ));
  const hostileKey = fc.tuple(fc.constantFrom(...HOSTILE_KEYS, 'env', 'train', 'a.b', 'x'), fc.constantFrom(...HOSTILE_KEYS, 'x', ''), setValue).map(([a, b, raw]) => `${a}${b === '' ? '' : '.' + b}=${raw}`);
  const malformed = fc.constantFrom('=1', 'noequals', '.=1', 'a..b=1', 'env.=1', '=', '==', 'a=');
  return fc.oneof({ weight: 8, arbitrary: plausible }, { weight: 2, arbitrary: hostileKey }, { weight: 1, arbitrary: malformed });
}

/** A random `mecrl run` argv (without 'run'); always ends with --out <dir> and --dry-run where the child runs it. */
export const runArgv: fc.Arbitrary<string[]> = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.constantFrom('nope', '__proto__', 'constructor', 'toString', '') }).chain((exp) => {
  const e = Object.hasOwn(EXPERIMENTS, exp) ? EXPERIMENTS[exp] : undefined;
  const presets = e === undefined ? ['quick'] : Object.keys(e.presets);
  const methods = e === undefined ? ['x'] : e.methods.map((m) => m.id);
  return fc.record({
    preset: fc.option(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...presets) }, fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nope', '', 'smoke\n')), { nil: undefined }),
    seeds: fc.option(fc.oneof({ weight: 8, arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')) }, fc.constantFrom(...NANLIKE), fc.array(fc.constantFrom(...NANLIKE, '1', '2'), { minLength: 1, maxLength: 3 }).map((a) => a.join(','))), { nil: undefined }),
    methods: fc.option(fc.oneof({ weight: 8, arbitrary: fc.subarray(methods, { minLength: 1 }).map((a) => a.join(',')) }, fc.constantFrom('__proto__', 'constructor', '', ',', 'toString', `${methods[0]},${methods[0]}`)), { nil: undefined }),
    sets: fc.array(setArg(exp), { maxLength: 3 }),
    extra: fc.option(fc.constantFrom(['--workers', '0'], ['--workers', 'NaN'], ['--workers', '1e400'], ['--checkpoint-every', '-1'], ['--checkpoint-every', ' '], ['--unknown'], ['second-positional'], ['--seeds']), { nil: undefined, freq: 1 }),
  }).map((r) => [
    ...(exp === '' ? [] : [exp]),
    ...(r.preset === undefined ? [] : ['--preset', r.preset]),
    ...(r.seeds === undefined ? [] : [`--seeds=${r.seeds}`]),
    ...(r.methods === undefined ? [] : [`--methods=${r.methods}`]),
    ...r.sets.flatMap((s) => [`--set=${s}`]),
    ...(r.extra ?? []),
  ]);
});

export type Verdict = { ok: true } | { ok: false; message: string } | { crash: string };

function protoSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join()).join('|');
}
const PROTO = protoSnapshot();

/** What `mecrl run <argv> --dry-run` decides, in process: the same parser and validator the CLI uses. */
export function verdict(argv: readonly string[]): Verdict {
  try {
    const { values, positionals } = parseCliArgs('run', argv);
    if (positionals.length !== 1) throw new UsageError('mecrl run takes exactly one experiment name (see mecrl run --help)');
    resolveRun(runOptionsFrom(values, positionals[0]!, 'mecrl run'));
    return { ok: true };
  } catch (e) {
    if (e instanceof UsageError) return { ok: false, message: e.message };
    return { crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

const show = (argv: readonly string[]): string => { const s = JSON.stringify(argv); return s.length > 240 ? `${s.slice(0, 240)}…` : s; };

/** In-process fuzz of `runs` command lines. */
export function fuzzCliInProcess(runs: number, seed: number): FuzzResult & { accepted: number } {
  let failures = 0, accepted = 0;
  const examples: string[] = [];
  const fail = (line: string): void => { failures++; if (examples.length < 10) examples.push(line); };
  const cases = fc.sample(runArgv, { numRuns: runs, seed });
  for (const argv of cases) {
    const v = verdict(argv);
    if ('crash' in v) fail(`${show(argv)}: not a usage error: ${v.crash}`);
    else if (v.ok) accepted++;
    else if (/[\n\r\u2028\u2029]/.test(v.message) || v.message.length > 4000 || /\n\s+at /.test(v.message)) fail(`${show(argv)}: message is not one short line: ${JSON.stringify(v.message.slice(0, 200))}`);
    if (({} as Record<string, unknown>)['polluted'] !== undefined || protoSnapshot() !== PROTO) {
      fail(`${show(argv)}: a prototype was changed`);
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
  }
  return { trials: cases.length, failures, examples, accepted };
}

/** `runs` sampled command lines as child processes (`node bin/mecrl.mjs run … --dry-run`), compared with the in-process verdict. */
export function fuzzCliChildren(runs: number, seed: number): FuzzResult {
  let failures = 0;
  const examples: string[] = [];
  const fail = (line: string): void => { failures++; if (examples.length < 10) examples.push(line); };
  const tmp = mkdtempSync(join(tmpdir(), 'mecrl-cli-fuzz-'));
  const bin = new URL('../bin/mecrl.mjs', import.meta.url).pathname;
  const cases = fc.sample(runArgv, { numRuns: runs, seed });
  try {
    for (const argv of cases) {
      const full = [...argv, '--out', join(tmp, 'out'), '--dry-run'];
      const v = verdict(full);
      const r = spawnSync(process.execPath, [bin, 'run', ...full], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 120_000 });
      const stderr = r.stderr.trimEnd();
      if ('crash' in v) { fail(`${show(argv)}: in process: ${v.crash}`); continue; }
      if (v.ok) {
        if (r.status !== 0) fail(`${show(argv)}: accepted in process but exit ${r.status}: ${stderr.slice(0, 200)}`);
        else { try { JSON.parse(r.stdout); } catch { fail(`${show(argv)}: --dry-run did not print JSON`); } }
      } else if (r.status !== 2) fail(`${show(argv)}: rejected in process but exit ${r.status}: ${stderr.slice(0, 200)}`);
      else if (stderr.includes('\n') || !stderr.startsWith('mecrl: ') || /\bat .*:\d+:\d+/.test(stderr)) fail(`${show(argv)}: stderr is not one 'mecrl: …' line: ${JSON.stringify(stderr.slice(0, 300))}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { trials: cases.length, failures, examples };
}

export const CHECKS_CLI: readonly Check[] = [
  { name: 'cli-fuzz/in-process', description: 'random `mecrl run` command lines (--preset, --seeds, --methods, --set with __proto__/constructor/prototype keys, deep nesting, huge numbers, NaN-like strings) through the CLI parser and validator: each resolves or is a one-line usage error (exit 2); no other exception, no changed prototype', trials: 20_000, run: (n) => fuzzCliInProcess(n, 20) },
  { name: 'cli-fuzz/child-process', description: 'a sample of those command lines as real `mecrl run … --dry-run` processes: exit 0 exactly when accepted in process, else exit 2 with one `mecrl: …` line on stderr, never a stack trace', trials: 50, run: (n) => fuzzCliChildren(n, 21) },
];
