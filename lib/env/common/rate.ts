// Shannon rate with co-channel interference (spec 00 §2): `r = share·B·log2(1 + p·h/(noise + I))`,
// `I = Σ_{co-channel interferers} p'·h'`, and the SINR-threshold success test of paper 04.
// Noise is passed as a power in W: PSD·B (01, 02 — see units.noisePowerW), a fixed power (04 per
// RAT, 05 σ²) or a normalised σ² (03).

import { arrayLike, fail, inRange, integerIn, nonNegative, positive } from './validate.js';
import { log2 } from '../../math/index.js';

/** Channel index meaning "not transmitting" in the interference helpers. */
export const IDLE_CHANNEL = -1;

/**
 * Signal-to-interference-plus-noise ratio `p·h / (noise + I)`. 01 eq. (1) (`p_n h_{n,k} /
 * (N0·B + I_k)`), 02 eq. (5) (noise `(W/N_up)·N0`, I = 0), 03 eq. (4) (β_a, gain ‖h‖²), 04 eq. (9),
 * 05 eq. (1) (gain `g/l`, I = 0). Dimensionless.
 *
 * @param txPowerW - transmit power p in W, finite and >= 0.
 * @param gain - linear link power gain h (large-scale × fading), finite and >= 0.
 * @param noisePowerW - noise power in W, finite and > 0.
 * @param interferenceW - received co-channel interference power in W, finite and >= 0 (default 0).
 */
export function sinr(txPowerW: number, gain: number, noisePowerW: number, interferenceW = 0): number {
  nonNegative('sinr', 'txPowerW', txPowerW);
  nonNegative('sinr', 'gain', gain);
  positive('sinr', 'noisePowerW', noisePowerW);
  nonNegative('sinr', 'interferenceW', interferenceW);
  return (txPowerW * gain) / (noisePowerW + interferenceW);
}

/**
 * Spectral efficiency `log2(1 + SINR)` in bit/s/Hz. 03 writes its rates as `c_r·log2(1 + SNR)`
 * (wu/s with the rate scale c_r): multiply this by c_r, or call `shannonRate(c_r, snr)`.
 *
 * @param sinrValue - SINR (linear), finite and >= 0.
 */
export function spectralEfficiency(sinrValue: number): number {
  nonNegative('spectralEfficiency', 'sinr', sinrValue);
  return log2(1 + sinrValue);
}

/**
 * Shannon rate `share·B·log2(1 + SINR)` in bit/s. 01 eq. (1) (share 1), 02 eq. (5) (share
 * `1/N_up`; compute its noise over `B/N_up` too), 04 eq. (5), 05 eq. (1) (share `w_{i,j}`).
 * Example: B = 10 MHz, SINR = 40 ⇒ 1e7·log2(41) = 5.3576e7 bit/s.
 *
 * @param bandwidthHz - total bandwidth B in Hz (or 03's rate scale c_r), finite and > 0.
 * @param sinrValue - SINR (linear), finite and >= 0.
 * @param bandwidthShare - fraction of B used, in [0, 1] (default 1).
 */
export function shannonRate(bandwidthHz: number, sinrValue: number, bandwidthShare = 1): number {
  positive('shannonRate', 'bandwidthHz', bandwidthHz);
  nonNegative('shannonRate', 'sinr', sinrValue);
  inRange('shannonRate', 'bandwidthShare', bandwidthShare, 0, 1);
  return bandwidthShare * bandwidthHz * log2(1 + sinrValue);
}

function checkTransmitters(fn: string, channelOf: ArrayLike<number>, powerW: ArrayLike<number>, gainToReceiver: ArrayLike<number>): void {
  arrayLike(fn, 'channelOf', channelOf);
  arrayLike(fn, 'powerW', powerW, channelOf.length);
  arrayLike(fn, 'gainToReceiver', gainToReceiver, channelOf.length);
}

