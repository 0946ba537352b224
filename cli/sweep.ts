// The summary of a sweep run (Node-only): one folder per swept value (each a complete run with its
// own REPORT.md) plus, at the sweep folder, index.json, summary.json, plots/ and REPORT.md across
// the values — every bar/sweep figure with the swept value on the x-axis (one line per method, mean
// and 95% band), the sweep claims (`Preset.sweep.claims`) judged on every value's per-seed metrics,
// and the per-seed values of the headline metrics at each value.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from '../experiments/stats.js';
import type { ClaimResult, Experiment, Preset, SweepPoint } from '../experiments/types.js';
import { writeReportFiles } from './fs/atomic.js';
import { stringify } from './jsonl.js';
import { renderSweepPlots, type PendingFiles } from './plots.js';
import { claimsSection, headlineMetrics, num, perSeedSection } from './report.js';
import { claimRecord, collect, type ClaimRecord, type RunInfo, type Summary } from './summary.js';

/** One value of a sweep: where its run folder is (relative to the sweep folder) and how it exited. */
export interface SweepEntry {
  readonly value: unknown;
  readonly dir: string;
  readonly exitCode: number;
}

export interface SweepSummary {
  readonly experiment: string;
  readonly preset: string;
  readonly sweep: string;
  readonly seeds: readonly number[];
  readonly points: Array<{ value: unknown; dir: string; methods: Summary['methods'] }>;
  readonly claims: ClaimRecord[];
  readonly wallSeconds: number;
  readonly versions: Record<string, string>;
}

/** Reads a sweep folder's index.json (null when the folder is not a sweep). */
export function readSweepIndex(dir: string): { experiment: string; preset: string; sweep: string; runs: SweepEntry[] } | null {
  const f = join(dir, 'index.json');
  if (!existsSync(f)) return null;
  return JSON.parse(readFileSync(f, 'utf8')) as { experiment: string; preset: string; sweep: string; runs: SweepEntry[] };
}

/** Judges the sweep claims and writes summary.json, plots and REPORT.md at the sweep folder. */
export async function finishSweep(exp: Experiment<unknown>, preset: Preset, info: RunInfo, out: string, entries: readonly SweepEntry[], command: string, versions: Record<string, string>): Promise<SweepSummary> {
  const sweep = preset.sweep!;
  const points: SweepPoint[] = [];
  const described: SweepSummary['points'] = [];
  let wall = 0;
  for (const e of entries) {
    const { perSeed, wallSeconds, missing } = collect(join(out, e.dir), info);
    if (missing.length > 0) throw new Error(`${join(out, e.dir)}: jobs not finished: ${missing.join(', ')} (continue with --resume)`);
    wall += wallSeconds;
    points.push({ value: e.value, perSeed });
    const methods: Summary['methods'] = {};
    for (const m of info.methods) {
      methods[m] = {};
      for (const k of Object.keys(perSeed[m] ?? {}).sort()) methods[m]![k] = describe(perSeed[m]![k]!);
    }
    described.push({ value: e.value, dir: e.dir, methods });
  }
  const claims = (sweep.claims ?? []).map((c) => {
    let r: ClaimResult;
    if (!info.judgeClaims) r = { holds: null, evidence: `not judged: the '${info.preset}' preset is too small to judge this claim` };
    else {
      try { r = c.judgeSweep(points, info.seeds); } catch (e) { r = { holds: null, evidence: `could not be judged: ${(e as Error).message}` }; }
    }
    return claimRecord(c, r);
  });
  const summary: SweepSummary = { experiment: exp.name, preset: info.preset, sweep: sweep.key, seeds: info.seeds, points: described, claims, wallSeconds: wall, versions };
  // summary, figures and REPORT.md are written together, all or nothing (a full disk leaves the previous ones)
  const files: PendingFiles = [[join(out, 'summary.json'), stringify(summary, 2) + '\n']];
  const plots = await renderSweepPlots(out, exp, sweep.key, described, info.methods, (m) => process.stderr.write(m + '\n'), files);
  files.push([join(out, 'REPORT.md'), sweepReportMarkdown(exp, summary, command, plots, headlineMetrics([...exp.claims, ...(sweep.claims ?? [])]), sweep.section?.(described))]);
  writeReportFiles(out, files);
  for (const c of claims) process.stdout.write(`${c.holds === true ? 'holds    ' : c.holds === false ? 'FAILS    ' : 'undecided'} ${c.id}: ${c.evidence}\n`);
  process.stdout.write(`wrote ${join(out, 'REPORT.md')}\n`);
  return summary;
}

export function sweepReportMarkdown(exp: Experiment<unknown>, s: SweepSummary, command: string, plots: readonly string[], headline: readonly string[], section?: string): string {
  const L: string[] = [];
  L.push(`# ${exp.title} — sweep of \`${s.sweep}\``, '');
  L.push(`Source: ${exp.source}. Preset \`${s.preset}\`, seeds ${s.seeds.join(', ')}, ${s.sweep} ∈ {${s.points.map((p) => JSON.stringify(p.value)).join(', ')}}. Each value is a complete run with its own report: ${s.points.map((p) => `[${JSON.stringify(p.value)}](${encodeURI(p.dir)}/REPORT.md)`).join(', ')}.`, '');
  L.push('```sh', command, '```', '');
  L.push(`Wall time (sum over jobs and values): ${s.wallSeconds.toFixed(1)} s. Versions: ${Object.entries(s.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
  L.push('## Claims across the sweep', '');
  if (s.claims.length === 0) L.push('This sweep has no claims of its own; each value\'s report judges the experiment\'s claims at that value.');
  else L.push(...claimsSection(s.claims));
  const methods = Object.keys(s.points[0]?.methods ?? {});
  L.push('', `## Headline metrics across ${s.sweep} (evaluation, mean ± 95% CI over seeds)`, '');
  L.push(`| metric | method | ${s.points.map((p) => `${s.sweep} = ${JSON.stringify(p.value)}`).join(' | ')} |`, `|---|---|${s.points.map(() => '---').join('|')}|`);
  for (const k of headline) for (const m of methods) {
    if (s.points.every((p) => p.methods[m]?.[k] === undefined)) continue;
    L.push(`| \`${k}\` | ${m} | ${s.points.map((p) => { const d = p.methods[m]?.[k]; return d === undefined ? '—' : `${num(d.mean)} ± ${num((d.ci95[1] - d.ci95[0]) / 2)}`; }).join(' | ')} |`);
  }
  for (const p of s.points) {
    const sec = perSeedSection(headline, p.methods, s.seeds);
    if (sec.length > 0) L.push(...sec.map((l) => (l === '## Per-seed values (headline metrics)' ? `## Per-seed values at ${s.sweep} = ${JSON.stringify(p.value)}` : l)));
  }
  if (section !== undefined) L.push('', section.trimEnd());
  if (plots.length > 0) {
    L.push('', '## Figures', '');
    for (const p of plots) L.push(`![${p}](plots/${p}.svg)`, '');
  }
  return L.join('\n') + '\n';
}
