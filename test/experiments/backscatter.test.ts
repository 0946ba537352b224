// The backscatter experiment (paper 3) on its smoke preset: config validation, every method end to
// end, determinism, checkpoint/resume bit-identity, identical evaluation episodes across methods,
// the ε schedule and the presets.

import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../../experiments/index.js';
import {
  BACKSCATTER_PRESETS,
  METHOD_IDS,
  backscatterExperiment,
  epsilonAt,
  evalEpisodeSeeds,
  makeEnv,
  restoreBackscatterActors,
  resolveBackscatterExperimentConfig,
  type BackscatterExperimentConfig,
} from '../../experiments/backscatter/index.js';
import type { JobContext, JobResult, MetricRow } from '../../experiments/types.js';
import { joinState, splitState, type StateValue } from '../../lib/rl/checkpoint.js';
import { loadPolicy, type DdpgState, type MaddpgState } from '../../lib/rl/index.js';

const SMOKE = resolveBackscatterExperimentConfig(BACKSCATTER_PRESETS['smoke']!.config);

interface Run { rows: MetricRow[]; result: JobResult; saved: Array<{ state: StateValue; episode: number }> }

function run(c: BackscatterExperimentConfig, method: string, seed: number, opts: { stopAfter?: number; resumeFrom?: StateValue } = {}): Run {
  const rows: MetricRow[] = [], saved: Run['saved'] = [], progress: number[] = [];
  const ctx: JobContext = {
    emit: (r) => rows.push(r),
    progress: (p) => progress.push(p.episode),
    resumeFrom: opts.resumeFrom ?? null,
    checkpointEvery: 0,
    saveCheckpoint: (state, episode) => saved.push({ state, episode }),
    shouldStop: () => opts.stopAfter !== undefined && progress.length > 0 && progress[progress.length - 1]! >= opts.stopAfter,
  };
  return { rows, result: backscatterExperiment.runJob(c, method, seed, ctx), saved };
}

function throughDisk(state: StateValue): StateValue {
  const { manifest, arrays } = splitState(state);
  return joinState(JSON.parse(JSON.stringify(manifest)), new Map(arrays.map((a) => [a.name, Float64Array.from(a.data)])));
}

describe('backscatter config', () => {
  it('has the Table I defaults and validates', () => {
    const c = resolveBackscatterExperimentConfig({});
    expect(c.train).toMatchObject({ episodes: 1000, batchSize: 64, bufferSize: 2000, gamma: 0.5, tau: 0.1, lr: 1e-3, hidden: [128, 64], activation: 'sigmoid', criticHidden: [128], criticActivation: 'relu', noiseSigma: 0.1, epsilonStart: 0.5, epsilonEnd: 0.5 });
    expect(c.env.episodeLength).toBe(100);
    expect(() => resolveBackscatterExperimentConfig({ train: { gamma: 2 } })).toThrow(/train\.gamma must be a finite number in \[0, 1\], got 2/);
    expect(() => resolveBackscatterExperimentConfig({ train: { gama: 0.5 } })).toThrow(/unknown config key 'train\.gama'/);
    expect(() => resolveBackscatterExperimentConfig({ env: { physics: { apPower: -1 } } })).toThrow(/physics\.apPower must be a finite number > 0/);
    expect(() => resolveBackscatterExperimentConfig({ env: { seed: 1 } })).toThrow(/unknown config key 'env\.seed'/);
    for (const [name, p] of Object.entries(BACKSCATTER_PRESETS)) expect(() => resolveBackscatterExperimentConfig(p.config), name).not.toThrow();
    expect(EXPERIMENTS['backscatter']).toBe(backscatterExperiment);
  });

  it('ε: constant 0.5 by default; the eps-anneal preset decays linearly to 0.05', () => {
    expect(epsilonAt(SMOKE, 0)).toBe(0.5);
    const a = resolveBackscatterExperimentConfig(BACKSCATTER_PRESETS['eps-anneal']!.config);
    const frames = a.train.episodes * a.env.episodeLength; // 100·50 = 5000; decay over 4000 frames
    expect(epsilonAt(a, 0)).toBe(0.5);
    expect(epsilonAt(a, 2000)).toBeCloseTo(0.275, 12);
    expect(epsilonAt(a, frames)).toBeCloseTo(0.05, 12);
  });
});

