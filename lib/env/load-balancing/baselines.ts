// The two reference policies of issue 14 (the paper has neither; they place the learners' numbers):
//   random        every user draws a ~ U{0, …, M} independently (local included), users in index order;
//   least-loaded  users in index order; user n goes to the server m >= 1 with the smallest post-decision
//                 load LD⁺_m = (Q_m + Σ_{users already assigned to m this step} C_i)/f_m — never local;
//                 ties → lowest m. [R] `countOwnTask: true` adds the user's own C_n/f_m before comparing
//                 (the load its own task would create); default false, the wording.

import type { Rng } from '../../random/index.js';
import { integer } from '../../random/index.js';

/** Uniform actions over {0, …, M}, one draw per user in index order. */
export function randomActions(rng: Rng, numUsers: number, numServers: number): number[] {
  return Array.from({ length: numUsers }, () => integer(rng, 0, numServers + 1));
}

/**
 * Least-loaded assignment (file header). Example: Q = [0, 1e9], f = [1e10, 2e10], C = [2e9, 2e9, 2e9]:
 * user 0: loads [0, 0.05] ⇒ server 1 (loads [0.2, 0.05]); user 1 ⇒ server 2 ([0.2, 0.15]); user 2 ⇒ server 2.
 */
export function leastLoadedActions(backlogCycles: ArrayLike<number>, serverCpuHz: ArrayLike<number>, taskCycles: ArrayLike<number>, countOwnTask = false): number[] {
  const M = serverCpuHz.length;
  const q = Float64Array.from(backlogCycles);
  const out: number[] = [];
  for (let n = 0; n < taskCycles.length; n++) {
    const c = taskCycles[n] as number;
    let best = 0, bestLoad = Infinity;
    for (let m = 0; m < M; m++) {
      const load = ((q[m] as number) + (countOwnTask ? c : 0)) / (serverCpuHz[m] as number);
      if (load < bestLoad) { bestLoad = load; best = m; }
    }
    q[best] = (q[best] as number) + c;
    out.push(best + 1);
  }
  return out;
}
