;; mecrl's WebAssembly-SIMD kernels (f64). Assembled by scripts/build-wasm.mjs into kernelsBytes.ts.
;; CONTRACT: every kernel reproduces lib/tensor/kernels.ts (and the optimizer / Polyak loops of
;; lib/nn) bit for bit. Each output element sees the same IEEE operations in the same order as the
;; TypeScript loop: lanes run across OUTPUT columns where the sum runs along k (a lane never reorders
;; a sum; register blocks of 4 rows × 4 columns keep each element's k-loop in order), and gemm_nt's four partial sums s0..s3 of the TS loop live in two f64x2 accumulators
;; (s0,s1) and (s2,s3), combined as (s0+s1)+(s2+s3) exactly as in TS. No fused multiply-add.
;; Pointers are byte offsets into the imported memory; sizes are element counts.
(module
  (import "env" "memory" (memory 1))

  ;; ---- the blocked product shared by gemm_nn and gemm_tn -------------------------------------------
  ;; Both are C[M×N] += Σ_t a(·,t)·b(t,·) with each output element summed SEQUENTIALLY along t,
  ;; starting from its old value: kernels.ts's gemmNN computes (((C + a0·b0) + a1·b1) + a2·b2) + a3·b3
  ;; for four t at a time and stores C between groups, which is the same left-to-right sum; gemmTN the
  ;; same over rows r. So any blocking over output rows and columns that keeps every element's own
  ;; t-loop in order is bit-identical. $a points at a(row 0, t 0); $ars is the byte stride between
  ;; output rows of a, $ass between steps t; b steps by $bss, columns are contiguous; C rows by $crs.

  ;; 4 rows × 4 columns of C in eight f64x2 accumulators (rows q, column pairs 0-1 and 2-3).
  (func $mk4x4 (param $a i32) (param $ars i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $crs i32) (param $K i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $t i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local.set $c1 (i32.add (local.get $c) (local.get $crs)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $crs)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $crs)))
    (local.set $c00 (v128.load (local.get $c)))
    (local.set $c01 (v128.load offset=16 (local.get $c)))
    (local.set $c10 (v128.load (local.get $c1)))
    (local.set $c11 (v128.load offset=16 (local.get $c1)))
    (local.set $c20 (v128.load (local.get $c2)))
    (local.set $c21 (v128.load offset=16 (local.get $c2)))
    (local.set $c30 (v128.load (local.get $c3)))
    (local.set $c31 (v128.load offset=16 (local.get $c3)))
    (local.set $p0 (local.get $a))
    (local.set $p1 (i32.add (local.get $p0) (local.get $ars)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $ars)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $ars)))
    (local.set $t (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $t) (i32.const 0)))
      (loop $l
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (f64x2.splat (f64.load (local.get $p0))))
        (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
        (local.set $p0 (i32.add (local.get $p0) (local.get $ass)))
        (local.set $x (f64x2.splat (f64.load (local.get $p1))))
        (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
        (local.set $p1 (i32.add (local.get $p1) (local.get $ass)))
        (local.set $x (f64x2.splat (f64.load (local.get $p2))))
        (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
        (local.set $p2 (i32.add (local.get $p2) (local.get $ass)))
        (local.set $x (f64x2.splat (f64.load (local.get $p3))))
        (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
        (local.set $p3 (i32.add (local.get $p3) (local.get $ass)))
        (local.set $b (i32.add (local.get $b) (local.get $bss)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (br_if $l (i32.gt_s (local.get $t) (i32.const 0)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store (local.get $c1) (local.get $c10))
    (v128.store offset=16 (local.get $c1) (local.get $c11))
    (v128.store (local.get $c2) (local.get $c20))
    (v128.store offset=16 (local.get $c2) (local.get $c21))
    (v128.store (local.get $c3) (local.get $c30))
    (v128.store offset=16 (local.get $c3) (local.get $c31)))

  ;; 1 row × 2 columns (one f64x2 accumulator).
  (func $mk1x2 (param $a i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $K i32)
    (local $acc v128) (local $t i32)
    (local.set $acc (v128.load (local.get $c)))
    (local.set $t (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $t) (i32.const 0)))
      (loop $l
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (f64x2.splat (f64.load (local.get $a))) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $ass)))
        (local.set $b (i32.add (local.get $b) (local.get $bss)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (br_if $l (i32.gt_s (local.get $t) (i32.const 0)))))
    (v128.store (local.get $c) (local.get $acc)))

  ;; 1 row × 1 column (scalar).
  (func $mk1x1 (param $a i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $K i32)
    (local $acc f64) (local $t i32)
    (local.set $acc (f64.load (local.get $c)))
    (local.set $t (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $t) (i32.const 0)))
      (loop $l
        (local.set $acc (f64.add (local.get $acc) (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $ass)))
        (local.set $b (i32.add (local.get $b) (local.get $bss)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (br_if $l (i32.gt_s (local.get $t) (i32.const 0)))))
    (f64.store (local.get $c) (local.get $acc)))

  ;; Columns j0..N-1 of one output row: pairs, then a last single column.
  (func $rowTail (param $a i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $j0 i32) (param $N i32) (param $K i32)
    (local $j i32)
    (local.set $j (local.get $j0))
    (block $d (loop $l
      (br_if $d (i32.ge_s (i32.add (local.get $j) (i32.const 1)) (local.get $N)))
      (call $mk1x2 (local.get $a) (local.get $ass) (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))) (local.get $bss)
        (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))) (local.get $K))
      (local.set $j (i32.add (local.get $j) (i32.const 2)))
      (br $l)))
    (if (i32.lt_s (local.get $j) (local.get $N))
      (then (call $mk1x1 (local.get $a) (local.get $ass) (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))) (local.get $bss)
        (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))) (local.get $K)))))

  ;; C[M×N] += a·b, blocked 4×4 with row and column remainders (see the section header).
  (func $gemmBlocked (param $a i32) (param $ars i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $crs i32)
                     (param $M i32) (param $N i32) (param $K i32)
    (local $i i32) (local $j i32) (local $q i32) (local $ai i32) (local $ci i32)
    (local.set $i (i32.const 0))
    (block $d4 (loop $l4
      (br_if $d4 (i32.ge_s (i32.add (local.get $i) (i32.const 3)) (local.get $M)))
      (local.set $ai (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))))
      (local.set $ci (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $crs))))
      (local.set $j (i32.const 0))
      (block $dj (loop $lj
        (br_if $dj (i32.ge_s (i32.add (local.get $j) (i32.const 3)) (local.get $N)))
        (call $mk4x4 (local.get $ai) (local.get $ars) (local.get $ass) (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))) (local.get $bss)
          (i32.add (local.get $ci) (i32.shl (local.get $j) (i32.const 3))) (local.get $crs) (local.get $K))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $lj)))
      (local.set $q (i32.const 0))
      (block $dq (loop $lq
        (br_if $dq (i32.ge_s (local.get $q) (i32.const 4)))
        (call $rowTail (i32.add (local.get $ai) (i32.mul (local.get $q) (local.get $ars))) (local.get $ass) (local.get $b) (local.get $bss)
          (i32.add (local.get $ci) (i32.mul (local.get $q) (local.get $crs))) (local.get $j) (local.get $N) (local.get $K))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $lq)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l4)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_s (local.get $i) (local.get $M)))
      (call $rowTail (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))) (local.get $ass) (local.get $b) (local.get $bss)
        (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $crs))) (i32.const 0) (local.get $N) (local.get $K))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1))))

  ;; C[m×n] += A[m×k]·B[k×n]  (kernels.ts gemmNN): rows of a = rows of A, steps t = p along a row.
  (func $gemm_nn (export "gemm_nn") (param $A i32) (param $B i32) (param $C i32) (param $m i32) (param $k i32) (param $n i32)
    (call $gemmBlocked (local.get $A) (i32.shl (local.get $k) (i32.const 3)) (i32.const 8)
      (local.get $B) (i32.shl (local.get $n) (i32.const 3)) (local.get $C) (i32.shl (local.get $n) (i32.const 3))
      (local.get $m) (local.get $n) (local.get $k)))

  ;; C[k×n] += Aᵀ·G with A[m×k], G[m×n]  (kernels.ts gemmTN): rows of a = columns p of A, steps t = rows r.
  (func (export "gemm_tn") (param $A i32) (param $G i32) (param $C i32) (param $m i32) (param $k i32) (param $n i32)
    (call $gemmBlocked (local.get $A) (i32.const 8) (i32.shl (local.get $k) (i32.const 3))
      (local.get $G) (i32.shl (local.get $n) (i32.const 3)) (local.get $C) (i32.shl (local.get $n) (i32.const 3))
      (local.get $k) (local.get $n) (local.get $m)))

  ;; ---- gemm_nt: C[m×k] += G·Bᵀ with G[m×n], B[k×n]  (kernels.ts gemmNT) --------------------------
  ;; Here the sum runs along the contiguous index j, across lanes. kernels.ts keeps four partial sums
  ;; s0..s3 (s_q takes j ≡ q mod 4 over the full groups of four), adds the tail j's into s0, and
  ;; finishes C += (s0+s1)+(s2+s3). Each output element here keeps exactly those four sums, as the
  ;; lanes of two f64x2 accumulators (s0,s1) and (s2,s3), so the result is bit-identical. Blocks of
  ;; 2 rows of G × 2 rows of B share their loads (eight accumulators).

  ;; The tail j ∈ [$o, $end) into s0, then C[$cp] += (s0+s1)+(s2+s3).
  (func $ntFinish (param $s01 v128) (param $s23 v128) (param $go i32) (param $bo i32) (param $o i32) (param $end i32) (param $cp i32)
    (local $s0 f64)
    (local.set $s0 (f64x2.extract_lane 0 (local.get $s01)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $s0 (f64.add (local.get $s0)
        (f64.mul (f64.load (i32.add (local.get $go) (local.get $o))) (f64.load (i32.add (local.get $bo) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l)))
    (f64.store (local.get $cp)
      (f64.add (f64.load (local.get $cp))
        (f64.add
          (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $s01)))
          (f64.add (f64x2.extract_lane 0 (local.get $s23)) (f64x2.extract_lane 1 (local.get $s23)))))))

  ;; One element: row $go of G with row $bo of B (n·8 = $end bytes, $end4 = full groups of four).
  (func $nt1x1 (param $go i32) (param $bo i32) (param $end4 i32) (param $end i32) (param $cp i32)
    (local $s01 v128) (local $s23 v128) (local $o i32)
    (block $d
      (br_if $d (i32.ge_u (local.get $o) (local.get $end4)))
      (loop $l
        (local.set $s01 (f64x2.add (local.get $s01)
          (f64x2.mul (v128.load (i32.add (local.get $go) (local.get $o))) (v128.load (i32.add (local.get $bo) (local.get $o))))))
        (local.set $s23 (f64x2.add (local.get $s23)
          (f64x2.mul (v128.load offset=16 (i32.add (local.get $go) (local.get $o))) (v128.load offset=16 (i32.add (local.get $bo) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br_if $l (i32.lt_u (local.get $o) (local.get $end4)))))
    (call $ntFinish (local.get $s01) (local.get $s23) (local.get $go) (local.get $bo) (local.get $o) (local.get $end) (local.get $cp)))

  ;; Four elements: rows $g0, $g1 of G with rows $b0, $b1 of B into C at $cp (row stride $crs, next column +8).
  (func $nt2x2 (param $g0 i32) (param $g1 i32) (param $b0 i32) (param $b1 i32) (param $end4 i32) (param $end i32) (param $cp i32) (param $crs i32)
    (local $a00 v128) (local $c00 v128) (local $a01 v128) (local $c01 v128) (local $a10 v128) (local $c10 v128) (local $a11 v128) (local $c11 v128)
    (local $x0 v128) (local $y0 v128) (local $x1 v128) (local $y1 v128) (local $u0 v128) (local $v0 v128) (local $u1 v128) (local $v1 v128) (local $o i32)
    ;; $aRC = (s0,s1) and $cRC = (s2,s3) of output (row R of G, row C of B)
    (block $d
      (br_if $d (i32.ge_u (local.get $o) (local.get $end4)))
      (loop $l
        (local.set $x0 (v128.load (i32.add (local.get $g0) (local.get $o))))
        (local.set $y0 (v128.load offset=16 (i32.add (local.get $g0) (local.get $o))))
        (local.set $x1 (v128.load (i32.add (local.get $g1) (local.get $o))))
        (local.set $y1 (v128.load offset=16 (i32.add (local.get $g1) (local.get $o))))
        (local.set $u0 (v128.load (i32.add (local.get $b0) (local.get $o))))
        (local.set $v0 (v128.load offset=16 (i32.add (local.get $b0) (local.get $o))))
        (local.set $u1 (v128.load (i32.add (local.get $b1) (local.get $o))))
        (local.set $v1 (v128.load offset=16 (i32.add (local.get $b1) (local.get $o))))
        (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $x0) (local.get $u0))))
        (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $y0) (local.get $v0))))
        (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $x0) (local.get $u1))))
        (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $y0) (local.get $v1))))
        (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $x1) (local.get $u0))))
        (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $y1) (local.get $v0))))
        (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $x1) (local.get $u1))))
        (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $y1) (local.get $v1))))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br_if $l (i32.lt_u (local.get $o) (local.get $end4)))))
    (call $ntFinish (local.get $a00) (local.get $c00) (local.get $g0) (local.get $b0) (local.get $o) (local.get $end) (local.get $cp))
    (call $ntFinish (local.get $a01) (local.get $c01) (local.get $g0) (local.get $b1) (local.get $o) (local.get $end) (i32.add (local.get $cp) (i32.const 8)))
    (call $ntFinish (local.get $a10) (local.get $c10) (local.get $g1) (local.get $b0) (local.get $o) (local.get $end) (i32.add (local.get $cp) (local.get $crs)))
    (call $ntFinish (local.get $a11) (local.get $c11) (local.get $g1) (local.get $b1) (local.get $o) (local.get $end) (i32.add (i32.add (local.get $cp) (local.get $crs)) (i32.const 8))))

  (func (export "gemm_nt") (param $G i32) (param $B i32) (param $C i32) (param $m i32) (param $n i32) (param $k i32)
    (local $i i32) (local $p i32) (local $rs i32) (local $crs i32) (local $end4 i32) (local $go i32) (local $ci i32)
    (local.set $rs (i32.shl (local.get $n) (i32.const 3)))
    (local.set $crs (i32.shl (local.get $k) (i32.const 3)))
    (local.set $end4 (i32.and (local.get $rs) (i32.const -32)))
    (block $di2 (loop $li2
      (br_if $di2 (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
      (local.set $go (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $rs))))
      (local.set $ci (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $crs))))
      (local.set $p (i32.const 0))
      (block $dp (loop $lp
        (br_if $dp (i32.ge_s (i32.add (local.get $p) (i32.const 1)) (local.get $k)))
        (call $nt2x2 (local.get $go) (i32.add (local.get $go) (local.get $rs))
          (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $rs))) (i32.add (local.get $B) (i32.mul (i32.add (local.get $p) (i32.const 1)) (local.get $rs)))
          (local.get $end4) (local.get $rs) (i32.add (local.get $ci) (i32.shl (local.get $p) (i32.const 3))) (local.get $crs))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $lp)))
      (if (i32.lt_s (local.get $p) (local.get $k))
        (then
          (call $nt1x1 (local.get $go) (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $rs))) (local.get $end4) (local.get $rs)
            (i32.add (local.get $ci) (i32.shl (local.get $p) (i32.const 3))))
          (call $nt1x1 (i32.add (local.get $go) (local.get $rs)) (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $rs))) (local.get $end4) (local.get $rs)
            (i32.add (i32.add (local.get $ci) (local.get $crs)) (i32.shl (local.get $p) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $li2)))
    (if (i32.lt_s (local.get $i) (local.get $m))
      (then
        (local.set $go (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $rs))))
        (local.set $ci (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $crs))))
        (local.set $p (i32.const 0))
        (block $dp1 (loop $lp1
          (br_if $dp1 (i32.ge_s (local.get $p) (local.get $k)))
          (call $nt1x1 (local.get $go) (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $rs))) (local.get $end4) (local.get $rs)
            (i32.add (local.get $ci) (i32.shl (local.get $p) (i32.const 3))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $lp1))))))

  ;; gemm_nt through a packed transposed copy: the same four partial sums per element, computed by
  ;; register-blocked passes. B [k×n] is packed into panels of four of its rows interleaved: panel P
  ;; holds, for each j, (B[4P][j], B[4P+1][j], B[4P+2][j], B[4P+3][j]) = columns 4P..4P+3 of Bᵀ (a
  ;; bit-exact copy by lane shuffles). A 4×4 output tile (rows i..i+3 of G; columns 4P..4P+3 of C) is
  ;; computed in four passes, one per partial sum: pass q keeps s_q of the 16 elements in eight f64x2
  ;; accumulators (lanes = columns, so no lane reorders a sum), starting from +0 and adding
  ;; G[i][j]·B[p][j] for j ≡ q mod 4, j < n4, in increasing j, exactly as kernels.ts's s_q; the tail
  ;; j ≥ n4 continues s0 in order; the last pass finishes C += (s0+s1)+(s2+s3) from its registers and
  ;; the three earlier sums (kept in the 384-byte scratch $S). Columns past the last full panel and
  ;; rows past the last full tile run $nt1x1 (the same sums one element at a time, on B in place).

  ;; Packs rows 4P..4P+3 of B [k×n] for P < floor(k/4) into $T (n·32 bytes per panel).
  (func $packPanels4 (param $B i32) (param $T i32) (param $k i32) (param $n i32)
    (local $p i32) (local $j i32) (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $n8 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local.set $n8 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $p (i32.const 0))
    (block $dp (loop $lp
      (br_if $dp (i32.ge_s (i32.add (local.get $p) (i32.const 3)) (local.get $k)))
      (local.set $r0 (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $n8))))
      (local.set $r1 (i32.add (local.get $r0) (local.get $n8)))
      (local.set $r2 (i32.add (local.get $r1) (local.get $n8)))
      (local.set $r3 (i32.add (local.get $r2) (local.get $n8)))
      (local.set $j (i32.const 0))
      (block $dj (loop $lj
        (br_if $dj (i32.ge_s (i32.add (local.get $j) (i32.const 1)) (local.get $n)))
        (local.set $x0 (v128.load (local.get $r0)))
        (local.set $x1 (v128.load (local.get $r1)))
        (local.set $x2 (v128.load (local.get $r2)))
        (local.set $x3 (v128.load (local.get $r3)))
        (v128.store (local.get $T) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x0) (local.get $x1)))
        (v128.store offset=16 (local.get $T) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x2) (local.get $x3)))
        (v128.store offset=32 (local.get $T) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x0) (local.get $x1)))
        (v128.store offset=48 (local.get $T) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x2) (local.get $x3)))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
        (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
        (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
        (local.set $T (i32.add (local.get $T) (i32.const 64)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $lj)))
      (if (i32.lt_s (local.get $j) (local.get $n))
        (then
          (f64.store (local.get $T) (f64.load (local.get $r0)))
          (f64.store offset=8 (local.get $T) (f64.load (local.get $r1)))
          (f64.store offset=16 (local.get $T) (f64.load (local.get $r2)))
          (f64.store offset=24 (local.get $T) (f64.load (local.get $r3)))
          (local.set $T (i32.add (local.get $T) (i32.const 32)))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $lp))))

  ;; One pass over a 4×4 tile: $K steps; step t multiplies G[row r][at $g + r·$n8 + t·$gs] by the
  ;; panel's four values at $bt + t·$bs. Accumulators start at +0 ($init 0) or from the slot at $s
  ;; ($init 1). $final 0: store them to the slot at $s. $final 1: C[r][·] at $c + r·$crs +=
  ;; (slot0+slot1)+(slot2+acc) with slots at $s, $s+128, $s+256 (this pass is s3).
  (func $ntPass (param $g i32) (param $n8 i32) (param $gs i32) (param $bt i32) (param $bs i32) (param $K i32)
                (param $s i32) (param $init i32) (param $final i32) (param $c i32) (param $crs i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (if (local.get $init)
      (then
        (local.set $c00 (v128.load (local.get $s)))
        (local.set $c01 (v128.load offset=16 (local.get $s)))
        (local.set $c10 (v128.load offset=32 (local.get $s)))
        (local.set $c11 (v128.load offset=48 (local.get $s)))
        (local.set $c20 (v128.load offset=64 (local.get $s)))
        (local.set $c21 (v128.load offset=80 (local.get $s)))
        (local.set $c30 (v128.load offset=96 (local.get $s)))
        (local.set $c31 (v128.load offset=112 (local.get $s)))))
    (local.set $p1 (i32.add (local.get $g) (local.get $n8)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $n8)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $n8)))
    (block $done
      (br_if $done (i32.le_s (local.get $K) (i32.const 0)))
      (loop $l
        (local.set $b0 (v128.load (local.get $bt)))
        (local.set $b1 (v128.load offset=16 (local.get $bt)))
        (local.set $x (f64x2.splat (f64.load (local.get $g))))
        (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
        (local.set $g (i32.add (local.get $g) (local.get $gs)))
        (local.set $x (f64x2.splat (f64.load (local.get $p1))))
        (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
        (local.set $p1 (i32.add (local.get $p1) (local.get $gs)))
        (local.set $x (f64x2.splat (f64.load (local.get $p2))))
        (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
        (local.set $p2 (i32.add (local.get $p2) (local.get $gs)))
        (local.set $x (f64x2.splat (f64.load (local.get $p3))))
        (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
        (local.set $p3 (i32.add (local.get $p3) (local.get $gs)))
        (local.set $bt (i32.add (local.get $bt) (local.get $bs)))
        (local.set $K (i32.sub (local.get $K) (i32.const 1)))
        (br_if $l (i32.gt_s (local.get $K) (i32.const 0)))))
    (if (i32.eqz (local.get $final))
      (then
        (v128.store (local.get $s) (local.get $c00))
        (v128.store offset=16 (local.get $s) (local.get $c01))
        (v128.store offset=32 (local.get $s) (local.get $c10))
        (v128.store offset=48 (local.get $s) (local.get $c11))
        (v128.store offset=64 (local.get $s) (local.get $c20))
        (v128.store offset=80 (local.get $s) (local.get $c21))
        (v128.store offset=96 (local.get $s) (local.get $c30))
        (v128.store offset=112 (local.get $s) (local.get $c31))
        (return)))
    ;; C += (s0+s1)+(s2+s3), row by row
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.add
      (f64x2.add (v128.load (local.get $s)) (v128.load offset=128 (local.get $s)))
      (f64x2.add (v128.load offset=256 (local.get $s)) (local.get $c00)))))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (f64x2.add
      (f64x2.add (v128.load offset=16 (local.get $s)) (v128.load offset=144 (local.get $s)))
      (f64x2.add (v128.load offset=272 (local.get $s)) (local.get $c01)))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.add
      (f64x2.add (v128.load offset=32 (local.get $s)) (v128.load offset=160 (local.get $s)))
      (f64x2.add (v128.load offset=288 (local.get $s)) (local.get $c10)))))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (f64x2.add
      (f64x2.add (v128.load offset=48 (local.get $s)) (v128.load offset=176 (local.get $s)))
      (f64x2.add (v128.load offset=304 (local.get $s)) (local.get $c11)))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.add
      (f64x2.add (v128.load offset=64 (local.get $s)) (v128.load offset=192 (local.get $s)))
      (f64x2.add (v128.load offset=320 (local.get $s)) (local.get $c20)))))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (f64x2.add
      (f64x2.add (v128.load offset=80 (local.get $s)) (v128.load offset=208 (local.get $s)))
      (f64x2.add (v128.load offset=336 (local.get $s)) (local.get $c21)))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.add
      (f64x2.add (v128.load offset=96 (local.get $s)) (v128.load offset=224 (local.get $s)))
      (f64x2.add (v128.load offset=352 (local.get $s)) (local.get $c30)))))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (f64x2.add
      (f64x2.add (v128.load offset=112 (local.get $s)) (v128.load offset=240 (local.get $s)))
      (f64x2.add (v128.load offset=368 (local.get $s)) (local.get $c31))))))

  ;; C[m×k] += G·Bᵀ; $T: scratch for the panels (≤ k·n values), $S: 48 values of scratch.
  (func (export "gemm_nt_t") (param $G i32) (param $B i32) (param $C i32) (param $m i32) (param $n i32) (param $k i32) (param $T i32) (param $S i32)
    (local $i i32) (local $p i32) (local $n8 i32) (local $crs i32) (local $end4 i32) (local $K4 i32) (local $tail i32)
    (local $gi i32) (local $ci i32) (local $bt i32) (local $pan i32) (local $m4 i32) (local $k4 i32) (local $bs4 i32)
    (local.set $n8 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $crs (i32.shl (local.get $k) (i32.const 3)))
    (local.set $end4 (i32.and (local.get $n8) (i32.const -32)))
    (local.set $K4 (i32.shr_s (local.get $n) (i32.const 2)))
    (local.set $tail (i32.and (local.get $n) (i32.const 3)))
    (local.set $pan (i32.shl (local.get $n) (i32.const 5)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $k4 (i32.and (local.get $k) (i32.const -4)))
    (call $packPanels4 (local.get $B) (local.get $T) (local.get $k) (local.get $n))
    ;; 4×4 tiles, panel-major (a panel stays in L1 while the rows of G pass it)
    (local.set $p (i32.const 0))
    (local.set $bt (local.get $T))
    (block $dp (loop $lp
      (br_if $dp (i32.ge_s (local.get $p) (local.get $k4)))
      (local.set $i (i32.const 0))
      (block $di (loop $li
        (br_if $di (i32.ge_s (local.get $i) (local.get $m4)))
        (local.set $gi (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $n8))))
        (local.set $ci (i32.add (local.get $C) (i32.add (i32.mul (local.get $i) (local.get $crs)) (i32.shl (local.get $p) (i32.const 3)))))
        ;; s0 (steps of four j from j = 0), then its tail j ≥ n4 one at a time
        (call $ntPass (local.get $gi) (local.get $n8) (i32.const 32) (local.get $bt) (i32.const 128) (local.get $K4)
          (local.get $S) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
        (if (local.get $tail)
          (then (call $ntPass (i32.add (local.get $gi) (local.get $end4)) (local.get $n8) (i32.const 8)
            (i32.add (local.get $bt) (i32.shl (local.get $end4) (i32.const 2))) (i32.const 32) (local.get $tail)
            (local.get $S) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))))
        ;; s1, s2, then s3 finishing C
        (call $ntPass (i32.add (local.get $gi) (i32.const 8)) (local.get $n8) (i32.const 32) (i32.add (local.get $bt) (i32.const 32)) (i32.const 128) (local.get $K4)
          (i32.add (local.get $S) (i32.const 128)) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
        (call $ntPass (i32.add (local.get $gi) (i32.const 16)) (local.get $n8) (i32.const 32) (i32.add (local.get $bt) (i32.const 64)) (i32.const 128) (local.get $K4)
          (i32.add (local.get $S) (i32.const 256)) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
        (call $ntPass (i32.add (local.get $gi) (i32.const 24)) (local.get $n8) (i32.const 32) (i32.add (local.get $bt) (i32.const 96)) (i32.const 128) (local.get $K4)
          (local.get $S) (i32.const 0) (i32.const 1) (local.get $ci) (local.get $crs))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $li)))
      (local.set $bt (i32.add (local.get $bt) (local.get $pan)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $lp)))
    ;; the columns past the last full panel, every row
    (block $dc (loop $lc
      (br_if $dc (i32.ge_s (local.get $p) (local.get $k)))
      (local.set $i (i32.const 0))
      (block $dr (loop $lr
        (br_if $dr (i32.ge_s (local.get $i) (local.get $m)))
        (call $nt1x1 (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $n8))) (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $n8)))
          (local.get $end4) (local.get $n8) (i32.add (local.get $C) (i32.add (i32.mul (local.get $i) (local.get $crs)) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $lr)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $lc)))
    ;; the rows past the last full tile, the panels' columns
    (local.set $i (local.get $m4))
    (block $dr2 (loop $lr2
      (br_if $dr2 (i32.ge_s (local.get $i) (local.get $m)))
      (local.set $p (i32.const 0))
      (block $dc2 (loop $lc2
        (br_if $dc2 (i32.ge_s (local.get $p) (local.get $k4)))
        (call $nt1x1 (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $n8))) (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $n8)))
          (local.get $end4) (local.get $n8) (i32.add (local.get $C) (i32.add (i32.mul (local.get $i) (local.get $crs)) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $lc2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $lr2))))

  ;; The fused linear forward (lib/tensor/ops/linear.ts): Y[rows×nOut] = each row the bias (or 0
  ;; when $bias is 0... i.e. $hasBias = 0), then Y += X·W, then act: 0 identity, 1 relu (NaN kept,
  ;; -0 → +0, as `v > 0 || v !== v ? v : 0`), 2 leakyRelu (`v > 0 ? v : 0.01*v`). Other activations
  ;; (tanh, sigmoid) are applied by the caller afterwards, as in TS (Math.tanh/exp are not wasm ops).
  (func (export "linear_fwd") (param $X i32) (param $W i32) (param $b i32) (param $hasBias i32) (param $Y i32)
        (param $rows i32) (param $nIn i32) (param $nOut i32) (param $act i32)
    (local $r i32) (local $rs i32) (local $o i32) (local $end i32) (local $endv i32) (local $x v128) (local $s f64)
    (local.set $rs (i32.shl (local.get $nOut) (i32.const 3)))
    (local.set $r (i32.const 0))
    (block $rdone
      (br_if $rdone (i32.ge_s (local.get $r) (local.get $rows)))
      (loop $rl
        (if (local.get $hasBias)
          (then (memory.copy (i32.add (local.get $Y) (i32.mul (local.get $r) (local.get $rs))) (local.get $b) (local.get $rs)))
          (else (memory.fill (i32.add (local.get $Y) (i32.mul (local.get $r) (local.get $rs))) (i32.const 0) (local.get $rs))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $rl (i32.lt_s (local.get $r) (local.get $rows)))))
    (call $gemm_nn (local.get $X) (local.get $W) (local.get $Y) (local.get $rows) (local.get $nIn) (local.get $nOut))
    (if (i32.eqz (local.get $act)) (then (return)))
    (local.set $end (i32.add (local.get $Y) (i32.mul (local.get $rows) (local.get $rs))))
    (local.set $endv (i32.add (local.get $Y) (i32.and (i32.mul (local.get $rows) (local.get $rs)) (i32.const -16))))
    (local.set $o (local.get $Y))
    (if (i32.eq (local.get $act) (i32.const 1))
      (then
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $o) (local.get $endv)))
          (local.set $x (v128.load (local.get $o)))
          (v128.store (local.get $o)
            (v128.bitselect (local.get $x) (v128.const f64x2 0 0)
              (v128.or (f64x2.gt (local.get $x) (v128.const f64x2 0 0)) (f64x2.ne (local.get $x) (local.get $x)))))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br $l)))
        (if (i32.lt_u (local.get $o) (local.get $end))
          (then
            (local.set $s (f64.load (local.get $o)))
            (f64.store (local.get $o)
              (select (local.get $s) (f64.const 0)
                (i32.or (f64.gt (local.get $s) (f64.const 0)) (f64.ne (local.get $s) (local.get $s))))))))
      (else
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $o) (local.get $endv)))
          (local.set $x (v128.load (local.get $o)))
          (v128.store (local.get $o)
            (v128.bitselect (local.get $x) (f64x2.mul (v128.const f64x2 0.01 0.01) (local.get $x))
              (f64x2.gt (local.get $x) (v128.const f64x2 0 0))))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br $l)))
        (if (i32.lt_u (local.get $o) (local.get $end))
          (then
            (local.set $s (f64.load (local.get $o)))
            (f64.store (local.get $o)
              (select (local.get $s) (f64.mul (f64.const 0.01) (local.get $s)) (f64.gt (local.get $s) (f64.const 0)))))))))

  ;; Adam/AdamW over n elements (lib/nn/optim.ts step, per element, same operation order):
  ;;   gi = g (+ l2*p if $useL2);  p = p*decay if $useDecay;
  ;;   m = b1*m + omb1*gi;  v = b2*v + (omb2*gi)*gi;  p = p - stepSize*(m/(sqrt(v)/bc2 + eps)).
  (func (export "adam") (param $P i32) (param $G i32) (param $M i32) (param $V i32) (param $n i32)
        (param $stepSize f64) (param $bc2 f64) (param $eps f64) (param $b1 f64) (param $omb1 f64)
        (param $b2 f64) (param $omb2 f64) (param $l2 f64) (param $useL2 i32) (param $decay f64) (param $useDecay i32)
    (local $o i32) (local $end i32) (local $endv i32)
    (local $p v128) (local $g v128) (local $m v128) (local $v v128)
    (local $sp f64) (local $sg f64) (local $sm f64) (local $sv f64)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $endv (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $o) (local.get $endv)))
      (local.set $p (v128.load (i32.add (local.get $P) (local.get $o))))
      (local.set $g (v128.load (i32.add (local.get $G) (local.get $o))))
      (if (local.get $useL2) (then (local.set $g (f64x2.add (local.get $g) (f64x2.mul (f64x2.splat (local.get $l2)) (local.get $p))))))
      (if (local.get $useDecay) (then (local.set $p (f64x2.mul (local.get $p) (f64x2.splat (local.get $decay))))))
      (local.set $m (f64x2.add (f64x2.mul (f64x2.splat (local.get $b1)) (v128.load (i32.add (local.get $M) (local.get $o))))
                               (f64x2.mul (f64x2.splat (local.get $omb1)) (local.get $g))))
      (local.set $v (f64x2.add (f64x2.mul (f64x2.splat (local.get $b2)) (v128.load (i32.add (local.get $V) (local.get $o))))
                               (f64x2.mul (f64x2.mul (f64x2.splat (local.get $omb2)) (local.get $g)) (local.get $g))))
      (v128.store (i32.add (local.get $M) (local.get $o)) (local.get $m))
      (v128.store (i32.add (local.get $V) (local.get $o)) (local.get $v))
      (v128.store (i32.add (local.get $P) (local.get $o))
        (f64x2.sub (local.get $p)
          (f64x2.mul (f64x2.splat (local.get $stepSize))
            (f64x2.div (local.get $m)
              (f64x2.add (f64x2.div (f64x2.sqrt (local.get $v)) (f64x2.splat (local.get $bc2))) (f64x2.splat (local.get $eps)))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $l)))
    (if (i32.lt_u (local.get $o) (local.get $end))
      (then
        (local.set $sp (f64.load (i32.add (local.get $P) (local.get $o))))
        (local.set $sg (f64.load (i32.add (local.get $G) (local.get $o))))
        (if (local.get $useL2) (then (local.set $sg (f64.add (local.get $sg) (f64.mul (local.get $l2) (local.get $sp))))))
        (if (local.get $useDecay) (then (local.set $sp (f64.mul (local.get $sp) (local.get $decay)))))
        (local.set $sm (f64.add (f64.mul (local.get $b1) (f64.load (i32.add (local.get $M) (local.get $o))))
                                (f64.mul (local.get $omb1) (local.get $sg))))
        (local.set $sv (f64.add (f64.mul (local.get $b2) (f64.load (i32.add (local.get $V) (local.get $o))))
                                (f64.mul (f64.mul (local.get $omb2) (local.get $sg)) (local.get $sg))))
        (f64.store (i32.add (local.get $M) (local.get $o)) (local.get $sm))
        (f64.store (i32.add (local.get $V) (local.get $o)) (local.get $sv))
        (f64.store (i32.add (local.get $P) (local.get $o))
          (f64.sub (local.get $sp)
            (f64.mul (local.get $stepSize)
              (f64.div (local.get $sm) (f64.add (f64.div (f64.sqrt (local.get $sv)) (local.get $bc2)) (local.get $eps)))))))))

  ;; Polyak: d = d*keep + tau*s over n elements (lib/nn/polyakUpdate.ts, 0 < tau < 1).
  (func (export "polyak") (param $S i32) (param $D i32) (param $n i32) (param $keep f64) (param $tau f64)
    (local $o i32) (local $end i32) (local $endv i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $endv (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $o) (local.get $endv)))
      (v128.store (i32.add (local.get $D) (local.get $o))
        (f64x2.add (f64x2.mul (v128.load (i32.add (local.get $D) (local.get $o))) (f64x2.splat (local.get $keep)))
                   (f64x2.mul (f64x2.splat (local.get $tau)) (v128.load (i32.add (local.get $S) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $l)))
    (if (i32.lt_u (local.get $o) (local.get $end))
      (then
        (f64.store (i32.add (local.get $D) (local.get $o))
          (f64.add (f64.mul (f64.load (i32.add (local.get $D) (local.get $o))) (local.get $keep))
                   (f64.mul (local.get $tau) (f64.load (i32.add (local.get $S) (local.get $o)))))))))

  ;; ---- f32 twins (benchmarks and embedders; no f32 training dtype) ------------------------------------
  ;; The same products on float32 data, each IEEE operation rounded to f32: C += A·B and C += Aᵀ·G
  ;; summed sequentially along the reduction for every element (4 rows × 8 columns per register block,
  ;; f32x4 lanes across columns), and C += G·Bᵀ with kernels.ts's four partial sums s0..s3 finished as
  ;; (s0+s1)+(s2+s3). Their TypeScript twins are kernels.ts's gemmNNf32/gemmTNf32/gemmNTf32 (bit-identical).

  (func $mk4x8f (param $a i32) (param $ars i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $crs i32) (param $K i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $t i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local.set $c1 (i32.add (local.get $c) (local.get $crs)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $crs)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $crs)))
    (local.set $c00 (v128.load (local.get $c)))
    (local.set $c01 (v128.load offset=16 (local.get $c)))
    (local.set $c10 (v128.load (local.get $c1)))
    (local.set $c11 (v128.load offset=16 (local.get $c1)))
    (local.set $c20 (v128.load (local.get $c2)))
    (local.set $c21 (v128.load offset=16 (local.get $c2)))
    (local.set $c30 (v128.load (local.get $c3)))
    (local.set $c31 (v128.load offset=16 (local.get $c3)))
    (local.set $p0 (local.get $a))
    (local.set $p1 (i32.add (local.get $p0) (local.get $ars)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $ars)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $ars)))
    (local.set $t (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $t) (i32.const 0)))
      (loop $l
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (f32x4.splat (f32.load (local.get $p0))))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $p0 (i32.add (local.get $p0) (local.get $ass)))
        (local.set $x (f32x4.splat (f32.load (local.get $p1))))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $p1 (i32.add (local.get $p1) (local.get $ass)))
        (local.set $x (f32x4.splat (f32.load (local.get $p2))))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $p2 (i32.add (local.get $p2) (local.get $ass)))
        (local.set $x (f32x4.splat (f32.load (local.get $p3))))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $p3 (i32.add (local.get $p3) (local.get $ass)))
        (local.set $b (i32.add (local.get $b) (local.get $bss)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (br_if $l (i32.gt_s (local.get $t) (i32.const 0)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store (local.get $c1) (local.get $c10))
    (v128.store offset=16 (local.get $c1) (local.get $c11))
    (v128.store (local.get $c2) (local.get $c20))
    (v128.store offset=16 (local.get $c2) (local.get $c21))
    (v128.store (local.get $c3) (local.get $c30))
    (v128.store offset=16 (local.get $c3) (local.get $c31)))

  (func $mk1x4f (param $a i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $K i32)
    (local $acc v128) (local $t i32)
    (local.set $acc (v128.load (local.get $c)))
    (local.set $t (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $t) (i32.const 0)))
      (loop $l
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (f32x4.splat (f32.load (local.get $a))) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $ass)))
        (local.set $b (i32.add (local.get $b) (local.get $bss)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (br_if $l (i32.gt_s (local.get $t) (i32.const 0)))))
    (v128.store (local.get $c) (local.get $acc)))

  (func $mk1x1f (param $a i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $K i32)
    (local $acc f32) (local $t i32)
    (local.set $acc (f32.load (local.get $c)))
    (local.set $t (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $t) (i32.const 0)))
      (loop $l
        (local.set $acc (f32.add (local.get $acc) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $ass)))
        (local.set $b (i32.add (local.get $b) (local.get $bss)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (br_if $l (i32.gt_s (local.get $t) (i32.const 0)))))
    (f32.store (local.get $c) (local.get $acc)))

  (func $rowTailF (param $a i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $j0 i32) (param $N i32) (param $K i32)
    (local $j i32)
    (local.set $j (local.get $j0))
    (block $d (loop $l
      (br_if $d (i32.ge_s (i32.add (local.get $j) (i32.const 3)) (local.get $N)))
      (call $mk1x4f (local.get $a) (local.get $ass) (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $bss)
        (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $K))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $l)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_s (local.get $j) (local.get $N)))
      (call $mk1x1f (local.get $a) (local.get $ass) (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $bss)
        (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $K))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l1))))

  (func $gemmBlockedF (param $a i32) (param $ars i32) (param $ass i32) (param $b i32) (param $bss i32) (param $c i32) (param $crs i32)
                     (param $M i32) (param $N i32) (param $K i32)
    (local $i i32) (local $j i32) (local $q i32) (local $ai i32) (local $ci i32)
    (local.set $i (i32.const 0))
    (block $d4 (loop $l4
      (br_if $d4 (i32.ge_s (i32.add (local.get $i) (i32.const 3)) (local.get $M)))
      (local.set $ai (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))))
      (local.set $ci (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $crs))))
      (local.set $j (i32.const 0))
      (block $dj (loop $lj
        (br_if $dj (i32.ge_s (i32.add (local.get $j) (i32.const 7)) (local.get $N)))
        (call $mk4x8f (local.get $ai) (local.get $ars) (local.get $ass) (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $bss)
          (i32.add (local.get $ci) (i32.shl (local.get $j) (i32.const 2))) (local.get $crs) (local.get $K))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $lj)))
      (local.set $q (i32.const 0))
      (block $dq (loop $lq
        (br_if $dq (i32.ge_s (local.get $q) (i32.const 4)))
        (call $rowTailF (i32.add (local.get $ai) (i32.mul (local.get $q) (local.get $ars))) (local.get $ass) (local.get $b) (local.get $bss)
          (i32.add (local.get $ci) (i32.mul (local.get $q) (local.get $crs))) (local.get $j) (local.get $N) (local.get $K))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $lq)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l4)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_s (local.get $i) (local.get $M)))
      (call $rowTailF (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))) (local.get $ass) (local.get $b) (local.get $bss)
        (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $crs))) (i32.const 0) (local.get $N) (local.get $K))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1))))

  (func (export "gemm_nn_f32") (param $A i32) (param $B i32) (param $C i32) (param $m i32) (param $k i32) (param $n i32)
    (call $gemmBlockedF (local.get $A) (i32.shl (local.get $k) (i32.const 2)) (i32.const 4)
      (local.get $B) (i32.shl (local.get $n) (i32.const 2)) (local.get $C) (i32.shl (local.get $n) (i32.const 2))
      (local.get $m) (local.get $n) (local.get $k)))

  (func (export "gemm_tn_f32") (param $A i32) (param $G i32) (param $C i32) (param $m i32) (param $k i32) (param $n i32)
    (call $gemmBlockedF (local.get $A) (i32.const 4) (i32.shl (local.get $k) (i32.const 2))
      (local.get $G) (i32.shl (local.get $n) (i32.const 2)) (local.get $C) (i32.shl (local.get $n) (i32.const 2))
      (local.get $k) (local.get $n) (local.get $m)))

  ;; One element of G·Bᵀ in f32 (rows at $go, $bo; $n values): kernels.ts gemmNTf32's loop.
  (func $nt1x1f (param $go i32) (param $bo i32) (param $n i32) (param $cp i32)
    (local $s0 f32) (local $s1 f32) (local $s2 f32) (local $s3 f32) (local $j i32)
    (block $d (loop $l
      (br_if $d (i32.ge_s (i32.add (local.get $j) (i32.const 3)) (local.get $n)))
      (local.set $s0 (f32.add (local.get $s0) (f32.mul (f32.load (local.get $go)) (f32.load (local.get $bo)))))
      (local.set $s1 (f32.add (local.get $s1) (f32.mul (f32.load offset=4 (local.get $go)) (f32.load offset=4 (local.get $bo)))))
      (local.set $s2 (f32.add (local.get $s2) (f32.mul (f32.load offset=8 (local.get $go)) (f32.load offset=8 (local.get $bo)))))
      (local.set $s3 (f32.add (local.get $s3) (f32.mul (f32.load offset=12 (local.get $go)) (f32.load offset=12 (local.get $bo)))))
      (local.set $go (i32.add (local.get $go) (i32.const 16)))
      (local.set $bo (i32.add (local.get $bo) (i32.const 16)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $l)))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_s (local.get $j) (local.get $n)))
      (local.set $s0 (f32.add (local.get $s0) (f32.mul (f32.load (local.get $go)) (f32.load (local.get $bo)))))
      (local.set $go (i32.add (local.get $go) (i32.const 4)))
      (local.set $bo (i32.add (local.get $bo) (i32.const 4)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l2)))
    (f32.store (local.get $cp) (f32.add (f32.load (local.get $cp))
      (f32.add (f32.add (local.get $s0) (local.get $s1)) (f32.add (local.get $s2) (local.get $s3))))))

  ;; Packs rows 8P..8P+7 of B [k×n] (f32) for P < floor(k/8) into $T: for each j the eight values
  ;; B[8P..8P+7][j] (32 bytes), n·32 bytes per panel.
  (func $packPanels8f (param $B i32) (param $T i32) (param $k i32) (param $n i32)
    (local $p i32) (local $j i32) (local $r i32) (local $n4 i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $p (i32.const 0))
    (block $dp (loop $lp
      (br_if $dp (i32.ge_s (i32.add (local.get $p) (i32.const 7)) (local.get $k)))
      (local.set $r (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $n4))))
      (local.set $j (i32.const 0))
      (block $dj (loop $lj
        (br_if $dj (i32.ge_s (local.get $j) (local.get $n)))
        (f32.store (local.get $T) (f32.load (local.get $r)))
        (f32.store offset=4 (local.get $T) (f32.load (i32.add (local.get $r) (local.get $n4))))
        (f32.store offset=8 (local.get $T) (f32.load (i32.add (local.get $r) (i32.mul (local.get $n4) (i32.const 2)))))
        (f32.store offset=12 (local.get $T) (f32.load (i32.add (local.get $r) (i32.mul (local.get $n4) (i32.const 3)))))
        (f32.store offset=16 (local.get $T) (f32.load (i32.add (local.get $r) (i32.mul (local.get $n4) (i32.const 4)))))
        (f32.store offset=20 (local.get $T) (f32.load (i32.add (local.get $r) (i32.mul (local.get $n4) (i32.const 5)))))
        (f32.store offset=24 (local.get $T) (f32.load (i32.add (local.get $r) (i32.mul (local.get $n4) (i32.const 6)))))
        (f32.store offset=28 (local.get $T) (f32.load (i32.add (local.get $r) (i32.mul (local.get $n4) (i32.const 7)))))
        (local.set $T (i32.add (local.get $T) (i32.const 32)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $lj)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $lp))))

  (func $ntPassF (param $g i32) (param $n8 i32) (param $gs i32) (param $bt i32) (param $bs i32) (param $K i32)
                (param $s i32) (param $init i32) (param $final i32) (param $c i32) (param $crs i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (if (local.get $init)
      (then
        (local.set $c00 (v128.load (local.get $s)))
        (local.set $c01 (v128.load offset=16 (local.get $s)))
        (local.set $c10 (v128.load offset=32 (local.get $s)))
        (local.set $c11 (v128.load offset=48 (local.get $s)))
        (local.set $c20 (v128.load offset=64 (local.get $s)))
        (local.set $c21 (v128.load offset=80 (local.get $s)))
        (local.set $c30 (v128.load offset=96 (local.get $s)))
        (local.set $c31 (v128.load offset=112 (local.get $s)))))
    (local.set $p1 (i32.add (local.get $g) (local.get $n8)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $n8)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $n8)))
    (block $done
      (br_if $done (i32.le_s (local.get $K) (i32.const 0)))
      (loop $l
        (local.set $b0 (v128.load (local.get $bt)))
        (local.set $b1 (v128.load offset=16 (local.get $bt)))
        (local.set $x (f32x4.splat (f32.load (local.get $g))))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $g (i32.add (local.get $g) (local.get $gs)))
        (local.set $x (f32x4.splat (f32.load (local.get $p1))))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $p1 (i32.add (local.get $p1) (local.get $gs)))
        (local.set $x (f32x4.splat (f32.load (local.get $p2))))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $p2 (i32.add (local.get $p2) (local.get $gs)))
        (local.set $x (f32x4.splat (f32.load (local.get $p3))))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $p3 (i32.add (local.get $p3) (local.get $gs)))
        (local.set $bt (i32.add (local.get $bt) (local.get $bs)))
        (local.set $K (i32.sub (local.get $K) (i32.const 1)))
        (br_if $l (i32.gt_s (local.get $K) (i32.const 0)))))
    (if (i32.eqz (local.get $final))
      (then
        (v128.store (local.get $s) (local.get $c00))
        (v128.store offset=16 (local.get $s) (local.get $c01))
        (v128.store offset=32 (local.get $s) (local.get $c10))
        (v128.store offset=48 (local.get $s) (local.get $c11))
        (v128.store offset=64 (local.get $s) (local.get $c20))
        (v128.store offset=80 (local.get $s) (local.get $c21))
        (v128.store offset=96 (local.get $s) (local.get $c30))
        (v128.store offset=112 (local.get $s) (local.get $c31))
        (return)))
    ;; C += (s0+s1)+(s2+s3), row by row
    (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (f32x4.add
      (f32x4.add (v128.load (local.get $s)) (v128.load offset=128 (local.get $s)))
      (f32x4.add (v128.load offset=256 (local.get $s)) (local.get $c00)))))
    (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (f32x4.add
      (f32x4.add (v128.load offset=16 (local.get $s)) (v128.load offset=144 (local.get $s)))
      (f32x4.add (v128.load offset=272 (local.get $s)) (local.get $c01)))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (f32x4.add
      (f32x4.add (v128.load offset=32 (local.get $s)) (v128.load offset=160 (local.get $s)))
      (f32x4.add (v128.load offset=288 (local.get $s)) (local.get $c10)))))
    (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (f32x4.add
      (f32x4.add (v128.load offset=48 (local.get $s)) (v128.load offset=176 (local.get $s)))
      (f32x4.add (v128.load offset=304 (local.get $s)) (local.get $c11)))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (f32x4.add
      (f32x4.add (v128.load offset=64 (local.get $s)) (v128.load offset=192 (local.get $s)))
      (f32x4.add (v128.load offset=320 (local.get $s)) (local.get $c20)))))
    (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (f32x4.add
      (f32x4.add (v128.load offset=80 (local.get $s)) (v128.load offset=208 (local.get $s)))
      (f32x4.add (v128.load offset=336 (local.get $s)) (local.get $c21)))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (f32x4.add
      (f32x4.add (v128.load offset=96 (local.get $s)) (v128.load offset=224 (local.get $s)))
      (f32x4.add (v128.load offset=352 (local.get $s)) (local.get $c30)))))
    (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (f32x4.add
      (f32x4.add (v128.load offset=112 (local.get $s)) (v128.load offset=240 (local.get $s)))
      (f32x4.add (v128.load offset=368 (local.get $s)) (local.get $c31))))))

  ;; C[m×k] += G·Bᵀ in f32, with the f64 kernel's tiling: 4 rows × 8 columns (two f32x4 per row),
  ;; one register pass per partial sum; the last k mod 8 columns as a zero-padded panel finishing
  ;; into a 4×8 tile in scratch. $T: n·8·ceil(k/8) floats of panels, $S: 128 floats of scratch.
  (func (export "gemm_nt_f32") (param $G i32) (param $B i32) (param $C i32) (param $m i32) (param $n i32) (param $k i32) (param $T i32) (param $S i32)
    (local $i i32) (local $p i32) (local $n4 i32) (local $crs i32) (local $end4 i32) (local $K4 i32) (local $tail i32)
    (local $gi i32) (local $ci i32) (local $bt i32) (local $pan i32) (local $m4 i32) (local $k8 i32) (local $r i32)
    (local $j i32) (local $c i32) (local $o i32) (local $ct i32) (local $src i32) (local $dst i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $crs (i32.shl (local.get $k) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $n4) (i32.const -16)))
    (local.set $K4 (i32.shr_s (local.get $n) (i32.const 2)))
    (local.set $tail (i32.and (local.get $n) (i32.const 3)))
    (local.set $pan (i32.shl (local.get $n) (i32.const 5)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $k8 (i32.and (local.get $k) (i32.const -8)))
    (local.set $r (i32.sub (local.get $k) (local.get $k8)))
    (local.set $ct (i32.add (local.get $S) (i32.const 384)))
    (call $packPanels8f (local.get $B) (local.get $T) (local.get $k) (local.get $n))
    ;; the last r < 8 columns: one more panel, its missing rows of B zero (a lane per column, so the
    ;; padding changes no other lane)
    (if (local.get $r)
      (then
        (local.set $o (i32.add (local.get $T) (i32.mul (i32.shr_s (local.get $k8) (i32.const 3)) (local.get $pan))))
        (local.set $j (i32.const 0))
        (block $dj (loop $lj
          (br_if $dj (i32.ge_s (local.get $j) (local.get $n)))
          (v128.store (local.get $o) (v128.const i32x4 0 0 0 0))
          (v128.store offset=16 (local.get $o) (v128.const i32x4 0 0 0 0))
          (local.set $c (i32.const 0))
          (block $dc (loop $lc
            (br_if $dc (i32.ge_s (local.get $c) (local.get $r)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2)))
              (f32.load (i32.add (local.get $B) (i32.shl (i32.add (i32.mul (i32.add (local.get $k8) (local.get $c)) (local.get $n)) (local.get $j)) (i32.const 2)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $lc)))
          (local.set $o (i32.add (local.get $o) (i32.const 32)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lj)))))
    (local.set $p (i32.const 0))
    (local.set $bt (local.get $T))
    (block $dp (loop $lp
      (br_if $dp (i32.ge_s (local.get $p) (local.get $k)))
      (local.set $i (i32.const 0))
      (block $di (loop $li
        (br_if $di (i32.ge_s (local.get $i) (local.get $m4)))
        (local.set $gi (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $n4))))
        (local.set $ci (i32.add (local.get $C) (i32.add (i32.mul (local.get $i) (local.get $crs)) (i32.shl (local.get $p) (i32.const 2)))))
        ;; a partial panel finishes into the tile $ct (4 rows of 8), holding C's r columns
        (if (i32.lt_s (local.get $p) (local.get $k8)) (then) (else
          (local.set $o (i32.const 0))
          (block $dt (loop $lt
            (br_if $dt (i32.ge_s (local.get $o) (i32.const 4)))
            (local.set $src (i32.add (local.get $ci) (i32.mul (local.get $o) (local.get $crs))))
            (local.set $dst (i32.add (local.get $ct) (i32.shl (local.get $o) (i32.const 5))))
            (local.set $c (i32.const 0))
            (block $dcc (loop $lcc
              (br_if $dcc (i32.ge_s (local.get $c) (local.get $r)))
              (f32.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))) (f32.load (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2)))))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br $lcc)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $lt)))))
        (call $ntPassF (local.get $gi) (local.get $n4) (i32.const 16) (local.get $bt) (i32.const 128) (local.get $K4)
          (local.get $S) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
        (if (local.get $tail)
          (then (call $ntPassF (i32.add (local.get $gi) (local.get $end4)) (local.get $n4) (i32.const 4)
            (i32.add (local.get $bt) (i32.shl (local.get $end4) (i32.const 3))) (i32.const 32) (local.get $tail)
            (local.get $S) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))))
        (call $ntPassF (i32.add (local.get $gi) (i32.const 4)) (local.get $n4) (i32.const 16) (i32.add (local.get $bt) (i32.const 32)) (i32.const 128) (local.get $K4)
          (i32.add (local.get $S) (i32.const 128)) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
        (call $ntPassF (i32.add (local.get $gi) (i32.const 8)) (local.get $n4) (i32.const 16) (i32.add (local.get $bt) (i32.const 64)) (i32.const 128) (local.get $K4)
          (i32.add (local.get $S) (i32.const 256)) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
        (if (i32.lt_s (local.get $p) (local.get $k8))
          (then
            (call $ntPassF (i32.add (local.get $gi) (i32.const 12)) (local.get $n4) (i32.const 16) (i32.add (local.get $bt) (i32.const 96)) (i32.const 128) (local.get $K4)
              (local.get $S) (i32.const 0) (i32.const 1) (local.get $ci) (local.get $crs)))
          (else
            (call $ntPassF (i32.add (local.get $gi) (i32.const 12)) (local.get $n4) (i32.const 16) (i32.add (local.get $bt) (i32.const 96)) (i32.const 128) (local.get $K4)
              (local.get $S) (i32.const 0) (i32.const 1) (local.get $ct) (i32.const 32))
            (local.set $o (i32.const 0))
            (block $dt2 (loop $lt2
              (br_if $dt2 (i32.ge_s (local.get $o) (i32.const 4)))
              (local.set $dst (i32.add (local.get $ci) (i32.mul (local.get $o) (local.get $crs))))
              (local.set $src (i32.add (local.get $ct) (i32.shl (local.get $o) (i32.const 5))))
              (local.set $c (i32.const 0))
              (block $dcc2 (loop $lcc2
                (br_if $dcc2 (i32.ge_s (local.get $c) (local.get $r)))
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))) (f32.load (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2)))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $lcc2)))
              (local.set $o (i32.add (local.get $o) (i32.const 1)))
              (br $lt2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $li)))
      (local.set $bt (i32.add (local.get $bt) (local.get $pan)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $lp)))
    ;; rows past the last full tile, every column, one element at a time
    (local.set $i (local.get $m4))
    (block $dr2 (loop $lr2
      (br_if $dr2 (i32.ge_s (local.get $i) (local.get $m)))
      (local.set $p (i32.const 0))
      (block $dc2 (loop $lc2
        (br_if $dc2 (i32.ge_s (local.get $p) (local.get $k)))
        (call $nt1x1f (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $n4))) (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $n4)))
          (local.get $n) (i32.add (local.get $C) (i32.add (i32.mul (local.get $i) (local.get $crs)) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $lc2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $lr2))))
)
