// ReplayBuffer: ring wrap-around (property test), uniform sampling determinism, the batch object
// reused across calls (no allocation per sample), state round trip, validation, and the two uses
// it is designed for (single-agent TransitionBuffer, MADDPG-style joint rows).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSeed, integer } from '../../lib/random/index.js';
import { ReplayBuffer, transitionBuffer } from '../../lib/rl/index.js';
import type { ReplayBufferState } from '../../lib/rl/index.js';

/** Buffer whose row j (the j-th add, 0-based) is { id: j, pair: [j, −j] }. */
function filled(capacity: number, adds: number): ReplayBuffer<'id' | 'pair'> {
  const buf = new ReplayBuffer({ capacity, fields: { id: 1, pair: 2 } });
  for (let j = 0; j < adds; j++) buf.add({ id: j, pair: [j, -j] });
  return buf;
}

describe('ReplayBuffer ring', () => {
  it('wraps around: row i holds the latest add j with j ≡ i (mod capacity)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 40 }), (capacity, adds) => {
        const buf = filled(capacity, adds);
        expect(buf.size).toBe(Math.min(adds, capacity));
        expect(buf.totalAdded).toBe(adds);
        expect(buf.getState().header.pointer).toBe(adds % capacity);
        for (let i = 0; i < buf.size; i++) {
          // latest j < adds with j mod capacity = i
          const j = i + capacity * Math.floor((adds - 1 - i) / capacity);
          expect(buf.row('id', i)[0]).toBe(j);
          expect(Array.from(buf.row('pair', i))).toEqual([j, -j]);
        }
      }),
    );
  });

  it('add returns the row written: 0, 1, 2, 0, 1 for capacity 3', () => {
    const buf = new ReplayBuffer({ capacity: 3, fields: { x: 1 } });
    expect([0, 1, 2, 3, 4].map((v) => buf.add({ x: v }))).toEqual([0, 1, 2, 0, 1]);
    // rows now hold 3, 4, 2
    expect([0, 1, 2].map((i) => buf.row('x', i)[0])).toEqual([3, 4, 2]);
  });

  it('rejects bad rows without writing anything, naming the field', () => {
    const buf = new ReplayBuffer({ capacity: 2, fields: { obs: 2, reward: 1 } });
    expect(() => buf.add({ obs: [1, NaN], reward: 0 })).toThrow('ReplayBuffer.add: obs[1] must be a finite number, got NaN');
    expect(() => buf.add({ obs: [1, 2, 3], reward: 0 })).toThrow('ReplayBuffer.add: obs must be an array-like of length 2');
    expect(() => buf.add({ obs: [1, 2], reward: Infinity })).toThrow('reward must be a finite number, got Infinity');
    expect(() => buf.add({ obs: 1, reward: 0 })).toThrow('obs must be 2 finite numbers');
    expect(buf.size).toBe(0);
    expect(() => buf.sample(1, fromSeed(1))).toThrow('the buffer is empty');
  });

  it('validates its config', () => {
    expect(() => new ReplayBuffer({ capacity: 0, fields: { x: 1 } })).toThrow('ReplayBuffer: capacity must be an integer in [1, 2147483647], got 0');
    expect(() => new ReplayBuffer({ capacity: 4, fields: { x: 0 } })).toThrow('ReplayBuffer: fields.x must be an integer in [1, 1048576], got 0');
    expect(() => new ReplayBuffer({ capacity: 4, fields: { indices: 1 } })).toThrow('field names other than batchSize, indices');
  });
});

