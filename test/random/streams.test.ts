// Seeding entry points and named streams: fromSeed / fromState / deriveStream / RngStreams.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import {
  fromSeed,
  fromState,
  deriveStream,
  RngStreams,
  createStreams,
  normal,
  type Rng,
  type RngState,
  type RngStreamsState,
} from '../../lib/random/index.js';

const take = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32());

describe('fromSeed', () => {
  it('equals seedrandom.xor4096(String(seed)) for numbers and strings', () => {
    for (const seed of [0, 42, -7, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, '', 'abc', 'ünï🎲']) {
      const ours = fromSeed(seed);
      const ref = seedrandom.xor4096(String(seed));
      for (let k = 0; k < 200; k++) expect(ours.nextUint32()).toBe(ref.int32() >>> 0);
    }
  });

  it('a number seed and its decimal string are the same stream', () => {
    expect(take(fromSeed(42), 10)).toEqual(take(fromSeed('42'), 10));
  });

  it('rejects unsafe or non-integer numbers, naming seed and the range', () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53, -(2 ** 53)]) {
      expect(() => fromSeed(bad)).toThrow(/fromSeed: seed must be a string or a safe integer in \[-\(2\^53 - 1\), 2\^53 - 1\]/);
    }
    expect(() => fromSeed(null as unknown as number)).toThrow(TypeError);
  });
});

describe('fromState', () => {
  it('rebuilds a generator and rejects unknown algorithms, listing the supported ones', () => {
    const rng = fromSeed(5);
    take(rng, 17);
    const copy = fromState(rng.getState());
    expect(take(copy, 50)).toEqual(take(rng, 50));
    expect(() => fromState({ algorithm: 'mt19937', words: [1] })).toThrow(
      /fromState: unknown algorithm "mt19937"; supported algorithms: 'xor4096'/,
    );
    expect(() => fromState(undefined as unknown as RngState)).toThrow(/fromState: state must be/);
  });
});

describe('deriveStream (named streams)', () => {
  it('is xor4096 seeded with JSON.stringify(["mecrl", seed, ...labels])', () => {
    const ours = deriveStream(7, 'clients', 3);
    const ref = seedrandom.xor4096('["mecrl",7,"clients",3]');
    for (let k = 0; k < 200; k++) expect(ours.nextUint32()).toBe(ref.int32() >>> 0);
  });

  it('same (seed, labels) ⇒ same sequence; different labels or seeds ⇒ different sequences', () => {
    expect(take(deriveStream(1, 'init'), 20)).toEqual(take(deriveStream(1, 'init'), 20));
    const variants: Rng[] = [
      deriveStream(1, 'init'),
      deriveStream(1, 'explore'),
      deriveStream(2, 'init'),
      deriveStream('1', 'init'), // JSON distinguishes 1 and '1'
      deriveStream(1, 'a', 'b'),
      deriveStream(1, 'a,b'),
      deriveStream(1, 'ab'),
      deriveStream(1, 'a', 'b', ''),
      deriveStream(1, 'clients', 1),
      deriveStream(1, 'clients', '1'),
      deriveStream(1),
      fromSeed(1),
    ];
    const firsts = variants.map((r) => take(r, 4).join(','));
    expect(new Set(firsts).size).toBe(variants.length);
  });

  it('drawing from one stream never changes another (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), fc.string(), fc.nat({ max: 500 }), (seed, la, lb, extra) => {
        fc.pre(la !== lb);
        const streams = new RngStreams(seed);
        const a = streams.get(la);
        for (let k = 0; k < extra; k++) a.nextDouble();
        const b = streams.get(lb);
        expect(take(b, 10)).toEqual(take(deriveStream(seed, lb), 10));
      }),
      { numRuns: 40 },
    );
  });

  it('a stream from RngStreams is independent of how much the other streams were used', () => {
    const s1 = createStreams('exp');
    const s2 = createStreams('exp');
    for (let k = 0; k < 1000; k++) normal(s1.get('noise', 0)); // only s1 uses the noise stream
    expect(take(s1.get('buffer'), 20)).toEqual(take(s2.get('buffer'), 20));
  });

  it('validates seed and labels', () => {
    expect(() => deriveStream(0.5, 'a')).toThrow(/deriveStream: seed must be a string or a safe integer/);
    expect(() => deriveStream(1, 'a', NaN)).toThrow(/deriveStream: labels\[1\] must be a string or a finite number, got NaN/);
    expect(() => deriveStream(1, {} as unknown as string)).toThrow(/labels\[0\]/);
  });
});

