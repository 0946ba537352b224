// Shared assertions for the lib/env/common tests.
import { expect } from 'vitest';

/** |actual − expected| <= rel·|expected| (or <= rel when expected is 0). */
export function expectRel(actual: number, expected: number, rel = 1e-9): void {
  const tol = expected === 0 ? rel : rel * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`expected ${actual} to be within ${rel} (relative) of ${expected}`);
  }
}

/** Element-wise {@link expectRel}. */
export function expectAllRel(actual: ArrayLike<number>, expected: readonly number[], rel = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRel(actual[i] as number, expected[i] as number, rel);
}
