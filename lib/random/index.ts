// Public surface of mecrl/random: the Rng interface, the xor4096 generator (bit-identical to
// seedrandom.xor4096), seeding and named streams, and distributions taking the rng first.
// Imports nothing outside lib/random.

export type { Rng, RngState } from './types.js';
export { Xor4096, xor4096, XOR4096_ALGORITHM } from './xor4096.js';
export {
  fromSeed,
  fromState,
  deriveStream,
  RngStreams,
  createStreams,
  SUPPORTED_ALGORITHMS,
} from './streams.js';
export type { StreamLabel, RngStreamsState } from './streams.js';
export {
  uniform,
  integer,
  normal,
  exponential,
  poisson,
  gumbel,
  bernoulli,
  choice,
  categorical,
  shuffle,
  sampleWithoutReplacement,
  fillUniform,
  fillNormal,
} from './distributions.js';
export type { MutableArrayLike } from './distributions.js';
