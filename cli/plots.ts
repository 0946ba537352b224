// The paper's figures rebuilt from a run (Node-only): vega-lite specs → SVG (vega, headless) →
// PNG (resvg). Curves (training metric per episode) show a thin line per seed, the mean over seeds
// with its 95% band, the evaluation level of each method that has no training rows (the
// non-learning baselines) as a dashed horizontal line, and optionally a trailing moving average
// (stated in the title). Bars show the mean over seeds with the 95% interval. A sweep folder gets
// every bar/sweep figure with the swept value on the x-axis, one line per method, mean and 95% band.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { Experiment, FigureSpec, MetricRow } from '../experiments/types.js';
import { ci95 } from '../experiments/stats.js';
import type { Summary } from './summary.js';

const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];

function fontFiles(): string[] {
  return FONT_CANDIDATES.filter((f) => existsSync(f));
}

/** Trailing moving average over `w` values (fewer at the start: the mean of what is there). */
export function movingAverage(xs: readonly number[], w: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += xs[i]!;
    if (i >= w) sum -= xs[i - w]!;
    out.push(sum / Math.min(i + 1, w));
  }
  return out;
}

/** A curve figure's data: per-seed lines, mean with the 95% band over seeds per episode, and reference levels. */
export function curveData(rows: readonly MetricRow[], fig: FigureSpec, summary: Summary, methods: readonly string[]): { perSeed: Array<Record<string, unknown>>; mean: Array<Record<string, unknown>>; reference: Array<Record<string, unknown>> } {
  const series = new Map<string, { method: string; seed: number; episodes: number[]; values: number[] }>();
  for (const r of rows) {
    if (r.phase !== 'train') continue;
    const v = r.values[fig.metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    const k = `${r.method}\u0000${r.seed}`;
    const s = series.get(k) ?? series.set(k, { method: r.method, seed: r.seed, episodes: [], values: [] }).get(k)!;
    s.episodes.push(r.episode);
    s.values.push(v);
  }
  const perSeed: Array<Record<string, unknown>> = [];
  const cells = new Map<string, number[]>();
  for (const s of series.values()) {
    const ys = fig.movingAverage !== undefined && fig.movingAverage > 1 ? movingAverage(s.values, fig.movingAverage) : s.values;
    s.episodes.forEach((ep, i) => {
      perSeed.push({ method: s.method, seed: s.seed, line: `${s.method} seed ${s.seed}`, episode: ep, value: ys[i] });
      const k = `${s.method}\u0000${ep}`;
      (cells.get(k) ?? cells.set(k, []).get(k)!).push(ys[i]!);
    });
  }
  const mean: Array<Record<string, unknown>> = [];
  for (const [k, vs] of cells) {
    const [method, ep] = k.split('\u0000');
    const [lo, hi] = ci95(vs);
    mean.push({ method, episode: Number(ep), mean: vs.reduce((a, b) => a + b, 0) / vs.length, lo, hi });
  }
  const order = new Map(methods.map((m, i) => [m, i]));
  const byMethodEpisode = (a: Record<string, unknown>, b: Record<string, unknown>): number => (order.get(a['method'] as string)! - order.get(b['method'] as string)!) || ((a['episode'] as number) - (b['episode'] as number));
  const learners = new Set([...series.values()].map((s) => s.method));
  const refMetric = fig.referenceMetric ?? fig.metric;
  const reference = methods.filter((m) => !learners.has(m) && summary.methods[m]?.[refMetric] !== undefined && Number.isFinite(summary.methods[m]![refMetric]!.mean))
    .map((m) => ({ method: m, level: summary.methods[m]![refMetric]!.mean }));
  return { perSeed: perSeed.sort((a, b) => byMethodEpisode(a, b) || ((a['seed'] as number) - (b['seed'] as number))), mean: mean.sort(byMethodEpisode), reference };
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function curveSpec(fig: FigureSpec, d: ReturnType<typeof curveData>, methods: readonly string[]): vl.TopLevelSpec {
  const color = { field: 'method', type: 'nominal' as const, scale: { domain: [...methods] }, title: 'method' };
  const x = { field: 'episode', type: 'quantitative' as const, title: 'training episode' };
  const ma = fig.movingAverage !== undefined && fig.movingAverage > 1 ? ` — moving average over ${fig.movingAverage} episodes` : '';
  const layer: unknown[] = [
    { data: { values: d.perSeed }, mark: { type: 'line', strokeWidth: 0.6, opacity: 0.35 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: fig.yLabel }, color, detail: { field: 'line', type: 'nominal' } } },
    { data: { values: d.mean }, mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
    { data: { values: d.mean }, mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color } },
  ];
  if (d.reference.length > 0) layer.push({ data: { values: d.reference }, mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'level', type: 'quantitative' }, color } });
  return {
    $schema: SCHEMA,
    title: { text: `${fig.title}${ma}`, subtitle: ['thin: each seed; bold: mean over seeds with 95% band', ...(d.reference.length > 0 ? [`dashed: evaluation level of ${d.reference.map((r) => r['method']).join(', ')} (no training)`] : [])] },
    width: 560, height: 300, background: 'white',
    config: { legend: { symbolOpacity: 1, symbolType: 'stroke' } },
    layer,
  } as vl.TopLevelSpec;
}

