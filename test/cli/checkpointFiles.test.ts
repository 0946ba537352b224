import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointError, fnv1a, readCheckpoint, writeCheckpoint } from '../../cli/fs/checkpointFiles.js';
import { joinState, splitState, type StateValue } from '../../lib/rl/checkpoint.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mecrl-ckpt-'));
  dirs.push(d);
  return d;
}
afterEach(() => { while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true }); });

const sample = (): StateValue => ({
  step: 17,
  weird: [NaN, Infinity, -Infinity, -0, 0, 1e-310],
  label: 'x',
  flag: true,
  nothing: null,
  agent: { actor: new Float64Array([1.5, -2, NaN, -0]), moments: [new Float64Array([3]), new Float64Array(0)] },
});

describe('splitState / joinState', () => {
  it('separates arrays by path and round-trips exactly (NaN, ±Infinity, -0 included)', () => {
    const s = sample();
    const { manifest, arrays } = splitState(s);
    expect(arrays.map((a) => a.name)).toEqual(['agent.actor', 'agent.moments.0', 'agent.moments.1']);
    const text = JSON.stringify(manifest);
    expect(text).toContain('"weird":[{"$num":"NaN"},{"$num":"Infinity"},{"$num":"-Infinity"},{"$num":"-0"},0,1e-310]'); // plain JSON would have written null
    const back = joinState(JSON.parse(text), new Map(arrays.map((a) => [a.name, a.data]))) as typeof s & { weird: number[] };
    expect(Object.is(back.weird[3], -0)).toBe(true);
    expect(back.weird[0]).toBeNaN();
    expect(back.weird.slice(1, 3)).toEqual([Infinity, -Infinity]);
    expect(back).toEqual(s);
  });

  it('names a missing array and a length mismatch', () => {
    const { manifest, arrays } = splitState(sample());
    expect(() => joinState(manifest, new Map())).toThrow(/array 'agent.actor'.*missing/);
    const m = new Map(arrays.map((a) => [a.name, a.data]));
    m.set('agent.actor', new Float64Array(2));
    expect(() => joinState(manifest, m)).toThrow(/'agent.actor' has 2 values, the manifest says 4/);
  });

  it('rejects typed arrays other than Float64Array', () => {
    expect(() => splitState({ a: new Float32Array(2) as unknown as Float64Array })).toThrow(/Float32Array/);
  });
});

describe('checkpoint folders', () => {
  it('write then read gives the same state; binary files hold the arrays', () => {
    const dir = join(tmp(), 'ck');
    writeCheckpoint(dir, sample(), { episode: 3 });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['a0000.f64', 'a0001.f64', 'a0002.f64', 'manifest.fnv1a', 'manifest.json']);
    expect(readFileSync(join(dir, 'a0000.f64')).length).toBe(32);
    const { state, meta } = readCheckpoint(dir);
    expect(meta).toEqual({ episode: 3 });
    expect(state).toEqual(sample());
  });

  it('replaces an older checkpoint and leaves no temporary folders', () => {
    const root = tmp(), dir = join(root, 'ck');
    writeCheckpoint(dir, { a: new Float64Array([1]) });
    writeCheckpoint(dir, { a: new Float64Array([2, 3]) });
    expect(readdirSync(root)).toEqual(['ck']);
    expect(readCheckpoint(dir).state).toEqual({ a: new Float64Array([2, 3]) });
  });

  it('detects corruption, truncation, missing files and unknown versions', () => {
    const dir = join(tmp(), 'ck');
    writeCheckpoint(dir, { w: new Float64Array([1, 2, 3]) });
    const f = join(dir, 'a0000.f64');
    const bytes = readFileSync(f);
    bytes[3] ^= 0xff;
    writeFileSync(f, bytes);
    expect(() => readCheckpoint(dir)).toThrow(CheckpointError);
    expect(() => readCheckpoint(dir)).toThrow(/checksum mismatch for 'w'/);
    writeFileSync(f, bytes.subarray(0, 8));
    expect(() => readCheckpoint(dir)).toThrow(/8 bytes, expected 24/);
    rmSync(f);
    expect(() => readCheckpoint(dir)).toThrow(/a0000.f64 \('w'\) is missing/);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.version = 99;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    expect(() => readCheckpoint(dir)).toThrow(/manifest.json: checksum mismatch with manifest.fnv1a/);
    writeFileSync(join(dir, 'manifest.fnv1a'), fnv1a(Buffer.from(JSON.stringify(m))));
    expect(() => readCheckpoint(dir)).toThrow(/version 99 is not supported \(supported: 1, 2\)/);
    writeFileSync(join(dir, 'manifest.json'), '{oops');
    writeFileSync(join(dir, 'manifest.fnv1a'), fnv1a(Buffer.from('{oops')));
    expect(() => readCheckpoint(dir)).toThrow(/not valid JSON/);
    expect(() => readCheckpoint(join(dir, 'nope'))).toThrow(/manifest.json is missing/);
    expect(existsSync(dir)).toBe(true);
  });

  it('fnv1a matches the published test vectors', () => {
    // FNV-1a 32-bit: "" -> 811c9dc5, "a" -> e40c292c, "foobar" -> bf9cf968
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a(enc(''))).toBe('811c9dc5');
    expect(fnv1a(enc('a'))).toBe('e40c292c');
    expect(fnv1a(enc('foobar'))).toBe('bf9cf968');
  });
});
