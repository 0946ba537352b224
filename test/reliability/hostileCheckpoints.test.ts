// Fast variant of the hostile-checkpoint check of `npm run check:reliability`
// (reliability/hostileCheckpoints.ts): one damaged checkpoint per kind of damage, each resumed and
// each rejected with a CheckpointError; plus the undamaged copy loads (so a rejection means something).

import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jobDir, runJobWithFiles } from '../../cli/job.js';
import { joinState } from '../../lib/rl/checkpoint.js';
import { MUTATION_NAMES, hostileTrialMessage, makeGolden } from '../../reliability/hostileCheckpoints.js';

const g = makeGolden();
afterAll(() => rmSync(g.root, { recursive: true, force: true }));

describe('hostile checkpoints (fast)', () => {
  it('the undamaged checkpoint resumes', () => {
    const runDir = join(g.root, 'undamaged');
    cpSync(g.jobs['ddpg']!, jobDir(runDir, 'ddpg', 1), { recursive: true });
    expect(runJobWithFiles({ experiment: 'pendulum', config: g.config, method: 'ddpg', seed: 1, runDir, checkpointEvery: 1, resume: true }, () => undefined, () => true)).toBe('interrupted');
  });
  it.each(MUTATION_NAMES.map((n, i) => [n, i] as const))('%s: rejected with a CheckpointError', (name, i) => {
    for (const u of [0.13, 0.71]) {
      const r = hostileTrialMessage(g, i * 2 + (u > 0.5 ? 1 : 0), name, u);
      expect(r.ok, r.message).toBe(true);
      expect(r.message).toMatch(/^checkpoint \//);
    }
  });
  it("joinState rejects a '__proto__' key and an array used twice (regressions)", () => {
    const a = new Map([['w', new Float64Array(2)]]);
    expect(() => joinState(JSON.parse('{"__proto__": {"x": 1}}'), a)).toThrow(/key '__proto__' at root is not allowed/);
    expect(() => joinState({ p: { $f64: 'w', length: 2 }, q: { $f64: 'w', length: 2 } }, a)).toThrow(/array 'w' is used twice/);
  });
});
