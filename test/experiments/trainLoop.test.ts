// experiments/common/trainLoop.ts's optional per-update hook (JobContext.onUpdate, the web page's
// "step one update"): every learner update is reported once, in order, with the learner's state;
// a `true` from the hook stops the loop after the current env step WITHOUT a checkpoint (the caller
// replays from its last one), except on the run's last step; without the hook nothing is wired.

import { describe, expect, it } from 'vitest';
import { trainLoop } from '../../experiments/common/trainLoop.js';
import type { JobContext, JobUpdate } from '../../experiments/types.js';
import type { StateValue } from '../../lib/rl/checkpoint.js';
import { ddpgRun } from '../rl/algoHelpers.js';

function ctxWith(onUpdate?: (u: JobUpdate) => boolean): { ctx: JobContext; saved: number[] } {
  const saved: number[] = [];
  const ctx: JobContext = {
    emit: () => undefined, progress: () => undefined, resumeFrom: null, checkpointEvery: 0,
    saveCheckpoint: (_s, episode) => saved.push(episode), shouldStop: () => false,
    ...(onUpdate !== undefined ? { onUpdate, inspectUpdates: true } : {}),
  };
  return { ctx, saved };
}

// Loop: warm-up 50 steps, then a round of 3 gradient steps every 10 env steps (steps 60, 70, …); episodes of 100 steps.
const LOOP = { warmupSteps: 50, updateEvery: 10, gradientSteps: 3, batchSize: 16 };

describe('trainLoop with ctx.onUpdate', () => {
  it('reports updates 1, 2, … and stops after the env step of the wanted update, mid-episode, with no checkpoint', () => {
    const r = ddpgRun(5, { loop: LOOP, maxEpisodeSteps: 100 });
    const seen: Array<{ updates: number; step: number; episode: number }> = [];
    let state: StateValue = null;
    const { ctx, saved } = ctxWith((u) => {
      seen.push({ updates: u.updates, step: u.step, episode: u.episode });
      if (u.updates === 5) state = u.learnerState();
      return u.updates >= 5;
    });
    expect(trainLoop(r.trainer, ctx, { maxSteps: 1000, progressTotal: 10 })).toBe(true);
    // Update 5 is the 2nd of the round at step 70: the round finishes (6 updates), then the loop stops.
    expect(seen.map((s) => s.updates)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.map((s) => s.step)).toEqual([60, 60, 60, 70, 70, 70]);
    expect(seen.every((s) => s.episode === 0)).toBe(true);
    expect([r.trainer.step, r.trainer.episode, r.trainer.updates]).toEqual([70, 0, 6]);
    expect(saved).toEqual([]);
    // The learner state as it was right after update 5 (DDPG counts its own updates).
    expect((state as unknown as { agent: { updates: number } }).agent.updates).toBe(5);
  });

  it("a stop asked on the run's last step does not interrupt: the loop ends normally", () => {
    const r = ddpgRun(5, { loop: LOOP, maxEpisodeSteps: 100 });
    const { ctx } = ctxWith((u) => u.step >= 80);
    expect(trainLoop(r.trainer, ctx, { maxSteps: 80, progressTotal: 1 })).toBe(false);
    expect(r.trainer.step).toBe(80);
  });

  it('without ctx.onUpdate the trainer gets no watch, and results are the same as with one that never stops', () => {
    const a = ddpgRun(6, { loop: LOOP, maxEpisodeSteps: 100 }), b = ddpgRun(6, { loop: LOOP, maxEpisodeSteps: 100 });
    expect(trainLoop(a.trainer, ctxWith().ctx, { maxSteps: 250, progressTotal: 3 })).toBe(false);
    expect(a.trainer.updateWatch).toBeNull();
    let n = 0;
    expect(trainLoop(b.trainer, ctxWith(() => { n++; return false; }).ctx, { maxSteps: 250, progressTotal: 3 })).toBe(false);
    expect(n).toBe(b.trainer.updates);
    expect(n).toBe(60); // rounds at 60, 70, …, 250: 20 rounds × 3
    expect(b.agent.actor.flat.data).toEqual(a.agent.actor.flat.data);
    expect(b.agent.critic.flat.data).toEqual(a.agent.critic.flat.data);
  });
});
