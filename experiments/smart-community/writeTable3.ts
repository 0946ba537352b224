// Writes Table III side by side from a finished `table3` sweep (Node-only; the CLI's sweep summary
// draws the figures across B and judges the sweep claims, this adds the paper's table beside ours):
//   npx tsx experiments/smart-community/writeTable3.ts <table3 sweep dir>
// reads <dir>/index.json and each run's summary.json and writes <dir>/TABLE3.md (./table3.ts).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { smartCommunityExperiment } from './index.js';
import { table3Markdown, type MethodSummaries } from './table3.js';

const dir = process.argv[2];
if (dir === undefined) {
  console.error('usage: npx tsx experiments/smart-community/writeTable3.ts <table3 sweep directory>');
  process.exit(2);
}
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { sweep: string; runs: { value: unknown; dir: string }[] };
if (index.sweep !== 'env.bandwidthHz') throw new Error(`${dir} is a sweep of ${index.sweep}, not env.bandwidthHz (the table3 preset)`);
const runs = index.runs.map((r) => ({
  bandwidthHz: Number(r.value),
  methods: (JSON.parse(readFileSync(join(dir, r.dir, 'summary.json'), 'utf8')) as { methods: MethodSummaries }).methods,
}));
const labels = Object.fromEntries(smartCommunityExperiment.methods.map((m) => [m.id, m.label]));
writeFileSync(join(dir, 'TABLE3.md'), table3Markdown(runs, labels));
console.log(`wrote ${join(dir, 'TABLE3.md')}`);
