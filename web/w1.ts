// Time per W1 update (bench/workloads.ts: the DDPG-like update of the benchmark suite) in whatever
// engine runs this: the page's worker (message 'w1') and Node (web/bench.ts) call the same function.

import { makeW1 } from '../bench/workloads.js';

/** Median over `rounds` of the mean time per update (ms) over batches of `perRound` updates, after `warmup`. */
export function w1MsPerUpdate(rounds = 7, perRound = 200, warmup = 200): number {
  const w = makeW1(11);
  for (let i = 0; i < warmup; i++) w.update();
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) w.update();
    ms.push((performance.now() - t0) / perRound);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}
