// cli/run.ts parseSets: `--set key=value` → a nested partial config.

import { describe, expect, it } from 'vitest';
import { parseSets } from '../../cli/run.js';

describe('parseSets', () => {
  it('parses JSON values, takes a bare word as a string, and nests dotted keys', () => {
    expect(parseSets(['train.episodes=200', 'init=pytorch', 'clipMode="global"', 'hiddenSizes=[64,64]', 'flag=true', 'x=null'])).toEqual({
      train: { episodes: 200 }, init: 'pytorch', clipMode: 'global', hiddenSizes: [64, 64], flag: true, x: null,
    });
  });
  it('rejects values that are neither JSON nor a bare word, and a missing key', () => {
    expect(() => parseSets(['hiddenSizes=64,64'])).toThrow(/--set hiddenSizes: value '64,64' is not JSON .*arrays as --set hiddenSizes='\[64,64\]'/);
    expect(() => parseSets(['=3'])).toThrow(/expected key=<JSON value>/);
  });
});
