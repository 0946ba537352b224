// Fast variant of the NaN-tracing check (reliability/nanTracing.ts), and the job runner's side of
// non-finite training (cli/job.ts): with --debug-numerics the job stops at the first op that
// receives an injected NaN, naming op, shapes, forward/backward and network; without it the job
// stops with one line naming experiment, method, seed and episode (a non-finite loss, action or
// checkpoint state); a non-finite checkpoint is never written and --resume continues from the last
// finite one, ending bit-identical to a run that never went non-finite.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nanTracing } from '../../reliability/nanTracing.js';
import { EXPERIMENTS } from '../../experiments/index.js';
import type { Experiment, JobContext } from '../../experiments/types.js';
import { trainLoop } from '../../experiments/common/trainLoop.js';
import { NonFiniteError, jobDir, runJobWithFiles, type JobSpec } from '../../cli/job.js';
import { parseCliArgs, runOptionsFrom } from '../../cli/run.js';
import { pendulum } from '../../lib/env/classic/index.js';
import { deriveStream } from '../../lib/random/index.js';
import { Ddpg } from '../../lib/rl/ddpg.js';
import { actorCriticLearner } from '../../lib/rl/learners.js';
import { OffPolicyTrainer } from '../../lib/rl/offPolicy.js';
import type { Box } from '../../lib/rl/spaces.js';
import { getNumericsCheck } from '../../lib/tensor/index.js';

const root = mkdtempSync(join(tmpdir(), 'mecrl-nan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('NaN tracing (fast)', () => {
  it('each of DDPG, TD3, DQN × observation, reset observation, reward, stored reward, weight: reported at the first receiving op; tracer changes no bits', () => {
    const r = nanTracing(15);
    expect(r.examples).toEqual([]);
    expect(r.failures).toBe(0);
    expect(r.trials).toBe(18);
  });
});

/** What the stand-in job injects after an episode (then never again). */
let inject: { episode: number; network: 'actor' | 'critic' } | null = null;

// A small DDPG-on-Pendulum job that can poison one weight after a given episode.
const nanPendulum = {
  ...EXPERIMENTS['pendulum']!,
  name: 'nan-pendulum',
  resolveConfig: (c: unknown) => c,
  runJob(_c: unknown, method: string, seed: number, ctx: JobContext) {
    const env = pendulum({ maxEpisodeSteps: 40 });
    const agent = new Ddpg({ obsDim: 3, actionDim: 1, hiddenSizes: [8], finalLayerInit: null, criticWeightDecay: 0 }, deriveStream(seed, 'init'));
    const learner = actorCriticLearner(agent, env.actionSpace as Box, { kind: 'gaussian', std: 0.1 }, deriveStream(seed, 'explore'));
    const trainer = new OffPolicyTrainer(env, learner, { seed, bufferSize: 1000, batchSize: 16, warmupSteps: 40, updateEvery: 10, gradientSteps: 2 });
    const interrupted = trainLoop(trainer, ctx, {
      maxEpisodes: 6, progressTotal: 6,
      afterEpisode: (e) => {
        if (inject === null || inject.episode !== e) return;
        (inject.network === 'actor' ? agent.actor : agent.critic).flat.data[0] = Number.NaN;
        inject = null;
      },
    });
    if (interrupted) return { method, seed, metrics: {}, interrupted: true };
    const w = agent.actor.flat.data;
    return { method, seed, metrics: { w0: w[0]!, wLast: w[w.length - 1]! }, interrupted: false, policy: learner.getState() };
  },
} as unknown as Experiment<unknown>;

