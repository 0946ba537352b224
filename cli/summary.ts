// From finished jobs to summary.json and metrics.jsonl (Node-only, deterministic): rows sorted by
// (method order, seed, phase, episode) whatever the worker count; per-method per-metric
// statistics over seeds; claims judged by the experiment's rules.

import type { ClaimInfo, ClaimResult, ClaimRule, Experiment, MetricRow, PerSeedMetrics } from '../experiments/types.js';
import { describe } from '../experiments/stats.js';
import { jobDir, readResult, readRows, rowToJson } from './job.js';
import { join } from 'node:path';

export interface RunInfo {
  readonly experiment: string;
  readonly preset: string;
  readonly seeds: readonly number[];
  readonly methods: readonly string[];
  readonly judgeClaims: boolean;
}

/** A judged claim in summary.json: what it states, its rule (with margin/range/bound/threshold) and verdict. */
export interface ClaimRecord {
  id: string; text: string; metric: string; rule?: ClaimRule; margin?: number; range?: readonly [number, number]; bound?: { side: 'below' | 'above'; value: number };
  gate: boolean; holds: boolean | null; evidence: string; op?: string; threshold?: number; value?: number; perSeed?: readonly number[];
}

export interface Summary {
  readonly experiment: string;
  readonly preset: string;
  readonly seeds: readonly number[];
  readonly methods: Record<string, Record<string, ReturnType<typeof describe>>>;
  readonly claims: ClaimRecord[];
  readonly wallSeconds: number;
  readonly versions: Record<string, string>;
}

export function sortRows(rows: MetricRow[], methods: readonly string[]): MetricRow[] {
  const order = new Map(methods.map((m, i) => [m, i]));
  return [...rows].sort((a, b) =>
    (order.get(a.method)! - order.get(b.method)!) || (a.seed - b.seed) || ((a.phase === 'train' ? 0 : 1) - (b.phase === 'train' ? 0 : 1)) || (a.episode - b.episode));
}

/** Reads every job of a run: its rows and reduced metrics (per method → metric → per seed). */
export function collect(runDir: string, info: RunInfo): { rows: MetricRow[]; perSeed: PerSeedMetrics; wallSeconds: number; missing: string[] } {
  const rows: MetricRow[] = [];
  const perSeed: Record<string, Record<string, number[]>> = {};
  const missing: string[] = [];
  let wall = 0;
  for (const m of info.methods) {
    perSeed[m] = {};
    for (const seed of info.seeds) {
      const dir = jobDir(runDir, m, seed);
      const r = readResult(dir);
      if (r === null) { missing.push(`${m} seed ${seed}`); continue; }
      wall += r.wallSeconds;
      rows.push(...readRows(join(dir, 'rows.jsonl')));
      for (const [k, v] of Object.entries(r.metrics)) (perSeed[m]![k] ??= []).push(v);
    }
  }
  return { rows: sortRows(rows, info.methods), perSeed, wallSeconds: wall, missing };
}

export function metricsJsonl(rows: readonly MetricRow[]): string {
  return rows.map((r) => rowToJson(r) + '\n').join('');
}

export function summarize(exp: Experiment<unknown>, info: RunInfo, perSeed: PerSeedMetrics, wallSeconds: number, versions: Record<string, string>): Summary {
  const methods: Summary['methods'] = {};
  for (const m of info.methods) {
    methods[m] = {};
    for (const k of Object.keys(perSeed[m] ?? {}).sort()) methods[m]![k] = describe(perSeed[m]![k]!);
  }
  const claims = exp.claims.map((c) => {
    let r: ClaimResult;
    if (!info.judgeClaims) r = { holds: null, evidence: `not judged: the '${info.preset}' preset is too small to judge this claim` };
    else {
      try { r = c.judge(perSeed, info.seeds); } catch (e) { r = { holds: null, evidence: `could not be judged: ${(e as Error).message}` }; }
    }
    return claimRecord(c, r);
  });
  return { experiment: exp.name, preset: info.preset, seeds: info.seeds, methods, claims, wallSeconds, versions };
}

/** The summary.json record of a judged claim (single run or sweep). */
export function claimRecord(c: ClaimInfo, r: ClaimResult): ClaimRecord {
  return {
    id: c.id, text: c.text, metric: c.metric, rule: c.rule,
    ...(c.margin !== undefined ? { margin: c.margin } : {}), ...(c.range !== undefined ? { range: c.range } : {}), ...(c.bound !== undefined ? { bound: c.bound } : {}),
    gate: c.gate === true, holds: r.holds, evidence: r.evidence,
    ...(c.op !== undefined ? { op: c.op, threshold: c.threshold } : {}), ...(r.value !== undefined ? { value: r.value, perSeed: r.perSeed } : {}),
  };
}