function barSpec(fig: FigureSpec, data: Array<Record<string, unknown>>, methods: readonly string[]): vl.TopLevelSpec {
  const color = { field: 'method', type: 'nominal' as const, scale: { domain: [...methods] }, title: 'method' };
  return {
    $schema: SCHEMA,
    title: fig.title, width: 420, height: 280, background: 'white',
    data: { values: data },
    layer: [
      { mark: 'bar', encoding: { x: { field: 'method', type: 'nominal', sort: [...methods], title: null }, y: { field: 'mean', type: 'quantitative', title: fig.yLabel }, color } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { x: { field: 'method', type: 'nominal', sort: [...methods] }, y: { field: 'lo', type: 'quantitative', title: fig.yLabel }, y2: { field: 'hi' } } },
    ],
  } as vl.TopLevelSpec;
}

/** A sweep figure: the swept value on the x-axis, one line per method (mean over seeds, 95% band). */
function sweepSpec(fig: FigureSpec, key: string, data: Array<Record<string, unknown>>, methods: readonly string[], numeric: boolean): vl.TopLevelSpec {
  const color = { field: 'method', type: 'nominal' as const, scale: { domain: [...methods] }, title: 'method' };
  const x = numeric ? { field: 'x', type: 'quantitative' as const, title: key } : { field: 'x', type: 'ordinal' as const, title: key, sort: null };
  return {
    $schema: SCHEMA,
    title: { text: `${fig.title} across ${key}`, subtitle: 'mean over seeds with 95% band' },
    width: 480, height: 280, background: 'white',
    config: { legend: { symbolOpacity: 1, symbolType: 'stroke' } },
    data: { values: data },
    layer: [
      { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: fig.yLabel }, y2: { field: 'hi' }, color } },
      { mark: { type: 'line', strokeWidth: 1.8, point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color } },
    ],
  } as vl.TopLevelSpec;
}

/** A stack figure's data: per method and episode, the mean over seeds of each part. */
export function stackData(rows: readonly MetricRow[], fig: FigureSpec, methods: readonly string[]): Array<Record<string, unknown>> {
  const parts = fig.parts ?? [];
  const cells = new Map<string, { method: string; episode: number; sums: number[]; n: number }>();
  for (const r of rows) {
    if (r.phase !== 'train' || parts.some((p) => !Number.isFinite(r.values[p.metric] ?? NaN))) continue;
    const k = `${r.method}\u0000${r.episode}`;
    const c = cells.get(k) ?? cells.set(k, { method: r.method, episode: r.episode, sums: parts.map(() => 0), n: 0 }).get(k)!;
    parts.forEach((p, i) => { c.sums[i]! += r.values[p.metric]!; });
    c.n++;
  }
  const order = new Map(methods.map((m, i) => [m, i]));
  return [...cells.values()].sort((a, b) => (order.get(a.method)! - order.get(b.method)!) || (a.episode - b.episode))
    .flatMap((c) => parts.map((p, i) => ({ method: c.method, episode: c.episode, part: p.label, order: i, share: c.sums[i]! / c.n })));
}

