// Action decoders (spec 00 §2, last bullet): pure functions from raw network outputs (sigmoid in
// [0, 1] or tanh in [−1, 1], after exploration noise and clipping) to the papers' decisions.
// Replay buffers store the raw outputs; only the environment decodes. The complex-beam decoder of
// paper 03 is in multiAntenna.ts (decodeBeam); Gumbel-Softmax (02) is in lib/nn.

import { arrayLike, fail, finite, inRange, integerIn, nonNegative } from './validate.js';

/**
 * A ratio from a sigmoid output: the identity on [0, 1], validated (01 `α_n = u_α`; 03 `u1`, `u2`).
 *
 * @param u - sigmoid output, in [0, 1].
 */
export function ratioFromSigmoid(u: number): number {
  return inRange('ratioFromSigmoid', 'u', u, 0, 1);
}

/**
 * A ratio from a tanh output: `(a + 1)/2` (05: raw shares before normalisation).
 *
 * @param a - tanh output, in [−1, 1].
 * @returns a value in [0, 1].
 */
export function ratioFromTanh(a: number): number {
  return (inRange('ratioFromTanh', 'a', a, -1, 1) + 1) / 2;
}

/**
 * An index in [0, count) from a unit output: `min(count − 1, floor(u·count))` (01 `index`
 * channel decoding; u = 1 maps to the last index).
 *
 * @param u - output in [0, 1].
 * @param count - number of choices K, an integer >= 1.
 */
export function indexFromUnit(u: number, count: number): number {
  inRange('indexFromUnit', 'u', u, 0, 1);
  integerIn('indexFromUnit', 'count', count, 1, 2 ** 31 - 1);
  const k = Math.floor(u * count);
  return k < count ? k : count - 1;
}

/**
 * Binary decision from a tanh output: 1 iff `a > 0` (05 §3: rounding of `(a+1)/2`, with the tie
 * `a = 0` going to 0 — local).
 *
 * @param a - tanh output, in [−1, 1].
 */
export function binaryFromTanh(a: number): 0 | 1 {
  return inRange('binaryFromTanh', 'a', a, -1, 1) > 0 ? 1 : 0;
}

/**
 * Binary decision from a sigmoid output: 1 iff `u > 0.5` (same rule as {@link binaryFromTanh} on
 * the unit scale).
 *
 * @param u - sigmoid output, in [0, 1].
 */
export function binaryFromUnit(u: number): 0 | 1 {
  return inRange('binaryFromUnit', 'u', u, 0, 1) > 0.5 ? 1 : 0;
}

/**
 * Offload-ratio snapping of paper 01 ([R] `alphaSnap`, default 0.01): `α < snap ⇒ 0`,
 * `α > 1 − snap ⇒ 1`, otherwise α (strict inequalities: α = snap and α = 1 − snap are kept).
 * `snap = 0` disables snapping.
 *
 * @param alpha - offload ratio, in [0, 1].
 * @param snap - threshold, in [0, 0.5) (default 0.01).
 */
export function snapAlpha(alpha: number, snap = 0.01): number {
  inRange('snapAlpha', 'alpha', alpha, 0, 1);
  if (typeof snap !== 'number' || !(snap >= 0 && snap < 0.5)) fail('snapAlpha', 'snap', 'a number in [0, 0.5)', snap, typeof snap !== 'number');
  if (alpha < snap) return 0;
  if (alpha > 1 - snap) return 1;
  return alpha;
}

/**
 * Transmit power with a floor, 01 §3 step 3: `p = max(pFloor, u·P_max)` in W ([R] `pFloor =
 * 1e−3·P_max`, so an offloading UE never has zero rate).
 *
 * @param u - power output, in [0, 1].
 * @param maxPowerW - P_max in W, finite and >= 0.
 * @param floorW - pFloor in W, in [0, maxPowerW].
 */
export function powerWithFloor(u: number, maxPowerW: number, floorW: number): number {
  inRange('powerWithFloor', 'u', u, 0, 1);
  nonNegative('powerWithFloor', 'maxPowerW', maxPowerW);
  inRange('powerWithFloor', 'floorW', floorW, 0, maxPowerW);
  const p = u * maxPowerW;
  return p > floorW ? p : floorW;
}

/** How shares are normalised: `sumToOne` = `raw/Σraw`; `capAtOne` = divide only if `Σraw > 1`. */
export type ShareMode = 'sumToOne' | 'capAtOne';

/** Options of {@link normalizeShares}. */
export interface ShareOptions {
  /** Normalisation (default `sumToOne`; 01 [R] `cpuShareMode`, 05 always `sumToOne`). */
  readonly mode?: ShareMode;
  /** Added to every selected raw value first (default 0; 01 and 05 use 1e−6). */
  readonly offset?: number;
  /**
   * Which entries take part (truthy = yes; default all). Unselected entries get share 0 and do not
   * enter the sum (01: offloading UEs; 05: EDs offloaded in this sub-slot).
   */
  readonly selected?: ArrayLike<boolean | number>;
  /**
   * `sumToOne` only: if `Σraw < minSum` (or `Σraw = 0`) the selected entries get equal shares
   * `1/k` instead (default 0, i.e. only an all-zero sum; 03 workload fractions use 1e−6).
   */
  readonly minSum?: number;
}

