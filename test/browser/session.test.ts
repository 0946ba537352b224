// The page's pause/resume/step rests on TrainingSession's slices (interrupt with a checkpoint,
// resume from it): a run cut after every episode must equal an uninterrupted one bit for bit. "Step"
// advances exactly one learner update (replaying from the last episode checkpoint, stopping
// mid-episode); stepping and then resuming must also equal the uninterrupted run, and a step's
// report must carry that very update's stats (compared with the job run straight through).

import { describe, expect, it } from 'vitest';
import { canonical, hex64, rowsText } from '../../web/protocol.js';
import { TrainingSession, type StepOutcome } from '../../web/session.js';
import { EXPERIMENTS } from '../../experiments/index.js';

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

  it.each([
    ['pendulum', 3],      // updates 1–3 of DDPG (all in the round at step 400, mid-episode 2)
    ['small-cell', 14],   // MADDPG updates 1–14: across episode ends (10 slots each), checkpoints taken while stepping
    ['cartpole', 12],     // DQN: rounds of 10 updates every 100 steps, episodes without an update in between
    ['load-balancing', 12],
    ['simple-spread', 12],
  ] as const)('%s smoke: step one update at a time, then resume = uninterrupted, bit for bit', (name, steps) => {
    const want = run(name, false);
    const s = new TrainingSession(name, 'smoke', 1);
    const outcomes: StepOutcome[] = [];
    while (outcomes.filter((o) => o.kind === 'update').length < steps) outcomes.push(s.stepUpdate());
    const ups = outcomes.flatMap((o) => (o.kind === 'update' ? [o.report] : []));
    // Exactly one update per step, none skipped, all within the first job.
    expect(ups.map((u) => u.update)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    expect(ups.every((u) => u.method === s.methods[0])).toBe(true);
    expect(s.current).toBe(0);
    expect(s.updatesReached).toBe(steps);
    // Warm-up (no update yet) advances episode by episode.
    expect(outcomes.slice(0, outcomes.length - steps).every((o) => o.kind === 'episode')).toBe(true);
    for (const u of ups) {
      expect(u.tdTargets.length).toBeGreaterThan(0);
      expect(u.qValues.length).toBe(u.tdTargets.length);
      expect(u.layers.length).toBeGreaterThanOrEqual(1);
      expect(u.layers.every((l) => l.weight > 0 && l.adamV > 0 && Number.isFinite(l.grad))).toBe(true);
      // The critic loss graph of this update (lib's inspection.lossGraph): the MSE of Q(s, a) against the TD targets.
      expect(u.graph).toMatch(/(mseLoss|huberLoss) \[\] <- #\d+, #\d+$/);
      expect(u.graph).toMatch(/(critic(\[0\])?|q)\.layers\.0\.weight'/);
    }
    // Resume: the rest of the run in ordinary slices (cut after every episode).
    while (!s.done) s.runSlice(() => true);
    expect(rowsText(s.rows)).toBe(want.rows);
    expect(canonical(Object.fromEntries(s.policies))).toBe(want.policies);
  });

  it("pendulum smoke: a step's report is that update's own stats (as the job run straight through sees them)", () => {
    const exp = EXPERIMENTS['pendulum']!, s = new TrainingSession('pendulum', 'smoke', 1);
    const straight: Array<Record<string, unknown>> = [];
    exp.runJob(s.config, 'ddpg', 1, {
      emit: () => undefined, progress: () => undefined, resumeFrom: null, checkpointEvery: 0, saveCheckpoint: () => undefined, shouldStop: () => false,
      onUpdate: (u) => { if (straight.length < 4) straight.push({ ...(u.stats as Record<string, unknown>) }); return false; },
    });
    const got: Array<Readonly<Record<string, number>>> = [];
    while (got.length < 4) { const o = s.stepUpdate(); if (o.kind === 'update') got.push(o.report.stats); }
    for (let i = 0; i < 4; i++) {
      for (const k of ['criticLoss', 'actorLoss', 'qMean', 'targetMean', 'criticGradNorm']) expect(hex64(got[i]![k]!)).toBe(hex64(straight[i]![k] as number));
    }
    expect(new Set(got.map((g) => g['criticLoss'])).size).toBe(4);
  });

  it('a job whose loop has no update hook (iot-multi-rat) steps one episode at a time', () => {
    const s = new TrainingSession('iot-multi-rat', 'smoke', 1);
    const o = s.stepUpdate();
    expect(o.kind).toBe('episode');
    expect(o.rows.length).toBeGreaterThan(0);
    expect(s.current).toBe(0);
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
