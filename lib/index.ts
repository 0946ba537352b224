// mecrl — the public surface. Each module is also importable on its own (`mecrl/tensor`, …).
//   math    portable exp, log, pow, sin, cos, tanh, … — the same bits on every JS engine
//   random  seeded PRNG, named streams, distributions
//   tensor  Float64 tensors, ops, reverse-mode autograd, gradient checker
//   nn      modules, MLPs, losses, optimizers, Gumbel-Softmax, state dicts
//   rl      spaces, env interfaces and checkers, buffers, noise, DDPG, TD3, DQN, MADDPG, Q-learning
//   env     environments (classic control, MPE, MEC building blocks, the papers' systems)
//   opt     a small dense convex solver (log-barrier interior point)
//   federated  FedAvg, broadcast, rounds, communication accounting, proximal terms, client selection

export * as math from './math/index.js';
export * as random from './random/index.js';
export * as tensor from './tensor/index.js';
export * as nn from './nn/index.js';
export * as rl from './rl/index.js';
export * as env from './env/index.js';
export * as opt from './opt/index.js';
export * as federated from './federated/index.js';
