// Public surface of mecrl/env: environments implementing lib/rl's `Env` interface.
// Depends on lib/rl's public surface (interfaces, spaces) and lib/random only.

export * from './classic/index.js';
export * from './small-cell/index.js';
export * from './iot-multi-rat/index.js';
export * from './backscatter/index.js';
export * from './smart-community/index.js';
