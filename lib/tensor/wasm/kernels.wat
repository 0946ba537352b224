;; mecrl's WebAssembly-SIMD kernels (f64). Assembled by scripts/build-wasm.mjs into kernelsBytes.ts.
;; CONTRACT: every kernel reproduces lib/tensor/kernels.ts (and the optimizer / Polyak loops of
;; lib/nn) bit for bit. Each output element sees the same IEEE operations in the same order as the
;; TypeScript loop: lanes run across OUTPUT columns where the sum runs along k (a lane never reorders
;; a sum), and gemm_nt's four partial sums s0..s3 of the TS loop live in two f64x2 accumulators
;; (s0,s1) and (s2,s3), combined as (s0+s1)+(s2+s3) exactly as in TS. No fused multiply-add.
;; Pointers are byte offsets into the imported memory; sizes are element counts.
(module
  (import "env" "memory" (memory 1))

  ;; c[0..n) = ((((c + a0*r0) + a1*r1) + a2*r2) + a3*r3), elementwise (rows r0..r3 of n values).
  (func $axpy4 (param $c i32) (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32)
               (param $a0 f64) (param $a1 f64) (param $a2 f64) (param $a3 f64) (param $n i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $o i32) (local $end i32) (local $endv i32)
    (local.set $v0 (f64x2.splat (local.get $a0)))
    (local.set $v1 (f64x2.splat (local.get $a1)))
    (local.set $v2 (f64x2.splat (local.get $a2)))
    (local.set $v3 (f64x2.splat (local.get $a3)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $endv (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    (block $vdone
      (br_if $vdone (i32.ge_u (local.get $o) (local.get $endv)))
      (loop $v
        (v128.store (i32.add (local.get $c) (local.get $o))
          (f64x2.add
            (f64x2.add
              (f64x2.add
                (f64x2.add (v128.load (i32.add (local.get $c) (local.get $o)))
                           (f64x2.mul (local.get $v0) (v128.load (i32.add (local.get $r0) (local.get $o)))))
                (f64x2.mul (local.get $v1) (v128.load (i32.add (local.get $r1) (local.get $o)))))
              (f64x2.mul (local.get $v2) (v128.load (i32.add (local.get $r2) (local.get $o)))))
            (f64x2.mul (local.get $v3) (v128.load (i32.add (local.get $r3) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br_if $v (i32.lt_u (local.get $o) (local.get $endv)))))
    (if (i32.lt_u (local.get $o) (local.get $end))
      (then
        (f64.store (i32.add (local.get $c) (local.get $o))
          (f64.add
            (f64.add
              (f64.add
                (f64.add (f64.load (i32.add (local.get $c) (local.get $o)))
                         (f64.mul (local.get $a0) (f64.load (i32.add (local.get $r0) (local.get $o)))))
                (f64.mul (local.get $a1) (f64.load (i32.add (local.get $r1) (local.get $o)))))
              (f64.mul (local.get $a2) (f64.load (i32.add (local.get $r2) (local.get $o)))))
            (f64.mul (local.get $a3) (f64.load (i32.add (local.get $r3) (local.get $o)))))))))

  ;; c[0..n) = c + a0*r0, elementwise.
  (func $axpy1 (param $c i32) (param $r0 i32) (param $a0 f64) (param $n i32)
    (local $v0 v128) (local $o i32) (local $end i32) (local $endv i32)
    (local.set $v0 (f64x2.splat (local.get $a0)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $endv (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    (block $vdone
      (br_if $vdone (i32.ge_u (local.get $o) (local.get $endv)))
      (loop $v
        (v128.store (i32.add (local.get $c) (local.get $o))
          (f64x2.add (v128.load (i32.add (local.get $c) (local.get $o)))
                     (f64x2.mul (local.get $v0) (v128.load (i32.add (local.get $r0) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br_if $v (i32.lt_u (local.get $o) (local.get $endv)))))
    (if (i32.lt_u (local.get $o) (local.get $end))
      (then
        (f64.store (i32.add (local.get $c) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $c) (local.get $o)))
                   (f64.mul (local.get $a0) (f64.load (i32.add (local.get $r0) (local.get $o)))))))))

  ;; C[m×n] += A[m×k]·B[k×n]  (kernels.ts gemmNN: i-k-j, four rows of B per pass).
  (func $gemm_nn (export "gemm_nn") (param $A i32) (param $B i32) (param $C i32) (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $p i32) (local $ao i32) (local $co i32) (local $rb i32) (local $rs i32)
    (local.set $rs (i32.shl (local.get $n) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $idone
      (br_if $idone (i32.ge_s (local.get $i) (local.get $m)))
      (loop $il
        (local.set $ao (i32.add (local.get $A) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3))))
        (local.set $co (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $rs))))
        (local.set $p (i32.const 0))
        (block $p4done
          (loop $p4
            (br_if $p4done (i32.ge_s (i32.add (local.get $p) (i32.const 3)) (local.get $k)))
            (local.set $rb (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $rs))))
            (call $axpy4 (local.get $co)
              (local.get $rb)
              (i32.add (local.get $rb) (local.get $rs))
              (i32.add (local.get $rb) (i32.shl (local.get $rs) (i32.const 1)))
              (i32.add (local.get $rb) (i32.mul (local.get $rs) (i32.const 3)))
              (f64.load (i32.add (local.get $ao) (i32.shl (local.get $p) (i32.const 3))))
              (f64.load offset=8 (i32.add (local.get $ao) (i32.shl (local.get $p) (i32.const 3))))
              (f64.load offset=16 (i32.add (local.get $ao) (i32.shl (local.get $p) (i32.const 3))))
              (f64.load offset=24 (i32.add (local.get $ao) (i32.shl (local.get $p) (i32.const 3))))
              (local.get $n))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $p4)))
        (block $p1done
          (loop $p1
            (br_if $p1done (i32.ge_s (local.get $p) (local.get $k)))
            (call $axpy1 (local.get $co)
              (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $rs)))
              (f64.load (i32.add (local.get $ao) (i32.shl (local.get $p) (i32.const 3))))
              (local.get $n))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $p1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $il (i32.lt_s (local.get $i) (local.get $m))))))

  ;; C[k×n] += Aᵀ·G with A[m×k], G[m×n]  (kernels.ts gemmTN: four rows of A per pass).
  (func (export "gemm_tn") (param $A i32) (param $G i32) (param $C i32) (param $m i32) (param $k i32) (param $n i32)
    (local $p i32) (local $r i32) (local $co i32) (local $rs i32) (local $ks i32) (local $ap i32) (local $rg i32)
    (local.set $rs (i32.shl (local.get $n) (i32.const 3)))
    (local.set $ks (i32.shl (local.get $k) (i32.const 3)))
    (local.set $p (i32.const 0))
    (block $pdone
      (br_if $pdone (i32.ge_s (local.get $p) (local.get $k)))
      (loop $pl
        (local.set $co (i32.add (local.get $C) (i32.mul (local.get $p) (local.get $rs))))
        (local.set $r (i32.const 0))
        (block $r4done
          (loop $r4
            (br_if $r4done (i32.ge_s (i32.add (local.get $r) (i32.const 3)) (local.get $m)))
            ;; $ap = &A[r*k + p]; $rg = &G[r*n]
            (local.set $ap (i32.add (local.get $A) (i32.add (i32.mul (local.get $r) (local.get $ks)) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $rg (i32.add (local.get $G) (i32.mul (local.get $r) (local.get $rs))))
            (call $axpy4 (local.get $co)
              (local.get $rg)
              (i32.add (local.get $rg) (local.get $rs))
              (i32.add (local.get $rg) (i32.shl (local.get $rs) (i32.const 1)))
              (i32.add (local.get $rg) (i32.mul (local.get $rs) (i32.const 3)))
              (f64.load (local.get $ap))
              (f64.load (i32.add (local.get $ap) (local.get $ks)))
              (f64.load (i32.add (local.get $ap) (i32.shl (local.get $ks) (i32.const 1))))
              (f64.load (i32.add (local.get $ap) (i32.mul (local.get $ks) (i32.const 3))))
              (local.get $n))
            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $r4)))
        (block $r1done
          (loop $r1
            (br_if $r1done (i32.ge_s (local.get $r) (local.get $m)))
            (call $axpy1 (local.get $co)
              (i32.add (local.get $G) (i32.mul (local.get $r) (local.get $rs)))
              (f64.load (i32.add (local.get $A) (i32.add (i32.mul (local.get $r) (local.get $ks)) (i32.shl (local.get $p) (i32.const 3)))))
              (local.get $n))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $r1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $pl (i32.lt_s (local.get $p) (local.get $k))))))

  ;; C[m×k] += G·Bᵀ with G[m×n], B[k×n]  (kernels.ts gemmNT). Per (i,p): s0..s3 over j in fours,
  ;; the tail into s0, then C += (s0+s1)+(s2+s3). (s0,s1) and (s2,s3) are the lanes of $s01, $s23.
  (func (export "gemm_nt") (param $G i32) (param $B i32) (param $C i32) (param $m i32) (param $n i32) (param $k i32)
    (local $i i32) (local $p i32) (local $go i32) (local $bo i32) (local $o i32) (local $end i32) (local $end4 i32)
    (local $rs i32) (local $cp i32) (local $s01 v128) (local $s23 v128) (local $s0 f64)
    (local.set $rs (i32.shl (local.get $n) (i32.const 3)))
    (local.set $end (local.get $rs))
    (local.set $end4 (i32.and (local.get $end) (i32.const -32)))
    (local.set $i (i32.const 0))
    (block $idone
      (br_if $idone (i32.ge_s (local.get $i) (local.get $m)))
      (loop $il
        (local.set $go (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $rs))))
        (local.set $p (i32.const 0))
        (block $pdone
          (br_if $pdone (i32.ge_s (local.get $p) (local.get $k)))
          (loop $pl
            (local.set $bo (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $rs))))
            (local.set $s01 (v128.const f64x2 0 0))
            (local.set $s23 (v128.const f64x2 0 0))
            (local.set $o (i32.const 0))
            (block $jdone
              (br_if $jdone (i32.ge_u (local.get $o) (local.get $end4)))
              (loop $jl
                (local.set $s01 (f64x2.add (local.get $s01)
                  (f64x2.mul (v128.load (i32.add (local.get $go) (local.get $o))) (v128.load (i32.add (local.get $bo) (local.get $o))))))
                (local.set $s23 (f64x2.add (local.get $s23)
                  (f64x2.mul (v128.load offset=16 (i32.add (local.get $go) (local.get $o))) (v128.load offset=16 (i32.add (local.get $bo) (local.get $o))))))
                (local.set $o (i32.add (local.get $o) (i32.const 32)))
                (br_if $jl (i32.lt_u (local.get $o) (local.get $end4)))))
            (local.set $s0 (f64x2.extract_lane 0 (local.get $s01)))
            (block $tdone
              (loop $tl
                (br_if $tdone (i32.ge_u (local.get $o) (local.get $end)))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (i32.add (local.get $go) (local.get $o))) (f64.load (i32.add (local.get $bo) (local.get $o))))))
                (local.set $o (i32.add (local.get $o) (i32.const 8)))
                (br $tl)))
            (local.set $cp (i32.add (local.get $C) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $p)) (i32.const 3))))
            (f64.store (local.get $cp)
              (f64.add (f64.load (local.get $cp))
                (f64.add
                  (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $s01)))
                  (f64.add (f64x2.extract_lane 0 (local.get $s23)) (f64x2.extract_lane 1 (local.get $s23))))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $pl (i32.lt_s (local.get $p) (local.get $k)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $il (i32.lt_s (local.get $i) (local.get $m))))))

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
)
