// `mecrl run` writes a portable policy file (`policy.json`, lib/rl/policyFile.ts) beside `policy/`
// for every job with a learned policy: small-cell's learners and the classic DDPG/TD3/DQN tasks.
// The file loads, names the agents, and carries exactly the trained actors' weights.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jobDir, runJobWithFiles } from '../../cli/job.js';
import { readCheckpoint } from '../../cli/fs/checkpointFiles.js';
import { EXPERIMENTS } from '../../experiments/index.js';
import { loadPolicy } from '../../lib/rl/index.js';
import { SmallCellEnv } from '../../lib/env/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'mecrl-policyjson-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(experiment: string, method: string, config: Record<string, unknown> = {}): string {
  const exp = EXPERIMENTS[experiment]!;
  const cfg = exp.resolveConfig({ ...(exp.presets['smoke']!.config as Record<string, unknown>), ...config });
  const runDir = join(tmp, `${experiment}-${method}`);
  expect(runJobWithFiles({ experiment, config: cfg, method, seed: 1, runDir, checkpointEvery: 0, resume: false }, () => undefined, () => false)).toBe('done');
  return jobDir(runDir, method, 1);
}

describe('policy.json per job', () => {
  it('small-cell (F-DRL and MA-DRL): one actor per SBS, the trained weights, actions in [0, 1]', () => {
    for (const method of ['ma-drl', 'f-drl']) {
      const dir = run('small-cell', method);
      expect(existsSync(join(dir, 'policy'))).toBe(true);
      const p = loadPolicy(readFileSync(join(dir, 'policy.json'), 'utf8'));
      expect(p.actorIds).toEqual(['sbs_0', 'sbs_1']);
      expect(p.metadata['method']).toBe(method);
      const saved = readCheckpoint(join(dir, 'policy')).state as { actors: Float64Array[] };
      p.spec.actors.forEach((a, m) => expect(Array.from(a.network.weights)).toEqual(Array.from(saved.actors[m]!)));
      const env = new SmallCellEnv(p.metadata['envConfig'] as never);
      const { obs } = env.reset({ seed: 5 });
      const act = p.act(obs['sbs_1']!, 'sbs_1') as Float64Array;
      expect(act.length).toBe(env.dims.actDim);
      expect(act.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(() => env.step({ sbs_0: p.act(obs['sbs_0']!, 'sbs_0') as Float64Array, sbs_1: act })).not.toThrow();
    }
  }, 60_000);
  it('simple-spread (MADDPG and IDDPG): per-agent softmax actors giving [0, 1]^5 probability vectors; random writes none', () => {
    for (const method of ['maddpg', 'iddpg']) {
      const p = loadPolicy(readFileSync(join(run('simple-spread', method), 'policy.json'), 'utf8'));
      expect(p.actorIds).toEqual(['agent_0', 'agent_1', 'agent_2']);
      const a = p.act(new Array(18).fill(0.1), 'agent_2') as Float64Array;
      expect(a.length).toBe(5);
      expect(Math.abs(a.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-12);
    }
    expect(existsSync(join(run('simple-spread', 'random'), 'policy.json'))).toBe(false);
  }, 60_000);
  it('baselines write no policy.json', () => {
    const dir = run('small-cell', 'local');
    expect(existsSync(join(dir, 'policy.json'))).toBe(false);
  }, 30_000);
  it('classic tasks: Pendulum DDPG (bounded torque) and CartPole DQN (an index)', () => {
    const pd = loadPolicy(readFileSync(join(run('pendulum', 'ddpg'), 'policy.json'), 'utf8'));
    const u = pd.act([1, 0, 0]) as Float64Array;
    expect(u.length === 1 && u[0]! >= -2 && u[0]! <= 2).toBe(true);
    const cp = loadPolicy(readFileSync(join(run('cartpole', 'dqn'), 'policy.json'), 'utf8'));
    const a = cp.act([0, 0, 0.01, 0]);
    expect(a).toBeInstanceOf(Int32Array);
    expect([0, 1]).toContain(a[0]);
  }, 60_000);
});