/**
 * Interference received on one channel: `I = Σ_{j ≠ exclude, channelOf[j] = channel} p_j·g_j`.
 * 01 (after eq. 1, [R] A2: only UEs of other cells transmitting on channel k count), 04 eq. (9)
 * (`Σ_{z≠i} δ_z^{m,n} h_z^{m,n} P_z`, [R] A4: z's own gain to the gateway). Flatten multi-RAT
 * channels into one index (04: e.g. LoRa 0..M_L−1, WiFi M_L..M_L+M_W−1).
 *
 * @param channel - the receiver's channel, an integer >= 0.
 * @param channelOf - per transmitter, its channel (integer >= 0) or {@link IDLE_CHANNEL} (−1).
 * @param powerW - per transmitter, transmit power in W (>= 0; checked for co-channel ones).
 * @param gainToReceiver - per transmitter, linear gain to this receiver on the transmitter's own
 *   channel (>= 0; checked for co-channel ones).
 * @param exclude - index of the desired transmitter, left out of the sum (default −1: none).
 * @returns interference power in W.
 */
export function coChannelInterference(
  channel: number,
  channelOf: ArrayLike<number>,
  powerW: ArrayLike<number>,
  gainToReceiver: ArrayLike<number>,
  exclude = -1,
): number {
  const fn = 'coChannelInterference';
  integerIn(fn, 'channel', channel, 0, Number.MAX_SAFE_INTEGER);
  checkTransmitters(fn, channelOf, powerW, gainToReceiver);
  integerIn(fn, 'exclude', exclude, -1, Number.MAX_SAFE_INTEGER);
  let total = 0;
  for (let j = 0; j < channelOf.length; j++) {
    const c = channelOf[j] as number;
    if (c !== channel) {
      if (!Number.isSafeInteger(c) || c < IDLE_CHANNEL) fail(fn, `channelOf[${j}]`, 'an integer >= -1', c);
      continue;
    }
    if (j === exclude) continue;
    total += nonNegative(fn, `powerW[${j}]`, powerW[j] as number) * nonNegative(fn, `gainToReceiver[${j}]`, gainToReceiver[j] as number);
  }
  return total;
}

/**
 * Interference per channel at one receiver: `out[k] = Σ_{j: channelOf[j] = k} p_j·g_j` for every
 * channel k (01: the observation `I_m`, K powers measured at SBS m from other cells' UEs). `out`
 * is overwritten; idle transmitters (−1) are skipped.
 *
 * @param out - Float64Array of length K (number of channels).
 * @param channelOf - per transmitter, a channel in [0, K) or −1.
 * @param powerW - per transmitter, transmit power in W (>= 0).
 * @param gainToReceiver - per transmitter, gain to this receiver on its own channel (>= 0).
 * @returns `out`, in W.
 */
export function interferencePerChannel(
  out: Float64Array,
  channelOf: ArrayLike<number>,
  powerW: ArrayLike<number>,
  gainToReceiver: ArrayLike<number>,
): Float64Array {
  const fn = 'interferencePerChannel';
  if (!(out instanceof Float64Array)) fail(fn, 'out', 'a Float64Array', out, true);
  checkTransmitters(fn, channelOf, powerW, gainToReceiver);
  out.fill(0);
  for (let j = 0; j < channelOf.length; j++) {
    const c = channelOf[j] as number;
    if (c === IDLE_CHANNEL) continue;
    if (!Number.isSafeInteger(c) || c < 0 || c >= out.length) fail(fn, `channelOf[${j}]`, `an integer in [-1, ${out.length - 1}]`, c);
    out[c] = (out[c] as number) + nonNegative(fn, `powerW[${j}]`, powerW[j] as number) * nonNegative(fn, `gainToReceiver[${j}]`, gainToReceiver[j] as number);
  }
  return out;
}

/**
 * Transmission success of paper 04 (§II, eq. 13): decoded iff `SINR > threshold` (strict; a
 * SINR exactly at the threshold fails). Thresholds: LoRa −15 dB = 0.03162, WiFi 10 dB = 10
 * (`units.dbToLinear`).
 *
 * @param sinrValue - SINR (linear), >= 0 (finite or +Infinity).
 * @param thresholdLinear - threshold γ̄ (linear), finite and >= 0.
 */
export function sinrSuccess(sinrValue: number, thresholdLinear: number): boolean {
  if (typeof sinrValue !== 'number' || !(sinrValue >= 0)) fail('sinrSuccess', 'sinr', 'a number >= 0', sinrValue, typeof sinrValue !== 'number');
  nonNegative('sinrSuccess', 'thresholdLinear', thresholdLinear);
  return sinrValue > thresholdLinear;
}