describe('non-finite training in a job', () => {
  const registry = EXPERIMENTS as Record<string, Experiment<unknown>>;
  beforeAll(() => { registry['nan-pendulum'] = nanPendulum; });
  afterAll(() => { delete registry['nan-pendulum']; });
  afterEach(() => { inject = null; });
  const spec = (dir: string, extra: Partial<JobSpec> = {}): JobSpec => ({ experiment: 'nan-pendulum', config: {}, method: 'ddpg', seed: 1, runDir: join(root, dir), checkpointEvery: 0, resume: false, ...extra });
  const run = (s: JobSpec): unknown => { try { return runJobWithFiles(s, () => undefined, () => false); } catch (e) { return e; } };
  const result = (s: JobSpec): unknown => JSON.parse(readFileSync(join(jobDir(s.runDir, s.method, s.seed), 'result.json'), 'utf8')).metrics;

  it('--debug-numerics: stops at the first op that receives the NaN weight, naming op, shapes and network; the tracer is off again after', () => {
    inject = { episode: 2, network: 'critic' };
    const e = run(spec('debug', { debugNumerics: true }));
    expect(e).toBeInstanceOf(NonFiniteError);
    expect((e as Error).message).toBe("nan-pendulum ddpg seed 1: --debug-numerics after episode 2: non-finite value NaN received by 'linear:relu' (forward) in critic.layers.0: input 1 'critic.layers.0.weight' [4,8] at flat index 0 (inputs [16,4], [4,8], [8]; output [16,8]) (no checkpoint was written: rerun from the start once the cause is fixed)");
    expect(getNumericsCheck()).toBeNull();
  });

  it('without the flag: a non-finite critic loss stops the job naming job, episode, update and loss', () => {
    inject = { episode: 2, network: 'critic' };
    const e = run(spec('loss'));
    expect(e).toBeInstanceOf(NonFiniteError);
    expect((e as Error).message).toMatch(/^nan-pendulum ddpg seed 1: training went non-finite after episode 2: updateRound: update \d+ \(env step \d+\) has a non-finite loss, criticLoss = NaN \(no checkpoint was written: rerun from the start once the cause is fixed\)$/);
  });

  it('without the flag: a NaN actor stops at its first action, before the env sees it', () => {
    inject = { episode: 3, network: 'actor' };
    const e = run(spec('action'));
    expect((e as Error).message).toBe("nan-pendulum ddpg seed 1: training went non-finite after episode 3: toEnvAction: the network action u[0] must be a finite number, got NaN (the actor's output went non-finite) (no checkpoint was written: rerun from the start once the cause is fixed)");
  });

  it('a non-finite state is never checkpointed; --resume continues from the last finite checkpoint and ends bit-identical to a clean run', () => {
    const clean = spec('clean', { checkpointEvery: 1 });
    expect(run(clean)).toBe('done');
    inject = { episode: 3, network: 'actor' };
    const s = spec('resume', { checkpointEvery: 1 });
    const e = run(s);
    expect(e).toBeInstanceOf(NonFiniteError);
    expect((e as Error).message).toMatch(/^nan-pendulum ddpg seed 1: training went non-finite by episode 3 \(trainer\.learner\.agent\.actor\[0\] = NaN in its state\); the checkpoint was not written \(the last finite checkpoint is from episode 2: --resume continues from it\)$/);
    expect(inject).toBeNull(); // the cause is gone (a transient fault); resume
    expect(run({ ...s, resume: true })).toBe('done');
    expect(result(s)).toEqual(result(clean));
  });

  it('the tracer changes no number: a real pendulum smoke job with --debug-numerics ends bit-identical', () => {
    const exp = EXPERIMENTS['pendulum']!;
    const config = exp.resolveConfig(exp.presets['smoke']!.config);
    const a = { ...spec('smoke-off'), experiment: 'pendulum', config }, b = { ...a, runDir: join(root, 'smoke-on'), debugNumerics: true };
    expect(run(a)).toBe('done');
    expect(run(b)).toBe('done');
    const strip = (s: JobSpec): string => readFileSync(join(jobDir(s.runDir, 'ddpg', 1), 'policy.json'), 'utf8');
    expect(strip(b)).toBe(strip(a));
    expect(result(b)).toEqual(result(a));
  });

  it('mecrl run --debug-numerics sets the job flag', () => {
    expect(runOptionsFrom(parseCliArgs('run', ['pendulum', '--debug-numerics']).values, 'pendulum', 'mecrl run pendulum').debugNumerics).toBe(true);
    expect(runOptionsFrom(parseCliArgs('run', ['pendulum']).values, 'pendulum', 'mecrl run pendulum').debugNumerics).toBe(false);
  });
});
