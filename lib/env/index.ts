// Public surface of mecrl/env: environments implementing lib/rl's `Env` interface, and the MEC
// building blocks they are made of (lib/env/common: units, path loss, fading, rates, compute,
// queues, batteries, multi-antenna, action decoders) as named exports.
// Depends on lib/rl's public surface (interfaces, spaces) and lib/random only.
//
// Convention for every environment with a Box action space (the classic replicas and each paper's
// env): the config takes `actionBounds: 'clip' | 'error'` (type `ActionBoundsMode` of mecrl/rl, lib/rl/actionBounds.ts). The classic
// replicas default to what their reference does (Pendulum: 'clip', as Gymnasium); the paper
// environments default to 'error' (our clear-error rule: an out-of-range action throws, naming the
// index and the bound). Discrete actions are never clipped: an invalid one throws (Gymnasium asserts).

export * from './common/index.js';
export * from './classic/index.js';
export * from './small-cell/index.js';
