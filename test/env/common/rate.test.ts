// SINR, Shannon rate, co-channel interference and SINR-threshold success, by hand.
import { describe, expect, it } from 'vitest';
import {
  IDLE_CHANNEL,
  sinr,
  spectralEfficiency,
  shannonRate,
  coChannelInterference,
  interferencePerChannel,
  sinrSuccess,
  noisePowerW,
  dbToLinear,
} from '../../../lib/env/common/index.js';
import { expectAllRel, expectRel } from './helpers.js';

describe('SINR and Shannon rate', () => {
  it('one receiver, desired link + two co-channel interferers, one other-channel and one idle transmitter', () => {
    // Transmitters seen by the receiver (channel 2):
    //   j=0 desired: ch 2, p = 0.2 W, g = 1e−10      → signal 0.2·1e−10 = 2e−11 W (excluded from I)
    //   j=1:         ch 2, p = 0.1 W, g = 1e−12      → 1e−13 W
    //   j=2:         ch 2, p = 0.2 W, g = 1.5e−12    → 3e−13 W
    //   j=3:         ch 5, p = 0.2 W, g = 1e−9       → other channel, ignored
    //   j=4:         idle (−1), p = 0                → ignored
    // I = 1e−13 + 3e−13 = 4e−13 W; noise 1e−13 W
    // SINR = 2e−11 / (1e−13 + 4e−13) = 2e−11 / 5e−13 = 40
    // rate = 10 MHz · log2(1 + 40) = 1e7 · 5.357552 = 5.357552e7 bit/s; with share 1/4: 1.339388e7
    const channelOf = [2, 2, 2, 5, IDLE_CHANNEL];
    const powerW = [0.2, 0.1, 0.2, 0.2, 0];
    const gain = [1e-10, 1e-12, 1.5e-12, 1e-9, 1e-9];
    const I = coChannelInterference(2, channelOf, powerW, gain, 0);
    expectRel(I, 4e-13, 1e-12);
    const s = sinr(0.2, 1e-10, 1e-13, I);
    expectRel(s, 40, 1e-12);
    expectRel(spectralEfficiency(s), 5.357552004618084, 1e-12);
    expectRel(shannonRate(1e7, s), 5.357552004618084e7, 1e-12);
    expectRel(shannonRate(1e7, s, 0.25), 1.339388001154521e7, 1e-12);
    // Without `exclude`, the desired transmitter counts too: 4e−13 + 2e−11 = 2.04e−11 W
    expectRel(coChannelInterference(2, channelOf, powerW, gain), 2.04e-11, 1e-12);
  });

  it('two transmitters on one channel interfere with each other symmetrically', () => {
    // A: p = 0.1 W, g = 2e−12 → 2e−13 W; B: p = 0.2 W, g = 1e−12 → 2e−13 W; noise 1e−13 W
    // SINR_A = 2e−13/(1e−13 + 2e−13) = 2/3 = SINR_B;  rate = 1 MHz · log2(5/3) = 7.3697e5 bit/s
    const ch = [0, 0];
    const p = [0.1, 0.2];
    const g = [2e-12, 1e-12];
    const sA = sinr(0.1, 2e-12, 1e-13, coChannelInterference(0, ch, p, g, 0));
    const sB = sinr(0.2, 1e-12, 1e-13, coChannelInterference(0, ch, p, g, 1));
    expectRel(sA, 2 / 3, 1e-12);
    expectRel(sB, 2 / 3, 1e-12);
    expectRel(shannonRate(1e6, sA), 1e6 * Math.log2(5 / 3), 1e-12);
  });

  it('02 eq. (5): bandwidth and noise split among N_up offloading users', () => {
    // W = 20 MHz, N_up = 4 ⇒ 5 MHz each; noise −174 dBm/Hz over 5 MHz = 3.981e−21·5e6 = 1.9905e−14 W
    // SNR = 0.5 W · 1e−11 / 1.9905e−14 = 251.19; r = 5e6·log2(252.19) = 3.98918e7 bit/s
    const noise = noisePowerW(-174, 2e7 / 4);
    expectRel(noise, 1.990535852767493e-14, 1e-12);
    const snr = sinr(0.5, 1e-11, noise);
    expectRel(snr, 251.18864315095715, 1e-12);
    expectRel(shannonRate(2e7, snr, 1 / 4), 39891797.489006214, 1e-12);
  });

  it('zero power or zero share gives zero rate; 03-style rate scale c_r', () => {
    expect(sinr(0, 1, 1)).toBe(0);
    expect(shannonRate(1e7, 0)).toBe(0);
    expect(shannonRate(1e7, 40, 0)).toBe(0);
    // 03: r = c_r·log2(1 + SNR) with c_r = 4 wu per bit/Hz, SNR = 3 ⇒ 4·2 = 8 wu/s
    expect(shannonRate(4, 3)).toBe(8);
  });
});

