// small-cell config: the paper's defaults plus the spec's [R] values, and validation messages that
// name the field and its allowed range.

import { describe, expect, it } from 'vitest';
import type { SmallCellConfigInput } from '../../../lib/env/small-cell/index.js';
import { resolveSmallCellConfig, SMALL_CELL_DEFAULTS, smallCellDims } from '../../../lib/env/small-cell/index.js';
import { expectRel } from './helpers.js';

describe('small-cell config', () => {
  it('defaults: paper values in SI and the [R] resolutions', () => {
    const c = resolveSmallCellConfig();
    expect(c).toEqual(SMALL_CELL_DEFAULTS);
    expect([c.numCells, c.uesPerCell, c.numChannels, c.bandwidthHz]).toEqual([6, 10, 16, 1e7]);
    expectRel(c.maxPowerW, 0.19953, 1e-4); // 23 dBm
    expectRel(c.noisePsdWPerHz, 3.981e-21, 1e-4); // −174 dBm/Hz
    expect([c.taskSizeKB, c.cyclesPerBit, c.kiloByteBits, c.deadlineFactor]).toEqual([[200, 300], [500, 1000], 8000, 0.9]);
    expect([c.ueCpuHz, c.sbsCpuHz, c.ueJoulesPerCycle, c.sbsJoulesPerCycle, c.energyCoefficients]).toEqual([1e9, 5e10, 1e-9, 1e-11, 'paper']);
    expect([c.areaWidthM, c.areaHeightM, c.cellRadiusM, c.sbsMinSeparation, c.ueMinDistance, c.minLinkDistance, c.topology]).toEqual([1500, 1000, 250, 250, 10, 10, 'perRun']);
    expect([c.obsNorm, c.obsDb, c.interferenceObs]).toEqual(['scaled', { hOffset: 100, hScale: 30, iOffset: 130, iScale: 30 }, 'previousSlot']);
    expect([c.channelDecoding, c.alphaSnap, c.cpuShareMode]).toEqual(['scores', 0.01, 'sumToOne']);
    expectRel(c.pFloor, 1e-3 * c.maxPowerW, 1e-15);
    expect([c.beta, c.latencyPenaltyFloor, c.maxTxTime, c.episodeLength, c.rewardMode]).toEqual([1, -10, null, 100, 'cooperative']);
    const dims = smallCellDims(c);
    // scaled divisors: d_max = 300·8000 = 2.4e6 bit, ω_max = 1000·2.4e6 = 2.4e9, T̃_max = 0.9·2.4e9/1e9 = 2.16 s
    expect([dims.taskBitsMax, dims.cyclesMax]).toEqual([2.4e6, 2.4e9]);
    expectRel(dims.deadlineMax, 2.16, 1e-15);
    expectRel(dims.noiseW, 3.981e-14, 1e-4);
  });

  it('pFloor follows maxPowerW unless given; partial obsDb merges with the defaults', () => {
    expectRel(resolveSmallCellConfig({ maxPowerW: 0.5 }).pFloor, 5e-4, 1e-15);
    expect(resolveSmallCellConfig({ maxPowerW: 0.5, pFloor: 0.01 }).pFloor).toBe(0.01);
    expect(resolveSmallCellConfig({ obsDb: { hScale: 20 } }).obsDb).toEqual({ hOffset: 100, hScale: 20, iOffset: 130, iScale: 30 });
    expect(resolveSmallCellConfig({ kiloByteBits: 8192 }).kiloByteBits).toBe(8192);
    expect(smallCellDims(resolveSmallCellConfig({ kiloByteBits: 8192 })).taskBitsMax).toBe(300 * 8192);
    expect(resolveSmallCellConfig({ maxTxTime: 10, latencyPenaltyFloor: null }).maxTxTime).toBe(10);
  });

  it("energyCoefficients: 'paper' pins ε and ε̄, 'custom' takes them as given", () => {
    expect(() => resolveSmallCellConfig({ ueJoulesPerCycle: 1e-11 })).toThrow(
      "small-cell: ueJoulesPerCycle must be 1e-9 under energyCoefficients 'paper' (set energyCoefficients: 'custom' for what-if values), got 1e-11",
    );
    const c = resolveSmallCellConfig({ energyCoefficients: 'custom', ueJoulesPerCycle: 1e-11, sbsJoulesPerCycle: 1e-12 });
    expect([c.ueJoulesPerCycle, c.sbsJoulesPerCycle]).toEqual([1e-11, 1e-12]);
    expect(resolveSmallCellConfig({ energyCoefficients: 'custom' }).ueJoulesPerCycle).toBe(1e-9);
  });

  const bad: [SmallCellConfigInput, string][] = [
    [{ numCells: 0 }, 'small-cell: numCells must be an integer in [1, 1024], got 0'],
    [{ uesPerCell: 2.5 }, 'small-cell: uesPerCell must be an integer in [1, 1024], got 2.5'],
    [{ numChannels: 0 }, 'small-cell: numChannels must be an integer in [1, 4096], got 0'],
    [{ bandwidthHz: -1 }, 'small-cell: bandwidthHz must be a finite number > 0, got -1'],
    [{ maxPowerW: 0 }, 'small-cell: maxPowerW must be a finite number > 0, got 0'],
    [{ noisePsdWPerHz: Infinity }, 'small-cell: noisePsdWPerHz must be a finite number > 0, got Infinity'],
    [{ taskSizeKB: [300, 200] }, 'small-cell: taskSizeKB[1] must be a finite number >= taskSizeKB[0] (300), got 200'],
    [{ cyclesPerBit: [0, 1000] }, 'small-cell: cyclesPerBit[0] must be a finite number > 0, got 0'],
    [{ kiloByteBits: 1000 as 8000 }, 'small-cell: kiloByteBits must be 8000 or 8192, got 1000'],
    [{ deadlineFactor: 0 }, 'small-cell: deadlineFactor must be a finite number > 0, got 0'],
    [{ sbsCpuHz: NaN }, 'small-cell: sbsCpuHz must be a finite number > 0, got NaN'],
    [{ energyCoefficients: 'literal' as 'paper' }, 'small-cell: energyCoefficients must be "paper" or "custom", got "literal"'],
    [{ sbsMinSeparation: -1 }, 'small-cell: sbsMinSeparation must be a finite number >= 0, got -1'],
    [{ ueMinDistance: 250 }, 'small-cell: ueMinDistance must be a finite number in [0, cellRadiusM) = [0, 250), got 250'],
    [{ minLinkDistance: 0 }, 'small-cell: minLinkDistance must be a finite number > 0, got 0'],
    [{ topology: 'once' as 'perRun' }, 'small-cell: topology must be "perRun" or "perEpisode", got "once"'],
    [{ obsNorm: 'raw' as 'paper' }, 'small-cell: obsNorm must be "scaled" or "paper", got "raw"'],
    [{ obsDb: { hScale: 0 } }, 'small-cell: obsDb.hScale must be a finite number > 0, got 0'],
    [{ interferenceObs: 'current' as 'zero' }, 'small-cell: interferenceObs must be "previousSlot" or "zero", got "current"'],
    [{ channelDecoding: 'greedy' as 'scores' }, 'small-cell: channelDecoding must be "scores" or "index", got "greedy"'],
    [{ alphaSnap: 0.5 }, 'small-cell: alphaSnap must be a finite number in [0, 0.5), got 0.5'],
    [{ pFloor: 0 }, 'small-cell: pFloor must be a finite number in (0, maxPowerW] = (0, 0.19952623149688797], got 0'],
    [{ pFloor: 1 }, 'small-cell: pFloor must be a finite number in (0, maxPowerW] = (0, 0.19952623149688797], got 1'],
    [{ cpuShareMode: 'softmax' as 'sumToOne' }, 'small-cell: cpuShareMode must be "sumToOne" or "capAtOne", got "softmax"'],
    [{ rewardMode: 'global' as 'local' }, 'small-cell: rewardMode must be "cooperative" or "local", got "global"'],
    [{ beta: -1 }, 'small-cell: beta must be a finite number >= 0, got -1'],
    [{ latencyPenaltyFloor: 1 }, 'small-cell: latencyPenaltyFloor must be a finite number <= 0, or null, got 1'],
    [{ maxTxTime: 0 }, 'small-cell: maxTxTime must be a finite number > 0, or null, got 0'],
    [{ episodeLength: 0 }, 'small-cell: episodeLength must be an integer in [1, 2147483647], got 0'],
    [{ seed: 0.5 }, 'small-cell: seed must be an integer in [-9007199254740991, 9007199254740991], got 0.5'],
    [{ topologyMaxTries: 0 }, 'small-cell: topologyMaxTries must be an integer in [1, 1000000000], got 0'],
  ];
  it.each(bad)('rejects %j', (input, message) => {
    expect(() => resolveSmallCellConfig(input)).toThrow(message);
  });

  it('rejects unknown fields (typos), in the config and in obsDb, and wrong types as TypeError', () => {
    expect(() => resolveSmallCellConfig({ numCell: 3 } as SmallCellConfigInput)).toThrow(/unknown config field "numCell"; allowed: seed, numCells/);
    expect(() => resolveSmallCellConfig({ obsDb: { hoffset: 1 } } as unknown as SmallCellConfigInput)).toThrow(/unknown obsDb field "hoffset"/);
    expect(() => resolveSmallCellConfig({ numCells: '3' } as unknown as SmallCellConfigInput)).toThrow(TypeError);
  });
});
