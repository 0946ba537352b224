// small-cell topology (spec 01 §1): SBS separation, UE distances, reproducibility from the
// (seed, 'topology') stream, and the 'perRun' / 'perEpisode' modes.

import { describe, expect, it } from 'vitest';
import { deriveStream } from '../../../lib/random/index.js';
import { drawTopology, pointDistance, resolveSmallCellConfig, SmallCellEnv } from '../../../lib/env/small-cell/index.js';

describe('small-cell topology', () => {
  it('SBSs inside the area and >= sbsMinSeparation apart; UEs in [ueMinDistance, R] of their SBS', () => {
    const c = resolveSmallCellConfig();
    for (let seed = 0; seed < 30; seed++) {
      const t = drawTopology(deriveStream(seed, 'topology'), c);
      for (let m = 0; m < c.numCells; m++) {
        expect(t.sbs[2 * m]).toBeGreaterThanOrEqual(0);
        expect(t.sbs[2 * m]).toBeLessThan(c.areaWidthM);
        expect(t.sbs[2 * m + 1]).toBeGreaterThanOrEqual(0);
        expect(t.sbs[2 * m + 1]).toBeLessThan(c.areaHeightM);
        for (let k = 0; k < m; k++) expect(pointDistance(t.sbs, m, t.sbs, k)).toBeGreaterThanOrEqual(c.sbsMinSeparation);
        for (let n = 0; n < c.uesPerCell; n++) {
          const d = pointDistance(t.ue, m * c.uesPerCell + n, t.sbs, m);
          expect(d).toBeGreaterThanOrEqual(c.ueMinDistance);
          expect(d).toBeLessThanOrEqual(c.cellRadiusM * (1 + 1e-12));
        }
      }
    }
  });

  it('ueMinDistance is enforced by redrawing (a large minimum shows it)', () => {
    const c = resolveSmallCellConfig({ ueMinDistance: 240 });
    const t = drawTopology(deriveStream(1, 'topology'), c);
    for (let j = 0; j < c.numCells * c.uesPerCell; j++) {
      const d = pointDistance(t.ue, j, t.sbs, Math.floor(j / c.uesPerCell));
      expect(d).toBeGreaterThanOrEqual(240);
    }
  });

  it('is reproducible from the config seed and independent of reset seeds (perRun)', () => {
    const a = new SmallCellEnv({ seed: 7 });
    const b = new SmallCellEnv({ seed: 7 });
    expect(Array.from(a.getTopology().sbs)).toEqual(Array.from(b.getTopology().sbs));
    expect(Array.from(a.getTopology().ue)).toEqual(Array.from(b.getTopology().ue));
    // equals a direct draw from deriveStream(7, 'topology')
    expect(Array.from(a.getTopology().sbs)).toEqual(Array.from(drawTopology(deriveStream(7, 'topology'), a.config).sbs));
    const c = new SmallCellEnv({ seed: 8 });
    expect(Array.from(c.getTopology().sbs)).not.toEqual(Array.from(a.getTopology().sbs));
    const before = Array.from(a.getTopology().ue);
    a.reset({ seed: 1 });
    a.reset({ seed: 2 });
    expect(Array.from(a.getTopology().ue)).toEqual(before);
  });

  it("'perEpisode' redraws at every reset from the env generator, reproducibly", () => {
    const env = new SmallCellEnv({ topology: 'perEpisode', numCells: 3, uesPerCell: 4, numChannels: 6 });
    env.reset({ seed: 3 });
    const first = Array.from(env.getTopology().sbs);
    env.reset();
    const second = Array.from(env.getTopology().sbs);
    expect(second).not.toEqual(first);
    env.reset({ seed: 3 });
    expect(Array.from(env.getTopology().sbs)).toEqual(first);
  });

  it('an impossible separation fails with an error naming the SBS and the field', () => {
    expect(() => new SmallCellEnv({ sbsMinSeparation: 2000, topologyMaxTries: 50 })).toThrow(
      /could not place SBS 1 at least sbsMinSeparation = 2000 m .* after 50 tries \(topologyMaxTries\)/,
    );
  });
});
