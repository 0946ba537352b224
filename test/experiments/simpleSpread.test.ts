// The simple-spread validation experiment (experiments/classic/simpleSpread.ts): smoke jobs of every
// method with finite metrics, determinism, resume through an in-memory JobContext equal to an
// uninterrupted job, `evaluatePolicy` reproducing the job's evaluation, the checkpoint floor, the
// claims' rules on synthetic numbers, config errors and the registration.

import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../../experiments/index.js';
import { GATE_MARGIN, simpleSpreadExperiment as exp, type SimpleSpreadTaskConfig } from '../../experiments/classic/simpleSpread.js';
import type { JobContext, JobResult, MetricRow, PerSeedMetrics } from '../../experiments/types.js';
import { joinState, splitState, type JsonValue, type StateValue } from '../../lib/rl/checkpoint.js';

const smoke = (extra: Record<string, unknown> = {}): SimpleSpreadTaskConfig => exp.resolveConfig({ ...exp.presets['smoke']!.config, ...extra });

/** A state copied as the runner's checkpoint files would hold it (arrays copied out of live storage). */
function snapshot(state: StateValue): { manifest: JsonValue; arrays: Map<string, Float64Array> } {
  const { manifest, arrays } = splitState(state);
  return { manifest: JSON.parse(JSON.stringify(manifest)) as JsonValue, arrays: new Map(arrays.map((a) => [a.name, a.data.slice()])) };
}

interface Run { result: JobResult; rows: MetricRow[]; checkpoints: Array<{ episode: number; rows: number; state: ReturnType<typeof snapshot> }> }

function run(c: SimpleSpreadTaskConfig, method: string, seed: number, opts: { checkpointEvery?: number; stopAfter?: number; resumeFrom?: Run['checkpoints'][number]; rows?: MetricRow[] } = {}): Run {
  const rows: MetricRow[] = opts.rows?.slice() ?? [];
  const checkpoints: Run['checkpoints'] = [];
  let episodes = 0;
  const ctx: JobContext = {
    emit: (r) => { rows.push(r); },
    progress: (p) => { episodes = p.episode; },
    resumeFrom: opts.resumeFrom === undefined ? null : joinState(opts.resumeFrom.state.manifest, opts.resumeFrom.state.arrays),
    checkpointEvery: opts.checkpointEvery ?? 0,
    saveCheckpoint: (state, episode) => { checkpoints.push({ episode, rows: rows.length, state: snapshot(state) }); },
    shouldStop: () => opts.stopAfter !== undefined && episodes >= opts.stopAfter,
  };
  return { result: exp.runJob(c, method, seed, ctx), rows, checkpoints };
}

const policyJson = (r: JobResult): unknown => (r.policy === undefined ? undefined : snapshot(r.policy as StateValue));

