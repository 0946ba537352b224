// The registry of experiments the CLI can run (`mecrl list`). Each paper adds one line.

import { cartpoleExperiment, pendulumExperiment, qChainExperiment } from './classic/experiments.js';
import { simpleSpreadExperiment } from './classic/simpleSpread.js';
import { loadBalancingExperiment } from './load-balancing/index.js';
import { smallCellExperiment } from './small-cell/index.js';
import type { Experiment } from './types.js';

export const EXPERIMENTS: Readonly<Record<string, Experiment<any>>> = {
  pendulum: pendulumExperiment,
  cartpole: cartpoleExperiment,
  'q-chain': qChainExperiment,
  'simple-spread': simpleSpreadExperiment,
  'small-cell': smallCellExperiment,
  'load-balancing': loadBalancingExperiment,
};
