// Cross-sweep output of a finished smart-community sweep (Node-only; the CLI writes one report per
// sweep value, this puts the values side by side):
//   npx tsx experiments/smart-community/writeSweep.ts <sweep-dir>
// reads <sweep-dir>/index.json and each run's summary.json and writes <sweep-dir>/SWEEP.md with one
// SVG per metric across the sweep's x-axis (mean over seeds per method, 95% interval as a band:
// Figs. 5, 8, 9) and, for the env.bandwidthHz sweep (`table3` preset), Table III side by side
// (./table3.ts). Everything is generated from the runs' results.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { smartCommunityExperiment } from './index.js';
import { table3Markdown, type MethodSummaries } from './table3.js';

const dir = process.argv[2];
if (dir === undefined) {
  console.error('usage: npx tsx experiments/smart-community/writeSweep.ts <sweep directory>');
  process.exit(2);
}
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { preset: string; sweep: string; runs: { value: unknown; dir: string }[] };
const runs = index.runs.map((r) => ({ value: r.value, methods: (JSON.parse(readFileSync(join(dir, r.dir, 'summary.json'), 'utf8')) as { methods: MethodSummaries }).methods }));
const labels = Object.fromEntries(smartCommunityExperiment.methods.map((m) => [m.id, m.label]));
/** x of a sweep value: a number, or the midpoint of a [lo, hi] range (the cycles sweep, in Gcycles). */
const xOf = (v: unknown): number => (Array.isArray(v) ? (Number(v[0]) + Number(v[1])) / 2e9 : Number(v));
const xTitle = index.sweep === 'env.cycles' ? 'required cycles C, midpoint of the range [Gcycles]' : index.sweep;
const METRICS = [
  ['reward', 'reward per epoch per community'], ['successRate', 'task success rate'], ['energyNominal', 'average energy, nominal [J]'],
  ['energyCharged', 'average energy, charged [J]'], ['waitS', 'average waiting time [s]'], ['offloadFraction', 'share of tasks offloaded'],
] as const;

const L: string[] = [`# ${index.preset}: sweep of ${index.sweep}`, '', `Values: ${runs.map((r) => JSON.stringify(r.value)).join(', ')}. Mean over seeds per method; band = 95% interval.`, ''];
for (const [metric, yTitle] of METRICS) {
  const data = runs.flatMap((r) => Object.entries(r.methods).filter(([, v]) => v[metric] !== undefined).map(([m, v]) => ({
    x: xOf(r.value), method: labels[m] ?? m, mean: v[metric]!.mean, lo: v[metric]!.ci95[0], hi: v[metric]!.ci95[1],
  })));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: `${yTitle} vs ${index.sweep}`, width: 520, height: 300, background: 'white',
    data: { values: data },
    layer: [
      { mark: { type: 'area', opacity: 0.15 }, encoding: { x: { field: 'x', type: 'quantitative', title: xTitle, ...(index.sweep === 'train.lr' ? { scale: { type: 'log' } } : {}) }, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' }, color: { field: 'method', type: 'nominal' } } },
      { mark: { type: 'line', point: true }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'mean', type: 'quantitative' }, color: { field: 'method', type: 'nominal' } } },
    ],
  } as vl.TopLevelSpec;
  const svg = await new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' }).toSVG();
  writeFileSync(join(dir, `sweep-${metric}.svg`), svg);
  L.push(`![${metric}](sweep-${metric}.svg)`, '');
}
if (index.sweep === 'env.bandwidthHz') L.push(table3Markdown(runs.map((r) => ({ bandwidthHz: Number(r.value), methods: r.methods })), labels));
writeFileSync(join(dir, 'SWEEP.md'), L.join('\n') + '\n');
console.log(`wrote ${join(dir, 'SWEEP.md')}`);
