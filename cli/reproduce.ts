// `npm run reproduce` (Node-only): runs every paper experiment's `quick` preset (not the validation
// tasks; sweeps only with --all) through the CLI, publishes each into
// docs/reproductions/<experiment>/<preset>/ (`mecrl report <run> --publish`), records when and at
// which commit in docs/reproductions/provenance.json, and rebuilds the scoreboard README.md.
//
//   npm run reproduce                       every paper's quick preset
//   npm run reproduce -- small-cell         one paper (several names allowed)
//   npm run reproduce -- --all              also every sweep preset (not the smoke ones)
//   npm run reproduce -- --scoreboard-only  only rebuild docs/reproductions/README.md
//   --runs DIR (default runs/reproduce), --docs DIR (default docs/reproductions),
//   --preset NAME instead of quick (e.g. smoke, to try the whole pipeline in seconds)
// A run folder that exists is continued with --resume (finished jobs are kept), so an interrupted
// reproduction picks up where it stopped.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXPERIMENTS } from '../experiments/index.js';
import { writeFileAtomic } from './fs/atomic.js';
import { stringify } from './jsonl.js';
import { readPublished, scoreboardMarkdown, type Provenance } from './scoreboard.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'mecrl.mjs');

/** The (experiment, preset) pairs to reproduce: quick for every paper, plus sweeps with `all`. */
export function reproductionTargets(names: readonly string[], all: boolean, preset = 'quick'): Array<{ experiment: string; preset: string }> {
  const papers = Object.values(EXPERIMENTS).filter((e) => e.validation !== true);
  for (const n of names) if (!papers.some((e) => e.name === n)) throw new Error(`unknown paper experiment '${n}' (papers: ${papers.map((e) => e.name).join(', ')})`);
  const chosen = names.length === 0 ? papers : papers.filter((e) => names.includes(e.name));
  return chosen.flatMap((e) => [
    ...(e.presets[preset] !== undefined ? [{ experiment: e.name, preset }] : []),
    ...(all ? Object.entries(e.presets).filter(([k, p]) => p.sweep !== undefined && !k.startsWith('smoke')).map(([k]) => ({ experiment: e.name, preset: k })) : []),
  ]);
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function mecrl(args: string[]): void {
  process.stderr.write(`$ mecrl ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`mecrl ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

export function writeScoreboard(docs: string): void {
  const pf = join(docs, 'provenance.json');
  const provenance = (existsSync(pf) ? JSON.parse(readFileSync(pf, 'utf8')) : {}) as Provenance;
  writeFileAtomic(join(docs, 'README.md'), scoreboardMarkdown(readPublished(docs), provenance));
  process.stderr.write(`wrote ${join(docs, 'README.md')}\n`);
}

function main(argv: string[]): number {
  const { values: v, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { all: { type: 'boolean' }, 'scoreboard-only': { type: 'boolean' }, runs: { type: 'string' }, docs: { type: 'string' }, preset: { type: 'string' } } });
  const docs = resolve(ROOT, v.docs ?? join('docs', 'reproductions'));
  if (v['scoreboard-only'] !== true) {
    const runs = resolve(ROOT, v.runs ?? join('runs', 'reproduce'));
    const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
    const commit = `${git(['rev-parse', '--short=12', 'HEAD']) || 'unknown'}${dirty ? '+dirty' : ''}`;
    for (const t of reproductionTargets(positionals, v.all === true, v.preset ?? 'quick')) {
      const out = join(runs, `${t.experiment}-${t.preset}`);
      const started = Date.now();
      mecrl(['run', t.experiment, '--preset', t.preset, '--out', out, ...(existsSync(out) ? ['--resume'] : [])]);
      mecrl(['report', out, '--publish', join(docs, t.experiment, t.preset)]);
      const pf = join(docs, 'provenance.json');
      const provenance = (existsSync(pf) ? JSON.parse(readFileSync(pf, 'utf8')) : {}) as Provenance;
      provenance[`${t.experiment}/${t.preset}`] = { date: new Date().toISOString().slice(0, 10), commit };
      writeFileAtomic(pf, stringify(provenance, 2) + '\n');
      process.stderr.write(`${t.experiment} ${t.preset}: ${((Date.now() - started) / 1000).toFixed(0)} s wall\n`);
    }
  }
  writeScoreboard(docs);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try { process.exitCode = main(process.argv.slice(2)); } catch (e) { process.stderr.write(`reproduce: ${(e as Error).message}\n`); process.exitCode = 1; }
}