/**
 * Shares from raw non-negative outputs (01 §3 step 4 `f_n`; 05 §3 `w`, `β`; 03 workload fractions
 * `(u3, u4, u5)/(u3 + u4 + u5)`). With `raw'_i = raw_i + offset` over the selected entries:
 * `sumToOne` ⇒ `raw'_i/Σraw'` (Σ = 1), or `1/k` each when `Σraw' < minSum` or `Σraw' = 0`;
 * `capAtOne` ⇒ `raw'_i/Σraw'` if `Σraw' > 1`, else `raw'_i` (Σ <= 1; all-zero stays zero).
 * Unselected entries are 0; with nothing selected every share is 0.
 * Example: raw [0.2, 0.6, 0.2] ⇒ [0.2, 0.6, 0.2] (both modes); raw [0.5, 1, 0.5] ⇒ [0.25, 0.5, 0.25].
 *
 * @param raw - raw values, each finite and >= 0 (e.g. sigmoid outputs or `ratioFromTanh`).
 * @param options - see {@link ShareOptions}.
 * @param out - optional destination Float64Array of the same length.
 * @returns the shares, in [0, 1].
 */
export function normalizeShares(raw: ArrayLike<number>, options: ShareOptions = {}, out?: Float64Array): Float64Array {
  const fn = 'normalizeShares';
  arrayLike(fn, 'raw', raw);
  const n = raw.length;
  const mode = options.mode ?? 'sumToOne';
  if (mode !== 'sumToOne' && mode !== 'capAtOne') fail(fn, 'options.mode', "'sumToOne' or 'capAtOne'", mode);
  const offset = nonNegative(fn, 'options.offset', options.offset ?? 0);
  const minSum = nonNegative(fn, 'options.minSum', options.minSum ?? 0);
  const selected = options.selected;
  if (selected !== undefined) arrayLike(fn, 'options.selected', selected, n);
  const dst = out ?? new Float64Array(n);
  if (!(dst instanceof Float64Array)) fail(fn, 'out', 'a Float64Array', dst, true);
  if (dst.length !== n) fail(fn, 'out.length', `raw.length (${n})`, dst.length);
  let sum = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (selected !== undefined && !selected[i]) {
      dst[i] = 0;
      continue;
    }
    const v = nonNegative(fn, `raw[${i}]`, raw[i] as number) + offset;
    dst[i] = v;
    sum += v;
    k++;
  }
  if (k === 0) return dst;
  if (mode === 'sumToOne' && (sum === 0 || sum < minSum)) {
    for (let i = 0; i < n; i++) if (selected === undefined || selected[i]) dst[i] = 1 / k;
    return dst;
  }
  if (mode === 'sumToOne' || sum > 1) for (let i = 0; i < n; i++) dst[i] = (dst[i] as number) / sum;
  return dst;
}

/** Where each user's K scores sit in a flat action vector: `scores[offset + ue·rowStride + ch]`. */
export interface ScoreLayout {
  /** Index of user 0's first score (default 0; 01: 3, after `[α, p, f]`). */
  readonly offset?: number;
  /** Distance between consecutive users' blocks (default K; 01: K + 3). */
  readonly rowStride?: number;
}

/** Channel of a user that got none (local, or forced local). */
export const NO_CHANNEL = -1;

/**
 * Greedy channel matching of paper 01 ([R] `channelDecoding: 'scores'`, §3 step 2): among the
 * offloading users, sort all (user, channel) pairs by score descending — ties: lower user index,
 * then lower channel index — and assign greedily while each channel serves at most one user (C5)
 * and each user uses at most one channel (C4). With K >= (offloading users) everyone gets a channel;
 * otherwise the leftovers get {@link NO_CHANNEL} and must be forced local.
 * Example: scores [[0.9, 0.2, 0.5], [0.9, 0.8, 0.1], [0.3, 0.8, 0.7]] ⇒ [0, 1, 2].
 *
 * @param scores - flat scores (finite) laid out per {@link ScoreLayout}.
 * @param numUsers - N_m, an integer >= 0.
 * @param numChannels - K, an integer >= 1.
 * @param offloading - per user, truthy if it offloads (others get no channel and are ignored).
 * @param layout - offset and row stride of the scores (default: a dense N_m × K matrix).
 * @returns per user, its channel in [0, K) or −1.
 */
