// REPORT.md of a run: each claim stated, measured (mean ± 95% CI over seeds) and judged; the [R]
// resolutions in force; the exact command; wall time; versions; the plots.

import { ruleText } from '../experiments/claims.js';
import { madOutliers, median } from '../experiments/stats.js';
import type { ClaimInfo, Experiment } from '../experiments/types.js';
import type { ClaimRecord, Summary } from './summary.js';

export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}

/** Text for a markdown table cell: pipes escaped, newlines as spaces. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function verdict(h: boolean | null): string {
  return h === true ? 'holds' : h === false ? '**does not hold**' : 'undecided';
}

/** The metrics the claims are judged on, in the order the claims name them (the "headline" metrics). */
export function headlineMetrics(claims: readonly Pick<ClaimInfo, 'metric'>[]): string[] {
  return [...new Set(claims.map((c) => c.metric))];
}

/**
 * Per method and headline metric, the per-seed values, with the seeds more than 3 MADs from the
 * median flagged (⚠), so a verdict left undecided by one collapsed seed is visible.
 */
export function perSeedSection(metrics: readonly string[], methods: Summary['methods'], seeds: readonly number[]): string[] {
  const L: string[] = ['', '## Per-seed values (headline metrics)', '', `Each seed's evaluation value; ⚠ marks a seed more than 3 MADs (median absolute deviation, unscaled) from the median of its row. Seeds: ${seeds.join(', ')}.`, ''];
  L.push(`| metric | method | ${seeds.map((s) => `seed ${s}`).join(' | ')} | median | flagged |`, `|---|---|${seeds.map(() => '---').join('|')}|---|---|`);
  let rows = 0;
  for (const k of metrics) {
    for (const m of Object.keys(methods)) {
      const d = methods[m]![k];
      if (d === undefined) continue;
      const out = new Set(madOutliers(d.perSeed));
      const cells = d.perSeed.map((x, i) => (out.has(i) ? `**${num(x)}** ⚠` : num(x)));
      while (cells.length < seeds.length) cells.push('—');
      L.push(`| \`${k}\` | ${m} | ${cells.join(' | ')} | ${num(median(d.perSeed))} | ${out.size === 0 ? '' : [...out].map((i) => `seed ${seeds[i]}`).join(', ')} |`);
      rows++;
    }
  }
  return rows === 0 ? [] : L;
}

/** The claims table (shared by run and sweep reports). */
export function claimsSection(claims: readonly ClaimRecord[]): string[] {
  const held = claims.filter((c) => c.holds === true).length, failed = claims.filter((c) => c.holds === false).length;
  const L: string[] = [];
  L.push(`${held} of ${claims.length} claims hold, ${failed} do not, ${claims.length - held - failed} are undecided. Each claim is judged by the rule in its row (experiments/stats.ts): a seed-paired 95% interval (of a difference, ratio, slope or convergence episode) on the claimed side of 0, inside a margin or range, or a gate's threshold; it is undecided when the interval straddles the boundary, with fewer than 2 seeds, or when the preset is too small.`, '');
  L.push('| id | claim | metric | rule | verdict | evidence |', '|---|---|---|---|---|---|');
  for (const c of claims) L.push(`| ${c.id} | ${cell(c.text)} | \`${c.metric}\` | ${c.rule === undefined ? '—' : cell(ruleText({ ...c, rule: c.rule }))} | ${verdict(c.holds)} | ${cell(c.evidence)} |`);
  return L;
}

export function reportMarkdown(exp: Experiment<unknown>, summary: Summary, ctx: { command: string; resolutions: Record<string, unknown>; plots: readonly string[]; configJson: string; backend?: string }): string {
  const L: string[] = [];
  L.push(`# ${exp.title} — reproduction report`, '');
  L.push(`Source: ${exp.source}. Preset \`${summary.preset}\`, seeds ${summary.seeds.join(', ')}.`, '');
  L.push('```sh', ctx.command, '```', '');
  L.push(`Wall time (sum over jobs): ${summary.wallSeconds.toFixed(1)} s. Versions: ${Object.entries(summary.versions).map(([k, v]) => `${k} ${v}`).join(', ')}. Kernel backend: ${ctx.backend ?? 'ts'} (ts and wasm give bit-identical results).`, '');
  L.push('## Claims', '');
  L.push(...claimsSection(summary.claims));
  L.push(...perSeedSection(headlineMetrics(summary.claims), summary.methods, summary.seeds));
  L.push('', '## Measured (evaluation, mean ± 95% CI over seeds)', '');
  const methods = Object.keys(summary.methods);
  const metrics = [...new Set(methods.flatMap((m) => Object.keys(summary.methods[m]!)))].sort();
  L.push(`| metric | ${methods.join(' | ')} |`, `|---|${methods.map(() => '---').join('|')}|`);
  for (const k of metrics) {
    L.push(`| \`${k}\` | ${methods.map((m) => {
      const d = summary.methods[m]![k];
      return d === undefined ? '—' : `${num(d.mean)} ± ${num((d.ci95[1] - d.ci95[0]) / 2)}`;
    }).join(' | ')} |`);
  }
  if (ctx.plots.length > 0) {
    L.push('', '## Figures', '');
    for (const p of ctx.plots) L.push(`![${p}](plots/${p}.svg)`, '');
  }
  L.push('', '## Resolutions in force ([R])', '');
  const res = Object.entries(ctx.resolutions);
  if (res.length === 0) L.push('None beyond the defaults.');
  else for (const [k, v] of res) L.push(`- \`${k}\` = \`${JSON.stringify(v)}\``);
  L.push('', '## Full configuration', '', '```json', ctx.configJson, '```', '');
  return L.join('\n');
}
