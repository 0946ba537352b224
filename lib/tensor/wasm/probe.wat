;; The SIMD probe: a module that validates only where WebAssembly has 128-bit SIMD (lib/tensor/backend.ts).
(module (func (export "probe") (result v128) (f64x2.splat (f64.const 1))))
