// Public surface of mecrl/opt: a small dense convex solver (log-barrier interior point) for the
// optimisation modules of the papers (spec 03 §4.2). A leaf layer: it imports only lib/random's
// argument checks.

export type { ConvexProblem, SmoothFunction } from './problem.js';
export type { ScalarConvex } from './problem.js';
export { linearRow, lowerBound, upperBound, perspectiveRow } from './problem.js';
export type { BarrierOptions, BarrierResult, KktResiduals } from './barrier.js';
export { solveBarrier, kktResiduals, cholesky, choleskySolve } from './barrier.js';
