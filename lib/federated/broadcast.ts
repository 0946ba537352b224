// Writing the aggregated model back to the clients.
//
//   replace (paper 1, Algorithm 2):  θ_i ← θ_f                       every agent replaces its online
//                                                                      actor and critic
//   soft    (paper 5, Alg. 1 line 6): θ_i ← f_q·θ_f + (1 − f_q)·θ_i  personalised soft update,
//                                                                      f_q = 0.3 in paper 5
// f_q = 1 is replacement and f_q = 0 leaves θ_i unchanged (both exact). The soft update is the
// same arithmetic as a Polyak target update with τ = f_q, so it is lib/nn's `polyakUpdate` (one
// shared piece): dst ← (1 − f_q)·dst + f_q·src, computed in that order.

import { polyakUpdate } from '../nn/index.js';
import { checkKeys, checkNumber, checkOneOf, checkSameLayout, fail, valuesOf, type ParamsLike } from './validate.js';

/** How clients take the aggregated model. */
export type BroadcastOptions =
  | { readonly mode: 'replace' }
  | {
      readonly mode: 'soft';
      /** f_q in [0, 1]: weight of the aggregate (paper 5: 0.3). 1 = replace, 0 = keep local. */
      readonly rate: number;
    };

export const BROADCAST_MODES = ['replace', 'soft'] as const;

/** Validates a {@link BroadcastOptions} (errors name the field and its range). */
export function checkBroadcastOptions(fn: string, options: unknown): BroadcastOptions {
  if (typeof options !== 'object' || options === null) fail(fn, 'broadcast', "an object { mode: 'replace' } or { mode: 'soft', rate }", options, true);
  const o = options as { mode?: unknown; rate?: unknown };
  const mode = checkOneOf(fn, 'broadcast.mode', o.mode, BROADCAST_MODES);
  if (mode === 'replace') {
    checkKeys(fn, 'broadcast', o, ['mode']);
    return { mode };
  }
  checkKeys(fn, 'broadcast', o, ['mode', 'rate']);
  const rate = checkNumber(fn, 'broadcast.rate', o.rate, 'a number in [0, 1] (f_q)', (x) => x >= 0 && x <= 1);
  return { mode, rate };
}

/**
 * Writes the aggregate `avg` into every client's parameters, in place.
 *
 * @param avg - θ_f, e.g. from {@link fedAvg}; its length must equal each client's parameter count.
 * @param clients - modules, `{ data, grad }` pairs or value arrays (written in place; gradients
 *   and optimizer state are not touched). A client whose values ARE `avg` is skipped (it already
 *   holds θ_f).
 * @param options - `{ mode: 'replace' }` (default) or `{ mode: 'soft', rate: f_q }`.
 */
export function broadcast(avg: Float64Array, clients: readonly ParamsLike[], options: BroadcastOptions = { mode: 'replace' }): void {
  const fn = 'broadcast';
  if (!(avg instanceof Float64Array)) fail(fn, 'avg', 'a Float64Array', avg, true);
  if (!Array.isArray(clients)) fail(fn, 'clients', 'an array of Modules, { data, grad } pairs or Float64Arrays', clients, true);
  const opts = checkBroadcastOptions(fn, options);
  const dsts = clients.map((c, i) => {
    const d = valuesOf(fn, `clients[${i}]`, c);
    if (d.length !== avg.length) throw new RangeError(`${fn}: clients[${i}] has ${d.length} parameters but avg has ${avg.length}`);
    if (i > 0) checkSameLayout(fn, `clients[${i}]`, c, 'clients[0]', clients[0]!);
    return d;
  });
  const rate = opts.mode === 'replace' ? 1 : opts.rate;
  for (const d of dsts) if (d !== avg) polyakUpdate(avg, d, rate);
}
