// hypot: V8's Math.hypot algorithm (the Torque builtin MathHypot of src/builtins/math.tq): scale
// by the largest magnitude, sum the squares with Kahan compensation, multiply back. Same
// operations in the same order, so bit-identical to Math.hypot in V8.

/** √(x² + y²) without overflow or underflow; +∞ if either is ±∞, else NaN if either is NaN. */
export function hypot(x: number, y: number): number {
  const xNaN = x !== x;
  const yNaN = y !== y;
  const ax = xNaN ? 0 : Math.abs(x);
  const ay = yNaN ? 0 : Math.abs(y);
  let max = 0;
  if (ax > max) max = ax;
  if (ay > max) max = ay;
  if (max === Infinity) return Infinity;
  if (xNaN || yNaN) return NaN;
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  let n = ax / max;
  let summand = n * n - compensation;
  let preliminary = sum + summand;
  compensation = (preliminary - sum) - summand;
  sum = preliminary;
  n = ay / max;
  summand = n * n - compensation;
  preliminary = sum + summand;
  sum = preliminary; // (the last compensation would go unused)
  return Math.sqrt(sum) * max;
}

/** The Euclidean norm of any number of values, by the same algorithm as `hypot`. */
export function hypotN(values: ArrayLike<number>): number {
  const len = values.length;
  let max = 0;
  let anyNaN = false;
  for (let i = 0; i < len; i++) {
    const v = values[i]!;
    if (v !== v) anyNaN = true;
    else if (Math.abs(v) > max) max = Math.abs(v);
  }
  if (max === Infinity) return Infinity;
  if (anyNaN) return NaN;
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < len; i++) {
    const n = Math.abs(values[i]!) / max;
    const summand = n * n - compensation;
    const preliminary = sum + summand;
    compensation = (preliminary - sum) - summand;
    sum = preliminary;
  }
  return Math.sqrt(sum) * max;
}
