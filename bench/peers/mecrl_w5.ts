// W5 maddpg-step-paper1 through mecrl's public API: one full MADDPG training step of paper 1 at the
// paper's sizes (shared/spec/01-small-cell.md §4.1 and §4.3), on a random fixed joint batch.
//   6 agents; actor 206→64 ReLU→190 sigmoid; centralised critic 2376→64 ReLU→1 (all observations,
//   then all actions, agent order); batch 32; Adam lr 1e-3 (actor and critic); γ 0.9; τ 0.01.
//   Target actions μ'_j(s'_j) of all agents first, then per agent: critic MSE on
//   y = r_i + γ·Q'_i(s', a') (target critic), Adam step; actor step through the critic (other
//   agents' actions from the batch, critic frozen) + Adam; Polyak of actor and critic.
// It uses the library's own `Maddpg` class (lib/rl/maddpg.ts, public via lib/rl), configured as
// paper 1's MA-DRL: continuous sigmoid actions, one hidden layer of 64, no gradient clipping, no
// actor-output regulariser (the paper has neither; both are openai/maddpg defaults we switch off).
// The PyTorch and tfjs peers implement the same step by hand (bench/peers/torch_workloads.py,
// bench/peers/tfjs/workloads.mjs).

import { deriveStream, fillUniform } from '../../lib/random/index.js';
import { Maddpg, maddpgRngs, type JointBatch } from '../../lib/rl/index.js';

export const W5_SIZES = Object.freeze({ agents: 6, obsDim: 206, actionDim: 190, hidden: 64, batch: 32, criticInput: 2376 });

export function makeW5(seed = 5): { update: () => void; maddpg: Maddpg } {
  const { agents: N, obsDim, actionDim, hidden, batch: B } = W5_SIZES;
  const maddpg = new Maddpg(
    {
      obsDims: Array.from({ length: N }, () => obsDim),
      actionDims: Array.from({ length: N }, () => actionDim),
      actionKind: 'continuous',
      actorOutput: 'sigmoid',
      hiddenSizes: [hidden],
      activation: 'relu',
      actorLr: 1e-3,
      criticLr: 1e-3,
      gamma: 0.9,
      tau: 0.01,
      maxGradNorm: null,
      actorOutputReg: 0,
    },
    maddpgRngs(seed, N),
  );
  if (maddpg.criticInputDim !== W5_SIZES.criticInput) throw new Error(`W5: critic input ${maddpg.criticInputDim}, expected ${W5_SIZES.criticInput}`);
  const O = N * obsDim, A = N * actionDim;
  const fill = (n: number, label: string, lo: number, hi: number): Float64Array => {
    const d = new Float64Array(n);
    fillUniform(deriveStream(seed, 'bench', 'w5', label), d, lo, hi);
    return d;
  };
  const batch: JointBatch = {
    obs: fill(B * O, 'obs', -1, 1),
    action: fill(B * A, 'action', 0, 1), // sigmoid actions live in [0, 1]
    reward: fill(B * N, 'reward', -1, 1),
    nextObs: fill(B * O, 'nextObs', -1, 1),
    terminated: new Float64Array(B * N), // paper 1 never terminates (time-limit truncation bootstraps)
    truncated: new Float64Array(B * N),
    batchSize: B,
    indices: Int32Array.from({ length: B }, (_, i) => i),
  };
  return { update: () => void maddpg.update(batch), maddpg };
}
