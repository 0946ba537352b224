// lib/tensor — Float64 tensors, NumPy-broadcasting ops and reverse-mode autograd.

export { Tensor, backward, checkFiniteValues, constantResult, formatGraph, fromData, full, getNumericsCheck, gradOf, isGradEnabled, makeResult, noGrad, ones, scalar, setNumericsCheck, tensor, withFiniteCheck, zeros } from './tensor.js';
export { NumericsError, firstNonFiniteIndex, formatNumericsEvent, throwNumericsError, type NumericsEvent, type NumericsHandler } from './numerics.js';
export type { BackwardFn, LeafOptions } from './tensor.js';
export { Arena, allocUninit, allocZeros, type BufferPool } from './buffers.js';
export { broadcastShapes, formatShape, shapeSize, shapesEqual, stridesOf, type Shape } from './shape.js';
export { abs, addScalar, clamp, exp, leakyRelu, log, neg, pow, relu, scale, sigmoid, sigmoidScalar, softplus, softplusScalar, sqrt, tanh } from './ops/unary.js';
export { add, asTensor, div, maximum, minimum, mul, sub, where, type TensorLike } from './ops/binary.js';
export { argmax, argmin, max, mean, min, sum, type ReduceOptions } from './ops/reduce.js';
export { matmul } from './ops/matmul.js';
export { ACTIVATIONS, linear, type Activation } from './ops/linear.js';
export { concat, gather, gatherRows, oneHot, reshape, slice, transpose } from './ops/shapeOps.js';
export { logSoftmax, softmax } from './ops/softmax.js';
export { rand, randn } from './random.js';
export { assertGradCheck, gradCheck, type GradCheckOptions, type GradCheckResult } from './gradcheck.js';
export { OP_CATALOGUE, type OpEntry } from './catalogue.js';
export { fromNdarrayLike, toNdarrayLike, type NdarrayLike, type NdarrayView } from './ndarray.js';
export { gemmNN, gemmNNf32, gemmNT, gemmNTf32, gemmTN, gemmTNf32 } from './kernels.js';
export { BACKENDS, backendAvailable, getBackend, setBackend, wasmUnavailable, withBackend, type Backend } from './backend.js';
export { activationPool, createKernelMemory, inKernelMemory, wasmAdam, wasmPolyak, wasmGemmNN, wasmGemmNNf32, wasmGemmNT, wasmGemmNTf32, wasmGemmTN, wasmGemmTNf32, wasmCopiedValues, wasmLinearForward, type KernelMemory, type WasmAdamStep } from './wasm/runtime.js';
