// Every example runs (tiny budgets): the custom env passes checkEnv, hand-written REINFORCE learns
// CartPole a little and is deterministic, and the zero-dependency reader of a small-cell policy.json
// gives mecrl's own actions.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main as customEnvMain, TinyOffloadEnv } from '../examples/custom-env.js';
import { reinforce } from '../examples/reinforce-cartpole.js';
import { main as zeroDepsMain, readPolicy } from '../examples/policy-zero-deps.js';
import { jobDir, runJobWithFiles } from '../cli/job.js';
import { EXPERIMENTS } from '../experiments/index.js';
import { loadPolicy } from '../lib/rl/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'mecrl-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quiet = () => vi.spyOn(console, 'log').mockImplementation(() => undefined);

describe('examples', () => {
  it('custom-env: the env passes checkEnv and rejects an out-of-range α', () => {
    const log = quiet();
    const r = customEnvMain(100);
    log.mockRestore();
    expect(r.report.id).toBe('tiny-offload');
    expect(r.report.rejectedActions.map((x) => x.message)).toContain('action[0] = 2 is above high[0] = 1');
    expect(Number.isFinite(r.local) && Number.isFinite(r.offload)).toBe(true);
    const env = new TinyOffloadEnv();
    expect(() => env.observe()).toThrow('call reset() or setState() first');
  });

  it('reinforce-cartpole: deterministic, and 100 episodes improve on the first 20', () => {
    const a = reinforce({ episodes: 100, seed: 1 });
    expect(reinforce({ episodes: 30, seed: 1 })).toEqual(a.slice(0, 30));
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    expect(mean(a.slice(80))).toBeGreaterThan(1.5 * mean(a.slice(0, 20)));
  }, 30_000);

  it('policy-zero-deps: reads a small-cell policy.json and acts as mecrl does', () => {
    const exp = EXPERIMENTS['small-cell']!;
    const config = exp.resolveConfig(exp.presets['smoke']!.config as Record<string, unknown>);
    expect(runJobWithFiles({ experiment: 'small-cell', config, method: 'il-drl', seed: 2, runDir: tmp, checkpointEvery: 0, resume: false }, () => undefined, () => false)).toBe('done');
    const file = join(jobDir(tmp, 'il-drl', 2), 'policy.json');
    const log = quiet();
    const printed = zeroDepsMain(file);
    log.mockRestore();
    expect(Object.keys(printed)).toEqual(['sbs_0', 'sbs_1']);
    const text = readFileSync(file, 'utf8');
    const mine = readPolicy(text), theirs = loadPolicy(text);
    for (const id of mine.ids) {
      const obs = Array.from({ length: theirs.obsDim(id) }, (_, i) => Math.cos(i));
      const a = mine.act(obs, id), b = Array.from(theirs.act(obs, id));
      expect(a.length).toBe(b.length);
      a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-12));
    }
    // a corrupted file is refused by the CRC-32 check
    const doc = JSON.parse(text);
    const d: string = doc.actors[0].network.weights.data;
    doc.actors[0].network.weights.data = (d[0] === 'A' ? 'B' : 'A') + d.slice(1);
    expect(() => readPolicy(JSON.stringify(doc))).toThrow('sbs_0: weights fail their CRC-32');
  }, 30_000);
});
