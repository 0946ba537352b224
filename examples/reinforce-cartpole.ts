// REINFORCE (Williams 1992) on CartPole-v1, written by hand from mecrl's tensors, autograd, MLP and
// Adam — no RL algorithm from the library, only the env. Per episode:
//   1. roll out π_θ(a|s) = softmax(MLP(s)), sampling a ~ π from a seeded stream;
//   2. returns G_t = Σ_k γ^k r_{t+k}, standardised over the episode (a simple baseline);
//   3. loss = −(1/T) Σ_t log π_θ(a_t|s_t)·G_t, one Adam step on its gradient.
// Deterministic: the same seed gives the same curve on every run.
//
//   npx tsx examples/reinforce-cartpole.ts [episodes] [seed]

import { pathToFileURL } from 'node:url';
import { categorical, deriveStream } from '../lib/random/index.js';
import { Arena, fromData, gatherRows, logSoftmax, mean, mul, neg, noGrad, reshape, softmax } from '../lib/tensor/index.js';
import { adam, mlp } from '../lib/nn/index.js';
import { cartPole } from '../lib/env/index.js';

export interface ReinforceOptions {
  readonly episodes: number;
  readonly seed: number;
  readonly gamma?: number;
  readonly lr?: number;
  readonly hidden?: number;
}

/** Trains a softmax policy with REINFORCE; returns every episode's return. */
export function reinforce({ episodes, seed, gamma = 0.99, lr = 1e-2, hidden = 32 }: ReinforceOptions): number[] {
  const env = cartPole();
  const policy = mlp({ sizes: [4, hidden, 2], activation: 'tanh', rng: deriveStream(seed, 'init') });
  const opt = adam(policy, { lr });
  const sampler = deriveStream(seed, 'actions');
  const arena = new Arena(); // buffers of the temporary tensors, reused from episode to episode
  const returns: number[] = [];

  for (let ep = 0; ep < episodes; ep++) {
    // 1. Roll out one episode with the current policy.
    const obs: number[] = [], actions: number[] = [], rewards: number[] = [];
    let s = env.reset(ep === 0 ? { seed } : {}).obs;
    for (let done = false; !done;) {
      const probs = arena.run(() => noGrad(() => softmax(policy.forward(fromData(s, [1, 4]))).data.slice()));
      const a = categorical(sampler, probs);
      const r = env.step(a);
      obs.push(...s);
      actions.push(a);
      rewards.push(r.reward);
      s = r.obs;
      done = r.terminated || r.truncated;
    }
    const T = rewards.length;
    returns.push(rewards.reduce((x, y) => x + y, 0));

    // 2. Discounted returns, standardised.
    const G = new Float64Array(T);
    for (let t = T - 1, g = 0; t >= 0; t--) G[t] = g = rewards[t]! + gamma * g;
    const mu = G.reduce((x, y) => x + y, 0) / T;
    const sd = Math.sqrt(G.reduce((x, y) => x + (y - mu) ** 2, 0) / T) + 1e-8;
    for (let t = 0; t < T; t++) G[t] = (G[t]! - mu) / sd;

    // 3. Policy-gradient step: pick log π(a_t|s_t) out of the [T, 2] log-probabilities.
    arena.run(() => {
      policy.zeroGrad();
      const logp = logSoftmax(policy.forward(fromData(Float64Array.from(obs), [T, 4])));
      const picked = gatherRows(reshape(logp, [T * 2, 1]), Int32Array.from(actions, (a, t) => 2 * t + a));
      const loss = neg(mean(mul(picked, fromData(G, [T, 1]))));
      loss.backward();
      opt.step();
    });
  }
  return returns;
}

/** Prints the mean return of every block of 20 episodes. */
export function main(episodes = 300, seed = 1): number[] {
  const returns = reinforce({ episodes, seed });
  for (let i = 0; i < returns.length; i += 20) {
    const block = returns.slice(i, i + 20);
    console.log(`episodes ${String(i + 1).padStart(4)}–${String(i + block.length).padEnd(4)} mean return ${(block.reduce((x, y) => x + y, 0) / block.length).toFixed(1)}`);
  }
  return returns;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(Number(process.argv[2] ?? 300), Number(process.argv[3] ?? 1));
}
