// checkEnv on a small correct env, then on copies of it with one deliberate bug each: every bug
// must make checkEnv throw an EnvCheckError that names the broken property.

import { describe, expect, it } from 'vitest';
import type { Rng, RngState } from '../../lib/random/index.js';
import { deriveStream, fromState, normal, uniform } from '../../lib/random/index.js';
import { Box, EnvCheckError, checkEnv } from '../../lib/rl/index.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../../lib/rl/index.js';

type Bug =
  | 'none'
  | 'global-counter'
  | 'obs-out-of-space'
  | 'no-action-validation'
  | 'mutates-before-validating'
  | 'state-without-rng'
  | 'ignores-seed'
  | 'state-not-json'
  | 'truncation-off-by-one'
  | 'nan-reward'
  | 'step-before-reset';

let globalCounter = 0; // the kind of hidden global state checkEnv must catch

interface WalkState {
  readonly pos: number;
  readonly steps: number;
  readonly running: boolean;
  readonly rng?: RngState;
  readonly extra?: unknown;
}

/** 1-D noisy walk: pos ← pos + a + 0.1·N(0, 1); reward −|pos|; terminates at |pos| > 3; 10 steps. */
class Walk implements Env<Float64Array, Float64Array, WalkState> {
  readonly id = 'Walk';
  readonly observationSpace = new Box({ low: [-10], high: [10] });
  readonly actionSpace = new Box({ low: [-1], high: [1] });
  readonly maxEpisodeSteps = 10;
  private rng: Rng = deriveStream(0, 'env', 'Walk');
  private pos = 0;
  private steps = 0;
  private running = false;

  constructor(private readonly bug: Bug = 'none') {}

  reset(opts: ResetOptions<Readonly<Record<string, unknown>>> = {}): ResetResult<Float64Array> {
    if (opts.seed !== undefined && this.bug !== 'ignores-seed') this.rng = deriveStream(opts.seed, 'env', 'Walk');
    this.pos = uniform(this.rng, -1, 1);
    this.steps = 0;
    this.running = true;
    return { obs: Float64Array.of(this.pos), info: {} };
  }

  step(action: Float64Array): StepResult<Float64Array> {
    if (!this.running && this.bug !== 'step-before-reset') throw new Error('Walk: call reset() first');
    if (this.bug === 'mutates-before-validating') this.steps += 1;
    if (this.bug !== 'no-action-validation') this.actionSpace.validate(action, 'action');
    if (this.bug !== 'mutates-before-validating') this.steps += 1;
    this.pos += (action[0] ?? 0) + 0.1 * normal(this.rng);
    if (this.bug === 'global-counter') this.pos += 1e-6 * globalCounter++;
    const terminated = Math.abs(this.pos) > 3;
    const limit = this.bug === 'truncation-off-by-one' ? this.maxEpisodeSteps + 1 : this.maxEpisodeSteps;
    const truncated = this.steps >= limit;
    if (terminated || truncated) this.running = false;
    const obs = Float64Array.of(this.bug === 'obs-out-of-space' && this.steps === 4 ? 11 : this.pos);
    const reward = this.bug === 'nan-reward' && this.steps === 2 ? NaN : -Math.abs(this.pos);
    return { obs, reward, terminated, truncated, info: { pos: this.pos } };
  }

  getState(): WalkState {
    const base = { pos: this.pos, steps: this.steps, running: this.running };
    if (this.bug === 'state-without-rng') return base;
    if (this.bug === 'state-not-json') return { ...base, rng: this.rng.getState(), extra: new Float64Array(2) };
    return { ...base, rng: this.rng.getState() };
  }

  setState(s: WalkState): void {
    this.pos = s.pos;
    this.steps = s.steps;
    this.running = s.running;
    if (s.rng !== undefined) this.rng = fromState(s.rng);
  }
}

function failureOf(bug: Bug): string {
  try {
    checkEnv(() => new Walk(bug), { steps: 60 });
  } catch (e) {
    expect(e).toBeInstanceOf(EnvCheckError);
    return (e as Error).message;
  }
  throw new Error(`checkEnv accepted the bug '${bug}'`);
}

describe('checkEnv', () => {
  it('passes a correct env and reports what it exercised', () => {
    const report = checkEnv(() => new Walk(), { steps: 60 });
    expect(report.id).toBe('Walk');
    expect(report.steps).toBe(60);
    expect(report.episodes).toBeGreaterThan(1); // 10-step episodes ⇒ at least 6 episodes in 60 steps
    const messages = report.rejectedActions.map((r) => r.message);
    expect(messages).toContain('action[0] = 2 is above high[0] = 1');
    expect(messages).toContain('action[0] is NaN');
    expect(report.rejectedActions.length).toBe(7);
  });

  it.each([
    ['global-counter', 'two envs from makeEnv, reset with seed 123 and given the same actions, differ at step 0: obs[0]'],
    ['obs-out-of-space', 'the observation returned by step 3 is outside observationSpace: observation[0] = 11 is above high[0] = 10'],
    ['no-action-validation', 'step() accepted an invalid action (action[0] above high[0] = 1)'],
    ['mutates-before-validating', 'changed the env state before throwing'],
    ['state-without-rng', 'setState(getState()) on a fresh env (snapshot after 30 steps) did not reproduce the continuation'],
    ['ignores-seed', 're-seeding the same env with reset({ seed: 123 }) did not reproduce its first run'],
    ['state-not-json', 'getState() is not plain JSON: state.extra is a Float64Array'],
    ['truncation-off-by-one', 'returned truncated = false but maxEpisodeSteps = 10'],
    ['nan-reward', 'step 1 returned reward NaN; rewards must be finite numbers'],
    ['step-before-reset', 'step() before reset() did not throw'],
  ] as const)('throws on the bug %s', (bug, message) => {
    expect(failureOf(bug)).toContain(message);
  });

  it('messages start with the env id', () => {
    expect(failureOf('nan-reward').startsWith('checkEnv(Walk): ')).toBe(true);
  });

  it('validates its own options', () => {
    expect(() => checkEnv(() => new Walk(), { steps: 1 })).toThrow('checkEnv: steps must be an integer in [2, 1000000], got 1');
    expect(() => checkEnv(() => new Walk(), { seeds: 3 } as never)).toThrow('unknown config field "seeds"');
  });
});
