// The random-number-generator interface every stochastic part of mecrl takes explicitly.
// Modelled on pure-rand: the generator is a value passed in, never a global.

/** JSON-serialisable snapshot of a generator; `fromState` rebuilds an identical generator. */
export interface RngState {
  /** Algorithm name, e.g. 'xor4096'. */
  readonly algorithm: string;
  /** Algorithm-specific words (all finite numbers). */
  readonly words: readonly number[];
}

/** A seeded pseudo-random generator with state save/restore. */
export interface Rng {
  /** Next raw 32-bit word, an integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform double in the open interval (0, 1) with 53 random bits; never exactly 0 or 1. */
  nextDouble(): number;
  /** An independent copy: drawing from the copy never moves this generator. */
  clone(): Rng;
  /** Snapshot of the full state (for checkpoints). */
  getState(): RngState;
  /** Restore a snapshot taken with `getState` (of the same algorithm). */
  setState(state: RngState): void;
}