describe('simple-spread experiment', () => {
  it('is registered, with methods maddpg / iddpg / random and the quick and smoke presets', () => {
    expect(EXPERIMENTS['simple-spread']).toBe(exp);
    expect(exp.methods.map((m) => m.id)).toEqual(['maddpg', 'iddpg', 'random']);
    expect(Object.keys(exp.presets).sort()).toEqual(['quick', 'smoke']);
    expect(exp.presets['smoke']!.judgeClaims).toBe(false);
    const q = exp.resolveConfig(exp.presets['quick']!.config);
    expect([q.lr, q.gamma, q.tau, q.batchSize, q.maxGradNorm, q.hiddenSizes, q.updateEvery, q.warmupSteps]).toEqual([1e-2, 0.95, 0.01, 1024, 0.5, [64, 64], 100, 25_600]);
  });

  for (const method of ['maddpg', 'iddpg', 'random']) {
    it(`${method}: a smoke job trains 8 episodes of 25 steps and evaluates with finite metrics`, () => {
      const r = run(smoke(), method, 1);
      expect(r.result.interrupted).toBe(false);
      expect(Number.isFinite(r.result.metrics['evalReward'])).toBe(true);
      expect(r.result.metrics['evalReward']!).toBeLessThan(0); // distances and self-collisions only cost
      const train = r.rows.filter((x) => x.phase === 'train'), ev = r.rows.filter((x) => x.phase === 'eval');
      expect(train.map((x) => x.episode)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(train.map((x) => x.values['step'])).toEqual([25, 50, 75, 100, 125, 150, 175, 200]);
      for (const x of train) expect(Number.isFinite(x.values['episodeReward'])).toBe(true);
      expect(ev.length).toBe(2);
      expect((ev[0]!.values['episodeReward']! + ev[1]!.values['episodeReward']!) / 2).toBe(r.result.metrics['evalReward']);
      expect(r.result.policy === undefined).toBe(method === 'random');
    });
  }

  it('the random baseline is reproducible, and its evaluation does not depend on how long it "trained"', () => {
    // Evaluation draws from its own fresh stream on the (seed, 'eval') episodes every method sees.
    expect(run(smoke(), 'random', 2).result.metrics).toEqual(run(smoke(), 'random', 2).result.metrics);
    expect(run(smoke({ episodes: 3 }), 'random', 2).result.metrics['evalReward']).toBe(run(smoke(), 'random', 2).result.metrics['evalReward']);
  });

  it('finalTrainReward is the mean training episode reward over the last finalWindow episodes (the reference\'s reported number)', () => {
    for (const method of ['maddpg', 'random']) {
      const r = run(smoke({ finalWindow: 3 }), method, 2);
      const train = r.rows.filter((x) => x.phase === 'train').map((x) => x.values['episodeReward']!);
      expect(train.length).toBe(8);
      expect(r.result.metrics['finalTrainReward']).toBe((train[5]! + train[6]! + train[7]!) / 3);
      const all = run(smoke(), method, 2); // finalWindow 1000 > 8 episodes: all of them
      expect(all.result.metrics['finalTrainReward']).toBeCloseTo(train.reduce((a, b) => a + b, 0) / 8, 9);
    }
  });

  it('is deterministic: the same (config, method, seed) gives identical rows, metrics and policy', () => {
    for (const method of ['maddpg', 'iddpg']) {
      const a = run(smoke(), method, 3), b = run(smoke(), method, 3);
      expect(b.rows).toEqual(a.rows);
      expect(b.result.metrics).toEqual(a.result.metrics);
      expect(policyJson(b.result)).toEqual(policyJson(a.result));
    }
    expect(run(smoke(), 'maddpg', 4).result.metrics).not.toEqual(run(smoke(), 'maddpg', 3).result.metrics);
  });

  for (const method of ['maddpg', 'iddpg', 'random']) {
    it(`${method}: interrupted after 3 episodes (checkpoint), resumed from it in memory = uninterrupted`, () => {
      const c = smoke();
      const full = run(c, method, 5);
      const first = run(c, method, 5, { checkpointEvery: 0, stopAfter: 3 });
      expect(first.result.interrupted).toBe(true);
      expect(first.checkpoints.map((k) => k.episode)).toEqual([3]);
      const ck = first.checkpoints[0]!;
      const second = run(c, method, 5, { resumeFrom: ck, rows: first.rows.slice(0, ck.rows) });
      expect(second.result.interrupted).toBe(false);
      expect(second.rows).toEqual(full.rows);
      expect(second.result.metrics).toEqual(full.result.metrics);
      expect(policyJson(second.result)).toEqual(policyJson(full.result));
    });
  }

  it('checkpoints every max(--checkpoint-every, minCheckpointEvery) episodes (checkpoints hold the replay buffer)', () => {
    expect(run(smoke({ minCheckpointEvery: 3 }), 'maddpg', 1, { checkpointEvery: 1 }).checkpoints.map((k) => k.episode)).toEqual([3, 6]);
    expect(run(smoke({ minCheckpointEvery: 1 }), 'maddpg', 1, { checkpointEvery: 2 }).checkpoints.map((k) => k.episode)).toEqual([2, 4, 6]);
    expect(run(smoke(), 'maddpg', 1, { checkpointEvery: 0 }).checkpoints).toEqual([]);
  });

  it('evaluatePolicy (mecrl eval) reproduces the job\'s evaluation from the saved policy', () => {
    const c = smoke();
    for (const method of ['maddpg', 'iddpg', 'random']) {
      const r = run(c, method, 6);
      const rows: MetricRow[] = [];
      const m = exp.evaluatePolicy!(c, method, 6, r.result.policy, c.evalEpisodes, (x) => rows.push(x));
      expect(m).toEqual({ evalReward: r.result.metrics['evalReward'] }); // the training window is not re-creatable from a policy
      expect(rows).toEqual(r.rows.filter((x) => x.phase === 'eval'));
    }
    expect(() => exp.evaluatePolicy!(c, 'maddpg', 6, undefined, 1, () => undefined)).toThrow(/no saved policy/);
  });

  it('judges the gate (MADDPG ≥ random + 20%·|random|) and the seed-paired MADDPG > IDDPG report', () => {
    const [gate, train, report] = exp.claims;
    expect(exp.claims.map((c) => c.id)).toEqual(['maddpg-beats-random', 'maddpg-beats-random-train', 'maddpg-beats-iddpg']);
    expect([train!.gate, train!.metric, train!.op, train!.threshold]).toEqual([undefined, 'finalTrainReward', '>=', GATE_MARGIN]);
    const t = train!.judge({ maddpg: { finalTrainReward: [-380, -390, -400] }, random: { finalTrainReward: [-490, -500, -510] } }, [1, 2, 3]);
    expect([t.holds, Number(t.value!.toFixed(12))]).toEqual([true, 0.22]);
    expect(t.evidence).toMatch(/report only >= 0\.2/);
    expect([gate!.gate, gate!.op, gate!.threshold]).toEqual([true, '>=', GATE_MARGIN]);
    expect(report!.gate).toBeUndefined();
    const m = (maddpg: number[], iddpg: number[], random: number[]): PerSeedMetrics => ({ maddpg: { evalReward: maddpg }, iddpg: { evalReward: iddpg }, random: { evalReward: random } });
    // random mean −500 → threshold −400; MADDPG mean −390 passes, −410 fails.
    const pass = gate!.judge(m([-380, -390, -400], [-450, -460, -470], [-490, -500, -510]), [1, 2, 3]);
    expect(pass.holds).toBe(true);
    expect(pass.value).toBeCloseTo(0.22, 12);
    expect(pass.perSeed!.map((x) => Number(x.toFixed(12)))).toEqual([0.24, 0.22, 0.2]);
    expect(pass.evidence).toMatch(/MADDPG final mean episode reward -390\.0 .* random -500\.0 .* threshold random \+ 20%·\|random\| = -400\.0/);
    expect(gate!.judge(m([-400, -410, -420], [-1, -1, -1], [-490, -500, -510]), [1, 2, 3]).holds).toBe(false);
    expect(gate!.judge({ maddpg: { evalReward: [-1] } }, [1]).holds).toBeNull();
    // Report: paired differences 70, 70, 70 → interval above 0; mixed signs → undecided; below → fails.
    expect(report!.judge(m([-380, -390, -400], [-450, -460, -470], [0, 0, 0]), [1, 2, 3]).holds).toBe(true);
    expect(report!.judge(m([-380, -390, -400], [-370, -460, -300], [0, 0, 0]), [1, 2, 3]).holds).toBeNull();
    expect(report!.judge(m([-480, -490, -500], [-450, -460, -470], [0, 0, 0]), [1, 2, 3]).holds).toBe(false);
  });

  it('rejects bad configs with the field named', () => {
    expect(() => exp.resolveConfig({ episodez: 3 })).toThrow(/unknown config key 'episodez'/);
    expect(() => exp.resolveConfig({ episodes: 0 })).toThrow(/episodes must be an integer/);
    expect(() => exp.resolveConfig({ lr: -1 })).toThrow(/lr must be a finite number/);
    expect(() => exp.resolveConfig({ hiddenSizes: [64, 0] })).toThrow(/hiddenSizes\[1\]/);
    expect(() => run(smoke(), 'maddpg-2', 1)).toThrow(/unknown method 'maddpg-2'/);
  });
});
