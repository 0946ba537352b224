// Fast variant of the long-run check (reliability/longRun.ts): the slope fit, a few seconds of
// training that produces heap samples once a small buffer is full, and the progress display
// (cli/progress.ts) staying one line per update interval — exactly, on a fake clock, and on a real
// short run.

import { describe, expect, it } from 'vitest';
import { longRun, progressProblems, slope, type ProgressLog } from '../../reliability/longRun.js';
import { createProgress } from '../../cli/progress.js';

/** Drives the plain-line display on a fake clock: one episode every `episodeMs` for `episodes` episodes. */
function fakeLog(episodes: number, episodeMs: number, intervalMs: number): ProgressLog {
  let now = 0;
  const lines: Array<{ text: string; at: number }> = [];
  const d = createProgress(1, { isTTY: false, write: (t: string | Uint8Array) => { lines.push({ text: String(t), at: now }); return true; } } as never, { intervalMs, now: () => now });
  for (let e = 1; e <= episodes; e++) {
    now = e * episodeMs;
    d.update({ method: 'ddpg', seed: 1, episode: e, episodes: 1e9, reward: -1 });
  }
  return { lines, intervalMs, elapsedMs: (episodes - 1) * episodeMs, longestEpisodeMs: episodeMs };
}

describe('long run (fast)', () => {
  it('slope is the least-squares slope', () => {
    // y = 3x + 1 exactly: slope 3; a constant: slope 0.
    expect(slope([0, 1, 2, 3], [1, 4, 7, 10])).toBeCloseTo(3, 12);
    expect(slope([0, 1, 2], [5, 5, 5])).toBe(0);
  });

  it('progress: one line per interval on a fake clock (episodes every 300 ms, interval 1 000 ms)', () => {
    const log = fakeLog(34, 300, 1000);
    // lines at 300, then the first episode ≥ 1 000 ms later: 1 500, 2 700, 3 900, … (every 4th episode, 1 200 ms apart)
    expect(log.lines.map((l) => l.at)).toEqual([300, 1500, 2700, 3900, 5100, 6300, 7500, 8700, 9900]);
    expect(log.lines[1]!.text).toBe('ddpg seed 1: episode 5/1000000000, reward -1.000 (2 s)\n');
    expect(progressProblems(log)).toEqual([]);
  });

  it('progress problems are found: too many lines, a silent stretch, a line that is not one line', () => {
    const spam = fakeLog(10, 300, 0);
    expect(progressProblems({ ...spam, intervalMs: 1000 })).toContain('lines 0 and 1 are 300 ms apart, less than the 1000 ms interval');
    const silent: ProgressLog = { lines: [{ text: 'a\n', at: 0 }, { text: 'b\n', at: 5000 }], intervalMs: 1000, elapsedMs: 5000, longestEpisodeMs: 300 };
    expect(progressProblems(silent).join(' ')).toMatch(/silent for more than an interval plus the longest episode/);
    expect(progressProblems({ ...silent, lines: [{ text: 'a\nb\n', at: 0 }] }).join(' ')).toMatch(/write 0 is not exactly one line/);
  });

  it('a short run samples the heap after the buffer is full; its progress stays one line per interval', () => {
    const r = longRun(4 / 60, 0, 200, 250);
    expect(r.samples).toBeGreaterThanOrEqual(3);
    expect(Number.isFinite(r.bytesPer10Min)).toBe(true);
    expect(r.progress.lines.length).toBeGreaterThanOrEqual(2);
    expect(progressProblems(r.progress)).toEqual([]);
  });
});
