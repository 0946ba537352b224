// The paper's figures rebuilt from a run (Node-only): vega-lite specs → SVG (vega, headless) →
// PNG (resvg). Curves show the mean over seeds per episode with a min–max band (the seeds'
// spread); bars show the mean over seeds with the 95% interval.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { Experiment, FigureSpec, MetricRow } from '../experiments/types.js';
import type { Summary } from './summary.js';
import { writeFileAtomic } from './fs/atomic.js';

const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];

function fontFiles(): string[] {
  return FONT_CANDIDATES.filter((f) => existsSync(f));
}

function curveData(rows: readonly MetricRow[], metric: string, methods: readonly string[]): Array<Record<string, unknown>> {
  const cells = new Map<string, number[]>();
  for (const r of rows) {
    if (r.phase !== 'train') continue;
    const v = r.values[metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    const k = `${r.method}\u0000${r.episode}`;
    (cells.get(k) ?? cells.set(k, []).get(k)!).push(v);
  }
  const out: Array<Record<string, unknown>> = [];
  for (const [k, vs] of cells) {
    const [method, ep] = k.split('\u0000');
    out.push({ method, episode: Number(ep), mean: vs.reduce((a, b) => a + b, 0) / vs.length, min: Math.min(...vs), max: Math.max(...vs) });
  }
  const order = new Map(methods.map((m, i) => [m, i]));
  return out.sort((a, b) => (order.get(a['method'] as string)! - order.get(b['method'] as string)!) || ((a['episode'] as number) - (b['episode'] as number)));
}

function spec(fig: FigureSpec, data: Array<Record<string, unknown>>, methods: readonly string[]): vl.TopLevelSpec {
  const color = { field: 'method', type: 'nominal' as const, scale: { domain: [...methods] }, title: 'method' };
  if (fig.kind === 'curve') {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: fig.title, width: 560, height: 300, background: 'white',
      data: { values: data },
      layer: [
        { mark: { type: 'area', opacity: 0.2 }, encoding: { x: { field: 'episode', type: 'quantitative', title: 'episode' }, y: { field: 'min', type: 'quantitative', title: fig.yLabel }, y2: { field: 'max' }, color } },
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x: { field: 'episode', type: 'quantitative' }, y: { field: 'mean', type: 'quantitative' }, color } },
      ],
    } as vl.TopLevelSpec;
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: fig.title, width: 420, height: 280, background: 'white',
    data: { values: data },
    layer: [
      { mark: 'bar', encoding: { x: { field: 'method', type: 'nominal', sort: [...methods], title: null }, y: { field: 'mean', type: 'quantitative', title: fig.yLabel }, color } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { x: { field: 'method', type: 'nominal', sort: [...methods] }, y: { field: 'lo', type: 'quantitative', title: fig.yLabel }, y2: { field: 'hi' } } },
    ],
  } as vl.TopLevelSpec;
}

/** Writes plots/<figure>.svg and .png; returns the file names written (for the report). */
export async function writePlots(runDir: string, exp: Experiment<unknown>, rows: readonly MetricRow[], summary: Summary, methods: readonly string[], warn: (msg: string) => void): Promise<string[]> {
  const written: string[] = [];
  const fonts = fontFiles();
  if (fonts.length === 0) warn('plots: no DejaVu Sans font found, PNG text will be missing (apt-get install -y fonts-dejavu-core); the SVGs are complete');
  for (const fig of exp.figures) {
    let data: Array<Record<string, unknown>>;
    if (fig.kind === 'curve') data = curveData(rows, fig.metric, methods);
    else data = methods.filter((m) => summary.methods[m]?.[fig.metric] !== undefined).map((m) => {
      const d = summary.methods[m]![fig.metric]!;
      return { method: m, mean: d.mean, lo: d.ci95[0], hi: d.ci95[1] };
    }).filter((d) => Number.isFinite(d.mean));
    if (data.length === 0) continue;
    const compiled = vl.compile(spec(fig, data, methods)).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    writeFileAtomic(join(runDir, 'plots', `${fig.id}.svg`), svg);
    const png = new Resvg(svg, { background: 'white', font: { fontFiles: fonts, loadSystemFonts: fonts.length === 0, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
    writeFileAtomic(join(runDir, 'plots', `${fig.id}.png`), png);
    written.push(fig.id);
  }
  return written;
}