describe('RngStreams', () => {
  it('get returns the same object per label key, created lazily', () => {
    const streams = new RngStreams(9);
    expect(streams.keys()).toEqual([]);
    const a = streams.get('env', 2);
    expect(streams.get('env', 2)).toBe(a);
    expect(streams.get('env', '2')).not.toBe(a);
    expect(streams.keys()).toEqual(['["env","2"]', '["env",2]']);
    expect(RngStreams.key('env', 2)).toBe('["env",2]');
    expect(streams.seed).toBe(9);
  });

  it('getState lists streams with sorted keys and survives JSON', () => {
    const streams = new RngStreams('root');
    streams.get('zeta');
    streams.get('alpha', 1);
    streams.get('mid');
    const state = streams.getState();
    expect(Object.keys(state.streams)).toEqual(['["alpha",1]', '["mid"]', '["zeta"]']);
    expect(state.seed).toBe('root');
    const json = JSON.stringify(state);
    expect(JSON.stringify(JSON.parse(json))).toBe(json);
  });

  it('setState restores every stream in place; streams created later are reset', () => {
    const streams = new RngStreams(3);
    const init = streams.get('init');
    const noise = streams.get('noise');
    take(init, 5);
    take(noise, 11);
    const snapshot = JSON.parse(JSON.stringify(streams.getState())) as RngStreamsState;
    const expectedInit = take(init, 30);
    const expectedNoise = take(noise, 30);
    const late = streams.get('late');
    take(late, 7);
    streams.setState(snapshot);
    expect(streams.get('init')).toBe(init); // same objects, updated in place
    expect(take(init, 30)).toEqual(expectedInit);
    expect(take(noise, 30)).toEqual(expectedNoise);
    expect(take(late, 10)).toEqual(take(deriveStream(3, 'late'), 10)); // as if never used
  });

  it('fromState rebuilds an equal family (resume is bit-identical)', () => {
    const run = new RngStreams(11);
    take(run.get('a'), 3);
    take(run.get('b', 0), 9);
    const resumed = RngStreams.fromState(run.getState());
    expect(resumed.getState()).toEqual(run.getState());
    expect(take(resumed.get('a'), 20)).toEqual(take(run.get('a'), 20));
    expect(take(resumed.get('b', 0), 20)).toEqual(take(run.get('b', 0), 20));
    expect(take(resumed.get('c'), 20)).toEqual(take(run.get('c'), 20));
  });

  it('setState adopts the snapshot seed', () => {
    const streams = new RngStreams(1);
    streams.setState(new RngStreams(2).getState());
    expect(streams.seed).toBe(2);
    expect(take(streams.get('x'), 5)).toEqual(take(deriveStream(2, 'x'), 5));
  });

  it('round trip property: random usage, snapshot, continue == restore, continue', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.nat({ max: 40 })), { maxLength: 8 }),
        (seed, uses) => {
          const streams = new RngStreams(seed);
          for (const [label, n] of uses) take(streams.get(label), n);
          const snap = streams.getState();
          const after = ['a', 'b', 'c'].map((l) => take(streams.get(l), 8));
          streams.setState(snap);
          expect(['a', 'b', 'c'].map((l) => take(streams.get(l), 8))).toEqual(after);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rejects bad snapshots without changing anything', () => {
    const streams = new RngStreams(4);
    take(streams.get('a'), 3);
    const before = streams.getState();
    const good = before.streams['["a"]'] as RngState;
    expect(() => streams.setState({ seed: 1.25, streams: {} })).toThrow(/RngStreams\.setState: seed must be a string or a safe integer/);
    expect(() => streams.setState({ seed: 4, streams: null as unknown as Record<string, RngState> })).toThrow(
      /state\.streams must be/,
    );
    expect(() => streams.setState({ seed: 4, streams: { 'not json': good } })).toThrow(/state\.streams key must be/);
    expect(() => streams.setState({ seed: 4, streams: { '[ "a" ]': good } })).toThrow(/state\.streams key/);
    expect(() =>
      streams.setState({ seed: 4, streams: { '["a"]': good, '["b"]': { algorithm: 'xor4096', words: [] } } }),
    ).toThrow(/state\.streams\["\[\\"b\\"\]"\].*length 130/);
    expect(() => streams.setState({ seed: 4, streams: { '["a"]': { algorithm: 'pcg', words: [] } } })).toThrow(
      /unknown algorithm "pcg"/,
    );
    expect(streams.getState()).toEqual(before);
    expect(() => new RngStreams(Infinity)).toThrow(/RngStreams: seed must be/);
    expect(() => streams.get('ok', Infinity)).toThrow(/RngStreams\.get: labels\[1\]/);
  });
});
