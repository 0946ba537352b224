// Seam for paper 5 (Chen et al. 2024, PFR-OA, Algorithm 2 lines 7–11; spec 05 §4.2 [R]):
// partial-greedy participant selection.
//
//   Sort the m clients by ascending training loss (ties: lower client index first). For
//   v = 1..V: with probability ε take a GREEDY pick, otherwise a uniformly random client not yet
//   selected (no duplicates). Greedy pick:
//     'uniformTopV' (default, literal line 9 "one of the first V models"): uniform among the first
//                   V of the sorted list that are not yet selected (one always remains: v−1 < V);
//     'best':       the lowest-loss client not yet selected.
//   Without losses (epoch 0, `losses = null`) the V clients are drawn uniformly without replacement.
//
// Randomness comes only from the `rng` passed in; use a stream per round, e.g.
// `deriveStream(seed, 'clients', round)`, so every compared method selects from the same draws.
// Draws per pick: one double for the ε coin (`bernoulli`, drawn even when ε is 0 or 1), then one
// `integer` for the choice (drawn even when one candidate remains), so the draw count is fixed.

import { bernoulli, integer, sampleWithoutReplacement, type Rng } from '../random/index.js';
import { checkCount, checkKeys, checkNumber, checkOneOf, fail } from './validate.js';

/** Partial-greedy parameters; defaults are spec 05's (V = 2 of m = 3, ε = 0.8, 'uniformTopV'). */
export interface PartialGreedyConfig {
  /** V: number of participants, an integer in [1, m] (default 2). */
  readonly count: number;
  /** ε: probability of a greedy pick, in [0, 1] (default 0.8). ε = 0 is uniform sampling. */
  readonly epsilon: number;
  /** Greedy pick rule (default 'uniformTopV'). */
  readonly greedyPick: 'uniformTopV' | 'best';
}

export const PARTIAL_GREEDY_DEFAULTS: Readonly<PartialGreedyConfig> = Object.freeze({ count: 2, epsilon: 0.8, greedyPick: 'uniformTopV' });

/**
 * Chooses V participants (paper 5's set Z). Returns distinct client indices in pick order.
 * @param rng - the round's selection stream (consumed; see the file header for the draw order).
 * @param losses - training loss per client (finite; its length is the number of clients m), or
 *   null when no loss exists yet: then V clients are drawn uniformly without replacement.
 * @param config - V, ε and the greedy rule ({@link PARTIAL_GREEDY_DEFAULTS}).
 * @param clients - m; required when `losses` is null, otherwise optional and must equal `losses.length`.
 */
export function partialGreedySelect(
  rng: Rng,
  losses: readonly number[] | null,
  config: Partial<PartialGreedyConfig> = {},
  clients?: number,
): number[] {
  const fn = 'partialGreedySelect';
  if (typeof rng !== 'object' || rng === null || typeof rng.nextDouble !== 'function') fail(fn, 'rng', 'an Rng from lib/random (e.g. deriveStream(seed, \'clients\', round))', rng, true);
  if (typeof config !== 'object' || config === null) fail(fn, 'config', 'an object', config, true);
  checkKeys(fn, 'config', config, Object.keys(PARTIAL_GREEDY_DEFAULTS));
  const c = { ...PARTIAL_GREEDY_DEFAULTS, ...config };
  let m: number;
  if (losses === null) {
    if (clients === undefined) throw new RangeError(`${fn}: clients (the number of clients) is required when losses is null`);
    m = checkCount(fn, 'clients', clients, 1);
  } else {
    if (!Array.isArray(losses)) fail(fn, 'losses', 'an array of finite numbers (or null)', losses, true);
    m = losses.length;
    if (m === 0) throw new RangeError(`${fn}: losses is empty; need one loss per client`);
    if (clients !== undefined && clients !== m) throw new RangeError(`${fn}: clients is ${clients} but losses has ${m} entries`);
    losses.forEach((x, i) => checkNumber(fn, `losses[${i}]`, x, 'a finite number', Number.isFinite));
  }
  const V = checkNumber(fn, 'count', c.count, `an integer in [1, ${m}] (the number of clients)`, (x) => Number.isSafeInteger(x) && x >= 1 && x <= m);
  const eps = checkNumber(fn, 'epsilon', c.epsilon, 'a number in [0, 1]', (x) => x >= 0 && x <= 1);
  const pick = checkOneOf(fn, 'greedyPick', c.greedyPick, ['uniformTopV', 'best'] as const);
  if (losses === null) return sampleWithoutReplacement(rng, m, V);

  // Stable ascending order by loss; ties keep the lower client index first.
  const sorted = Array.from({ length: m }, (_, i) => i).sort((a, b) => losses[a]! - losses[b]! || a - b);
  const chosen = new Set<number>();
  const out: number[] = [];
  for (let v = 0; v < V; v++) {
    let pool: number[];
    if (bernoulli(rng, eps)) {
      const notChosen = sorted.filter((i) => !chosen.has(i));
      pool = pick === 'best' ? notChosen.slice(0, 1) : sorted.slice(0, V).filter((i) => !chosen.has(i));
    } else {
      pool = Array.from({ length: m }, (_, i) => i).filter((i) => !chosen.has(i));
    }
    const i = pool[integer(rng, 0, pool.length)]!;
    chosen.add(i);
    out.push(i);
  }
  return out;
}
