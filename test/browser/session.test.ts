// The page's pause/resume/step rests on TrainingSession's slices (interrupt with a checkpoint,
// resume from it): a run cut after every episode must equal an uninterrupted one bit for bit.

import { describe, expect, it } from 'vitest';
import { canonical, hex64, rowsText } from '../../web/protocol.js';
import { TrainingSession } from '../../web/session.js';

function run(experiment: string, cutEveryEpisode: boolean): { rows: string; policies: string; slices: number } {
  const s = new TrainingSession(experiment, 'smoke', 1);
  while (!s.done) s.runSlice(() => cutEveryEpisode);
  return { rows: rowsText(s.rows), policies: canonical(Object.fromEntries(s.policies)), slices: s.slices };
}

describe('TrainingSession slices', () => {
  it.each(['small-cell', 'pendulum'])('%s smoke: cut after every episode = uninterrupted, bit for bit', (name) => {
    const a = run(name, false), b = run(name, true);
    expect(b.slices).toBeGreaterThan(a.slices);
    expect(b.rows).toBe(a.rows);
    expect(b.policies).toBe(a.policies);
    expect(a.policies.length).toBeGreaterThan(1000);
  });

  it('canonical encodes every float64 bit (−0, NaN, last ulp)', () => {
    expect(hex64(-0)).toBe('8000000000000000');
    expect(hex64(1)).toBe('3ff0000000000000');
    expect(canonical({ b: 1 + 2 ** -52, a: Float64Array.of(NaN) })).toBe('{"a":Float64Array[7ff8000000000000],"b":3ff0000000000001}');
  });

  it('unknown experiment or preset: the error names what is available', () => {
    expect(() => new TrainingSession('nope', 'smoke', 1)).toThrow(/unknown experiment 'nope' \(available: .*small-cell/);
    expect(() => new TrainingSession('pendulum', 'huge', 1)).toThrow(/unknown preset 'huge' for pendulum \(available: /);
  });
});