function stackSpec(fig: FigureSpec, data: Array<Record<string, unknown>>): vl.TopLevelSpec {
  const labels = (fig.parts ?? []).map((p) => p.label);
  return {
    $schema: SCHEMA,
    title: { text: fig.title, subtitle: 'mean over seeds per training episode, one panel per method' },
    background: 'white',
    data: { values: data },
    facet: { row: { field: 'method', type: 'nominal', title: null, sort: null } },
    spec: {
      width: 560, height: 120,
      mark: { type: 'area' },
      encoding: {
        x: { field: 'episode', type: 'quantitative', title: 'training episode' },
        y: { field: 'share', type: 'quantitative', stack: 'zero', title: fig.yLabel, scale: { domain: [0, 1] } },
        color: { field: 'part', type: 'ordinal', scale: { domain: labels, scheme: 'viridis' }, title: null },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  } as vl.TopLevelSpec;
}

/** Files to write together (cli/fs/atomic.ts `writeFilesAtomic`): [path, contents]. */
export type PendingFiles = Array<readonly [string, string | Uint8Array]>;

async function render(runDir: string, id: string, spec: vl.TopLevelSpec, fonts: string[], files: PendingFiles): Promise<void> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  files.push([join(runDir, 'plots', `${id}.svg`), svg]);
  const png = new Resvg(svg, { background: 'white', font: { fontFiles: fonts, loadSystemFonts: fonts.length === 0, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
  files.push([join(runDir, 'plots', `${id}.png`), png]);
}

function fontsOrWarn(warn: (msg: string) => void): string[] {
  const fonts = fontFiles();
  if (fonts.length === 0) warn('plots: no DejaVu Sans font found, PNG text will be missing (apt-get install -y fonts-dejavu-core); the SVGs are complete');
  return fonts;
}

/**
 * Renders plots/<figure>.svg and .png of one run into `files` (written with the rest of the report,
 * all or nothing); returns the figure ids (for the report).
 */
export async function renderPlots(runDir: string, exp: Experiment<unknown>, rows: readonly MetricRow[], summary: Summary, methods: readonly string[], warn: (msg: string) => void, files: PendingFiles): Promise<string[]> {
  const written: string[] = [];
  const fonts = fontsOrWarn(warn);
  for (const fig of exp.figures) {
    if (fig.kind === 'sweep') continue;
    let spec: vl.TopLevelSpec;
    if (fig.kind === 'stack') {
      const data = stackData(rows, fig, methods);
      if (data.length === 0) continue;
      spec = stackSpec(fig, data);
    } else if (fig.kind === 'curve') {
      const d = curveData(rows, fig, summary, methods);
      if (d.mean.length === 0) continue;
      spec = curveSpec(fig, d, methods);
    } else {
      const data = methods.filter((m) => summary.methods[m]?.[fig.metric] !== undefined).map((m) => {
        const d = summary.methods[m]![fig.metric]!;
        return { method: m, mean: d.mean, lo: d.ci95[0], hi: d.ci95[1] };
      }).filter((d) => Number.isFinite(d.mean));
      if (data.length === 0) continue;
      spec = barSpec(fig, data, methods);
    }
    await render(runDir, fig.id, spec, fonts, files);
    written.push(fig.id);
  }
  return written;
}

/** One point of a sweep summary: the swept value and each method's described metrics there. */
export interface SweepPlotPoint {
  readonly value: unknown;
  readonly methods: Summary['methods'];
}

/** Renders the sweep figures (every 'bar' and 'sweep' figure over the swept value) of a sweep folder into `files`. */
export async function renderSweepPlots(sweepDir: string, exp: Experiment<unknown>, key: string, points: readonly SweepPlotPoint[], methods: readonly string[], warn: (msg: string) => void, files: PendingFiles): Promise<string[]> {
  const written: string[] = [];
  const fonts = fontsOrWarn(warn);
  const numeric = points.every((p) => typeof p.value === 'number' && Number.isFinite(p.value));
  for (const fig of exp.figures) {
    if (fig.kind === 'curve' || fig.kind === 'stack') continue;
    const data: Array<Record<string, unknown>> = [];
    for (const p of points) for (const m of methods) {
      const d = p.methods[m]?.[fig.metric];
      if (d === undefined || !Number.isFinite(d.mean)) continue;
      data.push({ x: numeric ? p.value : JSON.stringify(p.value), method: m, mean: d.mean, lo: d.ci95[0], hi: d.ci95[1] });
    }
    if (data.length === 0) continue;
    const id = `sweep-${fig.id}`;
    await render(sweepDir, id, sweepSpec(fig, key, data, methods, numeric), fonts, files);
    written.push(id);
  }
  return written;
}
