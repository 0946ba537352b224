// Spaces: membership, validation messages (index, value and broken bound named), sampling inside
// the space (including Gymnasium's rules for infinite bounds), JSON round trip.

import { describe, expect, it } from 'vitest';
import { fromSeed } from '../../lib/random/index.js';
import { Box, Discrete, MultiDiscrete, flatDim, spaceFromJSON } from '../../lib/rl/index.js';

describe('Box', () => {
  const box = new Box({ low: [-1, -1, -1, -1], high: [1, 1, 1, 1] });

  it('contains only Float64Arrays of the right length inside the bounds', () => {
    expect(box.contains(Float64Array.of(0, 1, -1, 0.5))).toBe(true); // bounds are inclusive
    expect(box.contains(Float64Array.of(0, 0, 0, 1.0000000000000002))).toBe(false); // 1 + 2^-52
    expect(box.contains(Float64Array.of(0, 0, 0))).toBe(false);
    expect(box.contains(Float64Array.of(0, NaN, 0, 0))).toBe(false);
    expect(box.contains([0, 0, 0, 0])).toBe(false); // plain arrays are not Box values
    expect(box.contains(new Float32Array(4))).toBe(false);
  });

  it('validate names the index, the value and the bound it broke', () => {
    expect(() => box.validate(Float64Array.of(0, 0, 0, 1.7), 'action')).toThrow('action[3] = 1.7 is above high[3] = 1');
    expect(() => box.validate(Float64Array.of(-2, 0, 0, 0), 'action')).toThrow('action[0] = -2 is below low[0] = -1');
    expect(() => box.validate(Float64Array.of(0, NaN, 0, 0), 'action')).toThrow('action[1] is NaN');
    expect(() => box.validate(Float64Array.of(0, 0), 'action')).toThrow('action has length 2 but Box([-1, -1, -1, -1], [1, 1, 1, 1], shape [4]) needs length 4');
    expect(() => box.validate(0.5, 'action')).toThrow(TypeError);
    expect(() => box.validate(0.5, 'action')).toThrow('action must be a Float64Array of length 4');
    expect(() => box.validate(Float64Array.of(0, 0.5, -0.5, 1), 'action')).not.toThrow();
    // default name
    expect(() => box.validate(Float64Array.of(0, 0, 0, 3))).toThrow('value[3] = 3 is above high[3] = 1');
  });

  it('uses multi-indices for rank-2 boxes', () => {
    const m = new Box({ low: 0, high: 1, shape: [2, 3] });
    expect(m.size).toBe(6);
    const x = new Float64Array(6);
    x[5] = 2; // flat 5 = row 1, column 2
    expect(() => m.validate(x, 'obs')).toThrow('obs[1][2] = 2 is above high[1][2] = 1');
  });

  it('rejects bad construction with the field and range named', () => {
    expect(() => new Box({ low: [0, 2], high: [1, 1] })).toThrow('Box: low[1] = 2 must be <= high[1] = 1');
    expect(() => new Box({ low: [0, NaN], high: [1, 1] })).toThrow('low[1]');
    expect(() => new Box({ low: 0, high: 1 })).toThrow('shape is required');
    expect(() => new Box({ low: [0, 0], high: [1, 1, 1] })).toThrow('Box: high must be a number or an array of 2 numbers');
    expect(() => new Box({ low: 0, high: 1, shape: [0] })).toThrow('Box: shape[0] must be an integer in [1, 2147483647], got 0');
  });

  it('samples inside the space, following Gymnasium rules for infinite bounds', () => {
    const rng = fromSeed(1);
    const mixed = new Box({ low: [-2, -Infinity, 0, -Infinity, 3], high: [2, Infinity, Infinity, 5, 3] });
    let sawBelowZero = false;
    for (let k = 0; k < 2000; k++) {
      const x = mixed.sample(rng);
      expect(mixed.contains(x)).toBe(true);
      expect(x[4]).toBe(3); // low = high: the point itself
      if ((x[1] as number) < 0) sawBelowZero = true; // unbounded: a normal draw takes both signs
    }
    expect(sawBelowZero).toBe(true);
    // bounds near ±Number.MAX_VALUE (high − low overflows) still sample inside
    const huge = new Box({ low: [-Number.MAX_VALUE], high: [Number.MAX_VALUE] });
    for (let k = 0; k < 100; k++) expect(huge.contains(huge.sample(rng))).toBe(true);
  });

  it('sampling is a function of the rng state', () => {
    const a = box.sample(fromSeed('s'));
    const b = box.sample(fromSeed('s'));
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('describes itself as JSON, with infinities as strings', () => {
    const b = new Box({ low: [-Infinity, 0], high: [1, Infinity] });
    const json = JSON.parse(JSON.stringify(b));
    expect(json).toEqual({ type: 'Box', shape: [2], low: ['-Infinity', 0], high: [1, 'Infinity'] });
    const back = spaceFromJSON(json);
    expect(back).toBeInstanceOf(Box);
    expect(Array.from((back as Box).low)).toEqual([-Infinity, 0]);
    expect(Array.from((back as Box).high)).toEqual([1, Infinity]);
    expect(flatDim(b)).toBe(2);
  });
});

describe('Discrete', () => {
  const d = new Discrete(3); // {0, 1, 2}
  const shifted = new Discrete(2, -1); // {-1, 0}

  it('contains integers in [start, start + n)', () => {
    expect([0, 1, 2].map((v) => d.contains(v))).toEqual([true, true, true]);
    expect([-1, 3, 0.5, NaN, '1'].map((v) => d.contains(v))).toEqual([false, false, false, false, false]);
    expect([-1, 0, 1].map((v) => shifted.contains(v))).toEqual([true, true, false]);
  });

  it('validate explains non-integers, NaN and out-of-range values', () => {
    expect(() => d.validate(1.5, 'action')).toThrow('action = 1.5 is not an integer (Discrete(3) takes integers 0..2)');
    expect(() => d.validate(3, 'action')).toThrow('action = 3 is above the largest value 2 of Discrete(3)');
    expect(() => d.validate(-1, 'action')).toThrow('action = -1 is below the smallest value 0 of Discrete(3)');
    expect(() => d.validate(NaN, 'action')).toThrow('action is NaN');
    expect(() => d.validate(Float64Array.of(1), 'action')).toThrow(TypeError);
    expect(() => shifted.validate(1, 'a')).toThrow('a = 1 is above the largest value 0 of Discrete(2, start -1)');
  });

  it('samples every value and round-trips through JSON', () => {
    const rng = fromSeed(2);
    const seen = new Set<number>();
    for (let k = 0; k < 200; k++) seen.add(shifted.sample(rng));
    expect([...seen].sort()).toEqual([-1, 0]);
    expect(d.toJSON()).toEqual({ type: 'Discrete', n: 3, start: 0 });
    const back = spaceFromJSON(JSON.parse(JSON.stringify(shifted))) as Discrete;
    expect([back.n, back.start]).toEqual([2, -1]);
    expect(() => new Discrete(0)).toThrow('Discrete: n must be an integer in [1, 2147483647], got 0');
    expect(flatDim(d)).toBe(1);
  });
});

describe('MultiDiscrete', () => {
  const md = new MultiDiscrete([2, 3]);

  it('contains Int32Arrays with 0 <= x[i] < nvec[i]', () => {
    expect(md.contains(Int32Array.of(1, 2))).toBe(true);
    expect(md.contains(Int32Array.of(2, 0))).toBe(false);
    expect(md.contains(Int32Array.of(0, -1))).toBe(false);
    expect(md.contains(Float64Array.of(0, 0))).toBe(false);
  });

  it('validate names the component and bound', () => {
    expect(() => md.validate(Int32Array.of(0, 3), 'action')).toThrow('action[1] = 3 is above the largest value nvec[1] - 1 = 2');
    expect(() => md.validate(Int32Array.of(-1, 0), 'action')).toThrow('action[0] = -1 is below 0');
    expect(() => md.validate(Int32Array.of(0), 'action')).toThrow('action has length 1 but MultiDiscrete([2, 3]) needs length 2');
  });

  it('samples inside and round-trips through JSON', () => {
    const rng = fromSeed(3);
    for (let k = 0; k < 100; k++) expect(md.contains(md.sample(rng))).toBe(true);
    const back = spaceFromJSON(JSON.parse(JSON.stringify(md))) as MultiDiscrete;
    expect(Array.from(back.nvec)).toEqual([2, 3]);
    expect(flatDim(md)).toBe(2);
  });
});

describe('spaceFromJSON', () => {
  it('rejects unknown types and malformed bounds', () => {
    expect(() => spaceFromJSON({ type: 'Tuple' })).toThrow('spaceFromJSON: type must be "Box", "Discrete" or "MultiDiscrete"');
    expect(() => spaceFromJSON({ type: 'Box', shape: [1], low: [null], high: [1] })).toThrow('low[0]');
  });
});
