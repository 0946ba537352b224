// The registry of experiments the CLI can run (`mecrl list`). Each paper adds one line.

import { backscatterExperiment } from './backscatter/index.js';
import { cartpoleExperiment, pendulumExperiment, qChainExperiment } from './classic/experiments.js';
import { simpleSpreadExperiment } from './classic/simpleSpread.js';
import { iotMultiRatExperiment } from './iot-multi-rat/index.js';
import { loadBalancingExperiment } from './load-balancing/index.js';
import { smallCellExperiment } from './small-cell/index.js';
import { smartCommunityExperiment } from './smart-community/index.js';
import type { Experiment } from './types.js';

export const EXPERIMENTS: Readonly<Record<string, Experiment<any>>> = {
  pendulum: pendulumExperiment,
  cartpole: cartpoleExperiment,
  'q-chain': qChainExperiment,
  'simple-spread': simpleSpreadExperiment,
  'small-cell': smallCellExperiment,             // paper 1
  'load-balancing': loadBalancingExperiment,     // paper 2
  backscatter: backscatterExperiment,            // paper 3
  'iot-multi-rat': iotMultiRatExperiment,        // paper 4
  'smart-community': smartCommunityExperiment,   // paper 5
};