describe('backscatter jobs on the smoke preset', () => {
  const runs = new Map<string, Run>(METHOD_IDS.map((m) => [m, run(SMOKE, m, 1)]));

  it('every method runs with finite metrics; learners emit one train row per episode', () => {
    for (const m of METHOD_IDS) {
      const { rows, result } = runs.get(m)!;
      expect(result.interrupted).toBe(false);
      for (const k of ['reward', 'rewardMedian', 'outage', 'outage.0', 'efficiency', 'apEnergy', 'la', 'lb', 'lc', 'ta', 'tb', 'lowEnergyFrac', 'energyLocal']) {
        expect(Number.isFinite(result.metrics[k]), `${m} ${k}`).toBe(true);
      }
      const train = rows.filter((r) => r.phase === 'train');
      expect(train.map((r) => r.episode)).toEqual(m.startsWith('h-maddpg') ? [0, 1, 2] : []);
      expect(rows.filter((r) => r.phase === 'eval').map((r) => r.episode)).toEqual([0, 1]);
    }
    expect(runs.get('active-enabled')!.result.metrics['lb']).toBe(0);
    expect(runs.get('mec-disabled')!.result.metrics['la']).toBe(0);
    expect(Number.isFinite(runs.get('h-maddpg-opt')!.result.metrics['convergenceEpisode.reward'])).toBe(true);
  });

  it('nets have Table I\'s shapes: actors [128, 64], critics one hidden layer of 128 on [s, a] (A11)', () => {
    const c = resolveBackscatterExperimentConfig({ ...BACKSCATTER_PRESETS['smoke']!.config, train: { ...(BACKSCATTER_PRESETS['smoke']!.config['train'] as object), hidden: [128, 64], criticHidden: [128] } });
    const env = makeEnv(c, 'h-maddpg-opt', 1), d = env.dims, N = d.numUsers;
    const mlpParams = (sizes: number[]): number => sizes.slice(1).reduce((n, out, i) => n + out * (sizes[i]! + 1), 0);
    for (const m of ['h-maddpg-opt', 'h-maddpg']) {
      const stopped = run(c, m, 2, { stopAfter: 1 });
      const tr = (stopped.saved[0]!.state as unknown as { trainer: { ap: DdpgState; users: DdpgState[]; maddpg: MaddpgState | null } }).trainer;
      expect(tr.ap.actor.length).toBe(mlpParams([d.apObsDim, 128, 64, d.apActDim]));
      expect(tr.ap.critic.length).toBe(mlpParams([d.apObsDim + d.apActDim, 128, 1]));
      const userCritics = tr.maddpg === null ? tr.users.map((u) => u.critic) : tr.maddpg.agents.map((a) => a.critic);
      const criticIn = tr.maddpg === null ? d.userObsDim + d.userActDim : N * (d.userObsDim + d.userActDim);
      expect(userCritics.map((q) => q.length)).toEqual(new Array(N).fill(mlpParams([criticIn, 128, 1])));
    }
  });

  it('is deterministic', () => {
    const again = run(SMOKE, 'h-maddpg-opt', 1);
    expect(again.result.metrics).toEqual(runs.get('h-maddpg-opt')!.result.metrics);
  });

  it('resumes bit-identically from a checkpoint (through the disk format)', () => {
    for (const m of ['h-maddpg-opt', 'h-maddpg']) {
      const stopped = run(SMOKE, m, 2, { stopAfter: 1 });
      expect(stopped.result.interrupted).toBe(true);
      expect(stopped.saved).toHaveLength(1);
      const resumed = run(SMOKE, m, 2, { resumeFrom: throughDisk(stopped.saved[0]!.state) });
      const full = run(SMOKE, m, 2);
      expect(resumed.result.metrics).toEqual(full.result.metrics);
    }
  });

  it('a saved policy re-evaluates to the job\'s evaluation metrics (mecrl eval)', () => {
    for (const m of ['h-maddpg-opt', 'h-maddpg', 'hybrid-opt']) {
      const { result } = runs.get(m)!;
      const rows: MetricRow[] = [];
      const again = backscatterExperiment.evaluatePolicy!(SMOKE, m, 1, result.policy, SMOKE.eval.episodes, (r) => rows.push(r));
      expect(again).toEqual(result.metrics['convergenceEpisode.reward'] === undefined ? result.metrics : (({ ['convergenceEpisode.reward']: _, ...rest }) => rest)(result.metrics));
      expect(rows).toHaveLength(SMOKE.eval.episodes);
    }
    expect(() => backscatterExperiment.evaluatePolicy!(SMOKE, 'h-maddpg', 1, runs.get('h-maddpg-opt')!.result.policy, 1, () => {})).toThrow(/trained by 'h-maddpg-opt'/);
  });

  it('writes a portable policy whose act is the AP\'s and every user\'s deterministic action bit for bit', () => {
    for (const m of ['h-maddpg-opt', 'h-maddpg'] as const) {
      const { result } = runs.get(m)!;
      const p = loadPolicy(result.portablePolicy!);
      const actors = restoreBackscatterActors(SMOKE, m, 1, result.policy);
      const env = makeEnv(SMOKE, m, 1);
      expect(p.actorIds).toEqual(env.possibleAgents);
      expect(p.metadata['method']).toBe(m);
      env.reset({ seed: 11 });
      for (let t = 0; t < 3; t++) {
        const sAp = env.apObservation();
        const aAp = p.act(sAp, 'ap') as Float64Array;
        expect(Array.from(aAp), `${m} ap frame ${t}`).toEqual(Array.from(actors.ap(sAp)));
        env.setApAction(aAp);
        const users = env.userObservations().map((o, i) => {
          const a = p.act(o, `user_${i}`) as Float64Array;
          expect(Array.from(a), `${m} user_${i} frame ${t}`).toEqual(Array.from(actors.user(i, o)));
          return a;
        });
        env.stepUsers(users); // in [0, 1]: the env (actionBounds 'error') accepts them
      }
    }
    for (const m of ['hybrid-opt', 'active-enabled', 'mec-disabled']) expect(runs.get(m)!.result.portablePolicy).toBeUndefined();
  });

  it('evaluation episodes are the same for every method', () => {
    expect(evalEpisodeSeeds(1, 2)).toEqual(evalEpisodeSeeds(1, 2));
    // the offered workload (decoded plans sum to ℓ_i) is the same for every method: same frames
    const offered = (m: string) => { const v = runs.get(m)!.result.metrics; return v['la']! + v['lb']! + v['lc']!; };
    for (const m of METHOD_IDS) expect(offered(m)).toBeCloseTo(offered('mec-disabled'), 3);
    expect(offered('mec-disabled')).toBeGreaterThan(10);
  });
});