export function greedyChannelMatching(
  scores: ArrayLike<number>,
  numUsers: number,
  numChannels: number,
  offloading: ArrayLike<boolean | number>,
  layout: ScoreLayout = {},
): Int32Array {
  const fn = 'greedyChannelMatching';
  arrayLike(fn, 'scores', scores);
  integerIn(fn, 'numUsers', numUsers, 0, 2 ** 20);
  integerIn(fn, 'numChannels', numChannels, 1, 2 ** 20);
  arrayLike(fn, 'offloading', offloading, numUsers);
  const offset = integerIn(fn, 'layout.offset', layout.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const stride = integerIn(fn, 'layout.rowStride', layout.rowStride ?? numChannels, numChannels, Number.MAX_SAFE_INTEGER);
  const need = numUsers === 0 ? 0 : offset + (numUsers - 1) * stride + numChannels;
  if (scores.length < need) fail(fn, 'scores.length', `>= offset + (numUsers − 1)·rowStride + numChannels (${need})`, scores.length);

  // Candidate pairs, encoded ue·K + ch so that ascending code = lower user, then lower channel.
  const codes: number[] = [];
  const value = new Float64Array(numUsers * numChannels);
  for (let ue = 0; ue < numUsers; ue++) {
    if (!offloading[ue]) continue;
    for (let ch = 0; ch < numChannels; ch++) {
      const idx = offset + ue * stride + ch;
      value[ue * numChannels + ch] = finite(fn, `scores[${idx}]`, scores[idx] as number);
      codes.push(ue * numChannels + ch);
    }
  }
  codes.sort((a, b) => (value[b] as number) - (value[a] as number) || a - b);

  const channelOf = new Int32Array(numUsers).fill(NO_CHANNEL);
  const channelTaken = new Uint8Array(numChannels);
  let assigned = 0;
  const limit = Math.min(numChannels, codes.length / numChannels);
  for (const code of codes) {
    if (assigned === limit) break;
    const ue = Math.floor(code / numChannels);
    const ch = code - ue * numChannels;
    if (channelOf[ue] !== NO_CHANNEL || channelTaken[ch]) continue;
    channelOf[ue] = ch;
    channelTaken[ch] = 1;
    assigned++;
  }
  return channelOf;
}

/**
 * Index channel decoding of paper 01 ([R] `channelDecoding: 'index'`, §3 step 2): each offloading
 * user asks for channel `indexFromUnit(u, K)`. [R] Collisions: (1) on every requested channel the
 * user with the larger α keeps it (ties: lower user index); (2) the other requesters, in order of
 * descending α (ties: lower index), each move to the lowest channel still free; with none free they
 * get {@link NO_CHANNEL} (forced local). A winner of step 1 is never displaced.
 *
 * @param u - per-user index outputs in [0, 1], at `u[offset + ue·stride]`.
 * @param alpha - per user, its (decoded) offload ratio α, in [0, 1].
 * @param numChannels - K, an integer >= 1.
 * @param offloading - per user, truthy if it offloads.
 * @param offset - index of user 0's output in `u` (default 0; 01 block `[α, p, f, idx]`: 3).
 * @param stride - distance between users' outputs (default 1; 01: 4).
 * @returns per user, its channel in [0, K) or −1.
 */
export function indexChannelMatching(
  u: ArrayLike<number>,
  alpha: ArrayLike<number>,
  numChannels: number,
  offloading: ArrayLike<boolean | number>,
  offset = 0,
  stride = 1,
): Int32Array {
  const fn = 'indexChannelMatching';
  arrayLike(fn, 'alpha', alpha);
  const n = alpha.length;
  arrayLike(fn, 'u', u);
  arrayLike(fn, 'offloading', offloading, n);
  integerIn(fn, 'numChannels', numChannels, 1, 2 ** 20);
  integerIn(fn, 'offset', offset, 0, Number.MAX_SAFE_INTEGER);
  integerIn(fn, 'stride', stride, 1, Number.MAX_SAFE_INTEGER);
  if (n > 0 && u.length < offset + (n - 1) * stride + 1) fail(fn, 'u.length', `>= offset + (n − 1)·stride + 1 (${offset + (n - 1) * stride + 1})`, u.length);

  const channelOf = new Int32Array(n).fill(NO_CHANNEL);
  const want = new Int32Array(n).fill(NO_CHANNEL);
  const users: number[] = [];
  for (let ue = 0; ue < n; ue++) {
    if (!offloading[ue]) continue;
    inRange(fn, `alpha[${ue}]`, alpha[ue] as number, 0, 1);
    want[ue] = indexFromUnit(inRange(fn, `u[${offset + ue * stride}]`, u[offset + ue * stride] as number, 0, 1), numChannels);
    users.push(ue);
  }
  // Descending α, ties lower index: the first requester of a channel in this order wins it.
  users.sort((a, b) => (alpha[b] as number) - (alpha[a] as number) || a - b);
  const holder = new Int32Array(numChannels).fill(-1);
  const losers: number[] = [];
  for (const ue of users) {
    const ch = want[ue] as number;
    if (holder[ch] === -1) {
      holder[ch] = ue;
      channelOf[ue] = ch;
    } else {
      losers.push(ue);
    }
  }
  let free = 0;
  for (const ue of losers) {
    while (free < numChannels && holder[free] !== -1) free++;
    if (free === numChannels) break;
    holder[free] = ue;
    channelOf[ue] = free;
  }
  return channelOf;
}