describe('interference per channel (01 observation I_m)', () => {
  it('sums p·g per channel and skips idle transmitters', () => {
    // ch0: 0.1·1e−12 + 0.2·5e−13 = 2e−13; ch1: nothing; ch2: 0.2·2e−12 + 0.3·1e−12 = 7e−13
    const out = new Float64Array([9, 9, 9]);
    interferencePerChannel(out, [0, 2, 2, IDLE_CHANNEL, 0], [0.1, 0.2, 0.3, 0.5, 0.2], [1e-12, 2e-12, 1e-12, 1, 5e-13]);
    expectAllRel(out, [2e-13, 0, 7e-13], 1e-12);
  });

  it('agrees with coChannelInterference channel by channel', () => {
    const ch = [1, 0, 1, 3, 1, IDLE_CHANNEL];
    const p = [0.1, 0.2, 0.15, 0.05, 0.2, 0];
    const g = [3e-12, 1e-11, 2e-12, 4e-12, 5e-13, 1];
    const out = interferencePerChannel(new Float64Array(4), ch, p, g);
    for (let k = 0; k < 4; k++) expect(out[k]).toBeCloseTo(coChannelInterference(k, ch, p, g), 25);
  });
});

describe('SINR-threshold success (04)', () => {
  it('succeeds iff SINR > threshold (strict)', () => {
    const wifi = dbToLinear(10); // 10
    const lora = dbToLinear(-15); // 0.031623
    expect(sinrSuccess(10, wifi)).toBe(false); // exactly at threshold fails
    expect(sinrSuccess(10.5, wifi)).toBe(true);
    expect(sinrSuccess(0.04, lora)).toBe(true); // 0.04 > 0.0316
    expect(sinrSuccess(0.03, lora)).toBe(false);
    expect(sinrSuccess(Infinity, wifi)).toBe(true);
  });
});

describe('argument errors', () => {
  it.each([
    [() => sinr(0.2, 1e-10, 0), /^sinr: noisePowerW must be a finite number > 0, got 0$/],
    [() => sinr(-1, 1e-10, 1e-13), /^sinr: txPowerW must be a finite number >= 0, got -1$/],
    [() => sinr(1, 1, 1, NaN), /^sinr: interferenceW must be a finite number >= 0, got NaN$/],
    [() => shannonRate(1e7, 1, 1.5), /^shannonRate: bandwidthShare must be a number in \[0, 1\], got 1.5$/],
    [() => shannonRate(0, 1), /^shannonRate: bandwidthHz must be a finite number > 0, got 0$/],
    [() => spectralEfficiency(-0.5), /^spectralEfficiency: sinr must be a finite number >= 0, got -0.5$/],
    [() => coChannelInterference(0, [0, 1], [1], [1, 1]), /^coChannelInterference: powerW.length must be 2, got 1$/],
    [() => coChannelInterference(0, [0, -2], [1, 1], [1, 1]), /^coChannelInterference: channelOf\[1\] must be an integer >= -1, got -2$/],
    [() => coChannelInterference(0, [0, 0], [1, -1], [1, 1]), /^coChannelInterference: powerW\[1\] must be a finite number >= 0, got -1$/],
    [() => interferencePerChannel(new Float64Array(2), [2], [1], [1]), /^interferencePerChannel: channelOf\[0\] must be an integer in \[-1, 1\], got 2$/],
    [() => sinrSuccess(NaN, 1), /^sinrSuccess: sinr must be a number >= 0, got NaN$/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
