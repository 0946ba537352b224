// Shared helpers for the lib/nn tests.

import { expect } from 'vitest';

/** The raw bytes of a Float64Array (bit-exact comparison: distinguishes -0 from 0, keeps NaN). */
export function bytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}

/** Asserts |actual − expected| <= tol element-wise (default 1e-12), with the index in the message. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (!(Math.abs(a - e) <= tol)) throw new Error(`element ${i}: ${a} vs expected ${e} (|diff| = ${Math.abs(a - e)} > ${tol})`);
  }
}
