// Fast variant of the long-run check (reliability/longRun.ts): the slope fit, and a few seconds of
// training that produces heap samples once a small buffer is full.

import { describe, expect, it } from 'vitest';
import { longRun, slope } from '../../reliability/longRun.js';

describe('long run (fast)', () => {
  it('slope is the least-squares slope', () => {
    // y = 3x + 1 exactly: slope 3; a constant: slope 0.
    expect(slope([0, 1, 2, 3], [1, 4, 7, 10])).toBeCloseTo(3, 12);
    expect(slope([0, 1, 2], [5, 5, 5])).toBe(0);
  });
  it('a short run samples the heap after the buffer is full', () => {
    const r = longRun(4 / 60, 0, 200);
    expect(r.samples).toBeGreaterThanOrEqual(3);
    expect(Number.isFinite(r.bytesPer10Min)).toBe(true);
  });
});
