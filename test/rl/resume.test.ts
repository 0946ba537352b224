// Checkpoint resume (STYLE §3.5: "a resumed run is bit-identical to an uninterrupted one").
// Train k steps (after warm-up, in the middle of an episode), take `getState()`, write it as a
// checkpoint folder, read it back, build a FRESH env/agent/learner/trainer from the same config,
// `setState`, and continue to N steps. Compared with an uninterrupted run of N steps: the whole
// state tree (weights, targets, optimizer moments, replay buffer, env, exploration-noise state,
// every RNG stream) and the full event log must be bit-identical.

import { afterEach, describe, expect, it } from 'vitest';
import { readCheckpoint, writeCheckpoint } from '../../cli/fs/checkpointFiles.js';
import type { StateValue } from '../../lib/rl/checkpoint.js';
import type { OffPolicyState } from '../../lib/rl/offPolicy.js';
import { ddpgRun, dqnRun, expectSameEvents, expectSameState, removeTmpDirs, td3Run, tmpDir, type Run } from './algoHelpers.js';

afterEach(removeTmpDirs);

const N = 260;
/** Checkpoint step: after the 50 warm-up steps, inside an episode (Pendulum episodes last 60 steps; checked below for all runs). */
const K = 137;

function resumeMatches<A>(build: () => Run<A>): void {
  // Uninterrupted reference.
  const ref = build();
  ref.trainer.run(N);

  // Interrupted: K steps, checkpoint to disk, a fresh run restored from the files, N − K more steps.
  const first = build();
  first.trainer.run(K);
  const saved = first.trainer.getState();
  expect(saved.step).toBe(K);
  expect(saved.updates).toBeGreaterThan(0); // past warm-up: the optimizers have moments
  // In the middle of an episode (for all three runs below): an observation is pending and steps were taken.
  expect(saved.obs).not.toBeNull();
  expect(saved.episodeLength).toBeGreaterThan(0);
  const dir = `${tmpDir()}/ckpt`;
  writeCheckpoint(dir, saved as unknown as StateValue, { k: K });
  const eventsBefore = first.events.slice();

  const { state, meta } = readCheckpoint(dir);
  expect(meta).toEqual({ k: K });
  const second = build();
  second.trainer.setState(state as unknown as OffPolicyState);
  // The restored state is exactly what was saved (nothing dropped by the file round trip).
  expectSameState(second.trainer.getState() as unknown as StateValue, saved as unknown as StateValue);
  second.trainer.run(N - K);

  expectSameState(second.trainer.getState() as unknown as StateValue, ref.trainer.getState() as unknown as StateValue);
  expectSameEvents([...eventsBefore, ...second.events], ref.events);
  expect(second.trainer.updates).toBe(ref.trainer.updates);
}

describe('checkpoint resume is bit-identical to an uninterrupted run', () => {
  it('DDPG with Ornstein–Uhlenbeck exploration noise (its state x is mid-episode)', () => {
    resumeMatches(() => ddpgRun(11, { maxEpisodeSteps: 60 }));
  });

  it('TD3 with target policy smoothing, twin critics and policy delay 2', () => {
    // After K = 137 steps TD3 has made 87 updates (odd): the first update after resuming is a delayed actor
    // update only because the restored `updates` counter says so. Target smoothing draws from its own rng.
    resumeMatches(() => td3Run(12, { maxEpisodeSteps: 60, agent: { targetNoise: 0.2, targetNoiseClip: 0.5, policyDelay: 2 } }));
  });

  it('DQN with double targets, ε-greedy and periodic target copies', () => {
    resumeMatches(() => dqnRun(13, { agent: { targetUpdateInterval: 20 } }));
  });

  it('resuming at the very start (step 0) also matches', () => {
    const ref = ddpgRun(5, { maxEpisodeSteps: 60 });
    ref.trainer.run(120);
    const a = ddpgRun(5, { maxEpisodeSteps: 60 });
    const dir = `${tmpDir()}/c0`;
    writeCheckpoint(dir, a.trainer.getState() as unknown as StateValue);
    const b = ddpgRun(5, { maxEpisodeSteps: 60 });
    b.trainer.setState(readCheckpoint(dir).state as unknown as OffPolicyState);
    b.trainer.run(120);
    expectSameState(b.trainer.getState() as unknown as StateValue, ref.trainer.getState() as unknown as StateValue);
    expectSameEvents(b.events, ref.events);
  });
});

describe('setState rejects a state of the wrong shape, naming the field', () => {
  type Tree = { [k: string]: unknown };
  const withAgent = (s: OffPolicyState, edit: (agent: Tree) => void): OffPolicyState => {
    const learner = { ...(s.learner as Tree) };
    const agent = { ...(learner['agent'] as Tree) };
    edit(agent);
    learner['agent'] = agent;
    return { ...s, learner: learner as unknown as StateValue };
  };

  it('DDPG: a short actor array', () => {
    const a = ddpgRun(1, { loop: { warmupSteps: 10 } });
    a.trainer.run(20);
    const bad = withAgent(a.trainer.getState(), (g) => { g['actor'] = new Float64Array(5); });
    const b = ddpgRun(1);
    expect(() => b.trainer.setState(bad)).toThrow(/DDPG\.setState: actor must be a Float64Array of length \d+, got a Float64Array of length 5/);
  });

  it('DDPG: a criticTarget of the wrong size, and optimizer moments of the wrong size', () => {
    const a = ddpgRun(1);
    const s = a.trainer.getState();
    const n = a.agent.criticTarget.countParams();
    expect(() => ddpgRun(1).trainer.setState(withAgent(s, (g) => { g['criticTarget'] = new Float64Array(n + 1); })))
      .toThrow(new RegExp(`criticTarget must be a Float64Array of length ${n}, got a Float64Array of length ${n + 1}`));
    expect(() => ddpgRun(1).trainer.setState(withAgent(s, (g) => { g['actorOpt'] = { ...(g['actorOpt'] as Tree), m: new Float64Array(2) }; })))
      .toThrow(/m has 2 elements/);
  });

  it('TD3: a critic of another network (hidden [8]) is rejected as critics[1]', () => {
    const s = td3Run(2).trainer.getState();
    const other = td3Run(2, { agent: { hiddenSizes: [8] } }).agent;
    const bad = withAgent(s, (g) => { g['critics'] = [(g['critics'] as Float64Array[])[0], other.critics[1]!.flat.data.slice()]; });
    expect(() => td3Run(2).trainer.setState(bad)).toThrow(/TD3\.setState: critics\[1\] must be a Float64Array of length/);
    const missing = withAgent(s, (g) => { g['critics'] = [(g['critics'] as Float64Array[])[0]]; });
    expect(() => td3Run(2).trainer.setState(missing)).toThrow(/TD3\.setState: critics must be an array of 2 Float64Arrays/);
  });

  it('DQN: a qTarget array from a wider network', () => {
    const s = dqnRun(3).trainer.getState();
    const wide = dqnRun(3, { agent: { hiddenSizes: [32, 16] } }).agent;
    expect(() => dqnRun(3).trainer.setState(withAgent(s, (g) => { g['qTarget'] = wide.qTarget.flat.data.slice(); })))
      .toThrow(/DQN\.setState: qTarget must be a Float64Array of length \d+, got a Float64Array of length \d+/);
  });
});
