// Dense kernels on row-major Float64Arrays, shared by matmul and the fused linear layer.
// Monomorphic (Float64Array only) and unrolled by 4 along the reduction index, the shape that
// keeps V8's scalar loops close to the hand-fused yardstick in shared/bench/reference.cjs.
// All kernels ACCUMULATE into their output (C += …); callers zero or pre-fill C first.

/** C[m×n] += A[m×k] · B[k×n]. Loop order i-k-j; four rows of B per pass over a row of C. */
export function gemmNN(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ao = i * k, co = i * n;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = A[ao + p]!, a1 = A[ao + p + 1]!, a2 = A[ao + p + 2]!, a3 = A[ao + p + 3]!;
      const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        C[co + j] = C[co + j]! + a0 * B[b0 + j]! + a1 * B[b1 + j]! + a2 * B[b2 + j]! + a3 * B[b3 + j]!;
      }
    }
    for (; p < k; p++) {
      const a0 = A[ao + p]!, b0 = p * n;
      for (let j = 0; j < n; j++) C[co + j] = C[co + j]! + a0 * B[b0 + j]!;
    }
  }
}

/** C[k×n] += Aᵀ · G, with A[m×k], G[m×n] (the weight gradient xᵀ·dy). Four rows of A per pass. */
export function gemmTN(A: Float64Array, G: Float64Array, C: Float64Array, m: number, k: number, n: number): void {
  for (let p = 0; p < k; p++) {
    const co = p * n;
    let r = 0;
    for (; r + 3 < m; r += 4) {
      const a0 = A[r * k + p]!, a1 = A[(r + 1) * k + p]!, a2 = A[(r + 2) * k + p]!, a3 = A[(r + 3) * k + p]!;
      const g0 = r * n, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n;
      for (let j = 0; j < n; j++) {
        C[co + j] = C[co + j]! + a0 * G[g0 + j]! + a1 * G[g1 + j]! + a2 * G[g2 + j]! + a3 * G[g3 + j]!;
      }
    }
    for (; r < m; r++) {
      const a0 = A[r * k + p]!, g0 = r * n;
      for (let j = 0; j < n; j++) C[co + j] = C[co + j]! + a0 * G[g0 + j]!;
    }
  }
}

/** C[m×k] += G · Bᵀ, with G[m×n], B[k×n] (the input gradient dy·Wᵀ). Dot products in 4 lanes. */
export function gemmNT(G: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number): void {
  for (let i = 0; i < m; i++) {
    const go = i * n, co = i * k;
    for (let p = 0; p < k; p++) {
      const bo = p * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
      for (; j + 3 < n; j += 4) {
        s0 += G[go + j]! * B[bo + j]!;
        s1 += G[go + j + 1]! * B[bo + j + 1]!;
        s2 += G[go + j + 2]! * B[bo + j + 2]!;
        s3 += G[go + j + 3]! * B[bo + j + 3]!;
      }
      for (; j < n; j++) s0 += G[go + j]! * B[bo + j]!;
      C[co + p] = C[co + p]! + ((s0 + s1) + (s2 + s3));
    }
  }
}

// ---- float32 twins ------------------------------------------------------------------------------------
// The same three products on Float32Array with every multiply and add rounded to float32
// (`Math.fround`; an f32 product or sum computed in f64 and rounded once is the correctly rounded f32
// result), in the same order as the f64 loops above. No training path uses them (there is no f32
// training dtype): they are the reference of the wasm f32 kernels (`wasmGemmNNf32` & co., bit-identical)
// and the fallback where WebAssembly is unavailable, for embedders that run a network in float32.

const fr = Math.fround;

/**
 * C[M×N] += Σ_t a(i, t)·b(t, j) in float32, each element summed in order along t from its old value:
 * a(i, t) = A[i·ars + t·ass], b(t, j) = B[t·N + j] (kernels.wat's $gemmBlockedF, unblocked).
 */
function sequentialProductF32(A: Float32Array, ars: number, ass: number, B: Float32Array, C: Float32Array, M: number, N: number, K: number): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = C[i * N + j]!;
      for (let t = 0; t < K; t++) s = fr(s + fr(A[i * ars + t * ass]! * B[t * N + j]!));
      C[i * N + j] = s;
    }
  }
}

/** C[m×n] += A[m×k] · B[k×n] in float32, each element summed in order along k. */
export function gemmNNf32(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
  sequentialProductF32(A, k, 1, B, C, m, n, k);
}

/** C[k×n] += Aᵀ · G in float32, with A[m×k], G[m×n]; each element summed in order along m. */
export function gemmTNf32(A: Float32Array, G: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
  sequentialProductF32(A, 1, k, G, C, k, n, m);
}

/** C[m×k] += G · Bᵀ in float32, with G[m×n], B[k×n]: gemmNT's four partial sums, in float32. */
export function gemmNTf32(G: Float32Array, B: Float32Array, C: Float32Array, m: number, n: number, k: number): void {
  for (let i = 0; i < m; i++) {
    const go = i * n, co = i * k;
    for (let p = 0; p < k; p++) {
      const bo = p * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
      for (; j + 3 < n; j += 4) {
        s0 = fr(s0 + fr(G[go + j]! * B[bo + j]!));
        s1 = fr(s1 + fr(G[go + j + 1]! * B[bo + j + 1]!));
        s2 = fr(s2 + fr(G[go + j + 2]! * B[bo + j + 2]!));
        s3 = fr(s3 + fr(G[go + j + 3]! * B[bo + j + 3]!));
      }
      for (; j < n; j++) s0 = fr(s0 + fr(G[go + j]! * B[bo + j]!));
      C[co + p] = fr(C[co + p]! + fr(fr(s0 + s1) + fr(s2 + s3)));
    }
  }
}