describe('ReplayBuffer.sample', () => {
  it('draws integer(rng, 0, size) per row, in batch order, and copies those rows', () => {
    const buf = filled(5, 8); // rows 0..4 hold adds 5, 6, 7, 3, 4
    const batch = buf.sample(6, fromSeed('batch'));
    const mirror = fromSeed('batch');
    const expected = Array.from({ length: 6 }, () => integer(mirror, 0, 5));
    expect(Array.from(batch.indices)).toEqual(expected);
    const idAt = [5, 6, 7, 3, 4];
    expect(Array.from(batch.id)).toEqual(expected.map((i) => idAt[i]));
    expect(Array.from(batch.pair)).toEqual(expected.flatMap((i) => [idAt[i] as number, -(idAt[i] as number)]));
    expect(batch.batchSize).toBe(6);
  });

  it('is deterministic given the rng state, and different seeds differ', () => {
    const buf = filled(100, 100);
    const a = Array.from(buf.sample(32, fromSeed(1)).id);
    const b = Array.from(buf.sample(32, fromSeed(1)).id);
    const c = Array.from(buf.sample(32, fromSeed(2)).id);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('returns the same preallocated batch object for a batch size, overwritten in place', () => {
    const buf = filled(50, 50);
    const rng = fromSeed(3);
    const first = buf.sample(8, rng);
    const ids = first.id;
    const snapshot = Array.from(first.id);
    const second = buf.sample(8, rng);
    expect(second).toBe(first); // same object ⇒ no allocation per call
    expect(second.id).toBe(ids); // same Float64Array
    expect(Array.from(second.id)).not.toEqual(snapshot); // contents overwritten by the new draw
    const other = buf.sample(4, rng);
    expect(other).not.toBe(first); // another size has its own batch
    expect(buf.sample(4, rng)).toBe(other);
  });

  it('samples rows uniformly (each of 10 rows ≈ 1/10 of 20 000 draws)', () => {
    const buf = filled(10, 10);
    const counts = new Array<number>(10).fill(0);
    const rng = fromSeed(4);
    for (let k = 0; k < 100; k++) for (const i of buf.sample(200, rng).indices) counts[i] = (counts[i] as number) + 1;
    // expected 2000 each, std = √(20000·0.1·0.9) ≈ 42; allow 5 std
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(212);
  });
});

describe('ReplayBuffer state', () => {
  it('round trips: JSON header + Float64Arrays, then identical samples and adds', () => {
    const a = filled(7, 11);
    const state = a.getState();
    expect(state.header).toEqual({ format: 'mecrl.replayBuffer', version: 1, capacity: 7, size: 7, pointer: 4, added: 11, fields: { id: 1, pair: 2 } });
    expect(state.arrays.id).toBeInstanceOf(Float64Array);
    expect(state.arrays.pair.length).toBe(14); // size × width = 7 × 2
    // what a checkpoint writer does: header through JSON, arrays copied out as binary
    const saved: ReplayBufferState<'id' | 'pair'> = {
      header: JSON.parse(JSON.stringify(state.header)),
      arrays: { id: state.arrays.id.slice(), pair: state.arrays.pair.slice() },
    };
    const b = new ReplayBuffer({ capacity: 7, fields: { id: 1, pair: 2 } });
    b.setState(saved);
    expect(Array.from(b.sample(20, fromSeed(5)).id)).toEqual(Array.from(a.sample(20, fromSeed(5)).id));
    a.add({ id: 100, pair: [1, 2] });
    b.add({ id: 100, pair: [1, 2] });
    expect(Array.from(b.getState().arrays.id)).toEqual(Array.from(a.getState().arrays.id));
    expect(b.getState().header).toEqual(a.getState().header);
  });

  it('round trips a partly filled buffer and restores its own live views', () => {
    const a = filled(10, 3);
    expect(a.getState().arrays.id.length).toBe(3);
    a.setState(a.getState()); // views of its own storage
    expect(Array.from(a.getState().arrays.id)).toEqual([0, 1, 2]);
  });

  it('rejects inconsistent states', () => {
    const a = filled(4, 2);
    const s = a.getState();
    const b = new ReplayBuffer({ capacity: 5, fields: { id: 1, pair: 2 } });
    expect(() => b.setState(s)).toThrow('header.capacity must be an integer in [5, 5], got 4');
    const c = new ReplayBuffer({ capacity: 4, fields: { id: 1, pair: 3 } });
    expect(() => c.setState(s as never)).toThrow('header.fields must be {"id":1,"pair":3}');
    const d = new ReplayBuffer({ capacity: 4, fields: { id: 1, pair: 2 } });
    expect(() => d.setState({ ...s, header: { ...s.header, pointer: 3 } })).toThrow('header.pointer must be equal to header.size (2)');
    expect(() => d.setState({ ...s, arrays: { ...s.arrays, id: new Float64Array(1) } })).toThrow('arrays.id must be a Float64Array of length 2');
  });
});

describe('TransitionBuffer and joint (multi-agent) rows', () => {
  it('stores (s, a, r, s′, terminated, truncated) with flags as 1/0', () => {
    const buf = transitionBuffer({ capacity: 4, obsDim: 3, actionDim: 1 });
    buf.addTransition([1, 2, 3], 0.5, -1, [4, 5, 6], true, false);
    buf.addTransition(Float64Array.of(7, 8, 9), [-0.5], 2, [1, 1, 1], false, true);
    const batch = buf.sample(2, fromSeed(6));
    for (let b = 0; b < 2; b++) {
      const i = batch.indices[b] as number;
      expect(batch.terminated[b]).toBe(i === 0 ? 1 : 0);
      expect(batch.truncated[b]).toBe(i === 0 ? 0 : 1);
      expect(batch.reward[b]).toBe(i === 0 ? -1 : 2);
      expect(Array.from(batch.obs.subarray(3 * b, 3 * b + 3))).toEqual(i === 0 ? [1, 2, 3] : [7, 8, 9]);
    }
    expect(() => buf.addTransition([1, 2], 0, 0, [1, 2, 3], false, false)).toThrow('obs must be an array-like of length 3');
    expect(buf.size).toBe(2);
  });

  it('keeps the rows of all agents aligned (MADDPG joint buffer)', () => {
    const nAgents = 3;
    const buf = new ReplayBuffer({ capacity: 16, fields: { obs: nAgents * 2, action: nAgents, reward: nAgents, nextObs: nAgents * 2, terminated: nAgents } });
    for (let t = 0; t < 20; t++) {
      buf.add({
        obs: [t, t, t + 0.1, t + 0.1, t + 0.2, t + 0.2],
        action: [t, t + 0.1, t + 0.2],
        reward: [t, t, t],
        nextObs: [t + 1, t + 1, t + 1.1, t + 1.1, t + 1.2, t + 1.2],
        terminated: [0, 0, t % 5 === 4 ? 1 : 0],
      });
    }
    const batch = buf.sample(10, fromSeed(7));
    for (let b = 0; b < 10; b++) {
      const t = batch.reward[3 * b] as number; // the time step this row came from
      expect(batch.obs[6 * b + 4]).toBeCloseTo(t + 0.2, 12); // agent 2's obs from the same step
      expect(batch.action[3 * b + 1]).toBeCloseTo(t + 0.1, 12);
      expect(batch.terminated[3 * b + 2]).toBe(t % 5 === 4 ? 1 : 0);
    }
  });
});
