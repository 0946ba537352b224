// Fast variant of the CLI input fuzz of `npm run check:reliability` (reliability/fuzzCli.ts), plus
// regression tests for the defects it found.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fuzzCliChildren, fuzzCliInProcess, verdict } from '../../reliability/fuzzCli.js';
import { mergeConfig, mergePartials } from '../../experiments/common/config.js';
import { EXPERIMENTS } from '../../experiments/index.js';

const BIN = new URL('../../bin/mecrl.mjs', import.meta.url).pathname;

describe('CLI input fuzz (fast)', () => {
  it('1 500 random command lines: each resolves or is a one-line usage error; prototypes unchanged', () => {
    const r = fuzzCliInProcess(1500, 7);
    expect(r.examples).toEqual([]);
    expect(r.accepted).toBeGreaterThan(100);
    expect(r.trials - r.accepted).toBeGreaterThan(100);
  });
  it('two sampled command lines as child processes agree with the in-process verdict', () => {
    const r = fuzzCliChildren(2, 5);
    expect(r.examples).toEqual([]);
  });
});

describe('defects the CLI fuzz found (regressions)', () => {
  const rejects = (argv: string[], pattern: RegExp): void => {
    const v = verdict(argv);
    expect('ok' in v && v.ok === false ? v.message : JSON.stringify(v)).toMatch(pattern);
  };
  it("--set with '__proto__', 'constructor' or 'prototype' keys is rejected by name (was silently accepted)", () => {
    rejects(['small-cell', '--preset', 'smoke', '--set', 'env={"__proto__":{"numCells":1}}'], /config key 'env.__proto__' is not allowed/);
    rejects(['small-cell', '--preset', 'smoke', '--set', 'env={"a":[{"constructor":1}]}'], /config key 'env.a\[0\].constructor' is not allowed/);
    rejects(['small-cell', '--preset', 'smoke', '--set', 'env.prototype=1'], /config key 'env.prototype' is not allowed/);
    expect(({} as Record<string, unknown>)['numCells']).toBeUndefined();
  });
  it('mergeConfig and mergePartials never follow or replace a prototype', () => {
    expect(() => mergeConfig({ a: 1 }, JSON.parse('{"__proto__": {"a": 2}}'))).toThrow(/config key '__proto__' is not allowed/);
    expect(() => mergeConfig({ a: 1 }, { constructor: 1 } as Record<string, unknown>)).toThrow(/config key 'constructor' is not allowed/);
    expect(() => mergeConfig({ a: 1 }, { toString: 1 } as Record<string, unknown>)).toThrow(/unknown config key 'toString'/);
    expect(() => mergePartials({}, JSON.parse('{"__proto__": {"x": 1}}'))).toThrow(/not allowed/);
  });
  it("experiment and preset names are looked up as own keys ('toString' crashed)", () => {
    rejects(['toString'], /unknown experiment 'toString'/);
    rejects(['small-cell', '--preset', 'constructor'], /unknown preset 'constructor'/);
  });
  it('deep nesting, huge numbers and control characters give one-line messages', () => {
    rejects(['small-cell', '--set', `x=${'['.repeat(100000)}${']'.repeat(100000)}`], /nested deeper than 32 levels/);
    rejects(['small-cell', '--preset', 'smoke', '--set', 'env.numCells=1e400'], /env.numCells must be an integer in \[1, 1024\], got Infinity/);
    rejects(['small-cell', '--seeds', '1,2\n3'], /^--seeds: seed '2\\n3' must be/);
    rejects(['small-cell', '--set', 'x=\u2028'], /value '\\u2028' is not JSON/);
  });
});

describe('mecrl run --dry-run', () => {
  it('prints the resolved config and exits 0 without writing anything', () => {
    const out = `/tmp/mecrl-dry-run-${process.pid}`;
    const r = spawnSync(process.execPath, [BIN, 'run', 'small-cell', '--preset', 'smoke', '--set', 'env.numCells=2', '--out', out, '--dry-run'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const shown = JSON.parse(r.stdout) as { config: { env: { numCells: number } }; methods: string[] };
    expect(shown.config.env.numCells).toBe(2);
    expect(shown.methods).toEqual(EXPERIMENTS['small-cell']!.presets['smoke']!.methods ?? EXPERIMENTS['small-cell']!.methods.map((m) => m.id));
    expect(spawnSync('test', ['-e', out]).status).toBe(1);
  });
});
