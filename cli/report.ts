// REPORT.md of a run: each claim stated, measured (mean ± 95% CI over seeds) and judged; the [R]
// resolutions in force; the exact command; wall time; versions; the plots.

import { ruleText } from '../experiments/claims.js';
import type { Experiment } from '../experiments/types.js';
import type { Summary } from './summary.js';

function num(x: number): string {
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

export function reportMarkdown(exp: Experiment<unknown>, summary: Summary, ctx: { command: string; resolutions: Record<string, unknown>; plots: readonly string[]; configJson: string }): string {
  const L: string[] = [];
  L.push(`# ${exp.title} — reproduction report`, '');
  L.push(`Source: ${exp.source}. Preset \`${summary.preset}\`, seeds ${summary.seeds.join(', ')}.`, '');
  L.push('```sh', ctx.command, '```', '');
  L.push(`Wall time (sum over jobs): ${summary.wallSeconds.toFixed(1)} s. Versions: ${Object.entries(summary.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
  const held = summary.claims.filter((c) => c.holds === true).length, failed = summary.claims.filter((c) => c.holds === false).length;
  L.push('## Claims', '');
  L.push(`${held} of ${summary.claims.length} claims hold, ${failed} do not, ${summary.claims.length - held - failed} are undecided. Each claim is judged by the rule in its row (experiments/stats.ts): a seed-paired 95% interval (of a difference, ratio, slope or convergence episode) on the claimed side of 0, inside a margin or range, or a gate's threshold; it is undecided when the interval straddles the boundary, with fewer than 2 seeds, or when the preset is too small.`, '');
  L.push('| id | claim | metric | rule | verdict | evidence |', '|---|---|---|---|---|---|');
  for (const c of summary.claims) L.push(`| ${c.id} | ${cell(c.text)} | \`${c.metric}\` | ${c.rule === undefined ? '—' : cell(ruleText({ ...c, rule: c.rule }))} | ${verdict(c.holds)} | ${cell(c.evidence)} |`);
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
