// Kill and resume (issue 20): `mecrl run <experiment> --preset smoke` as a real process, killed at a
// random moment (SIGKILL mostly, SIGINT sometimes), its folder inspected for truncated or partially
// written files, then continued with `--resume` until it finishes. Every trial must end with
// metrics.jsonl, summary.json (wall times aside), each job's result.json (wall time aside) and its
// final weights (jobs/*/policy) byte-identical to an uninterrupted run of the same command.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { readCheckpoint } from '../cli/fs/checkpointFiles.js';
import type { Check } from './check.js';
import type { FuzzResult } from './fuzzEnv.js';

const BIN = new URL('../bin/mecrl.mjs', import.meta.url).pathname;
/** The experiments whose smoke preset the trials cycle through (every experiment with a plain smoke preset). */
export const KILL_EXPERIMENTS = ['pendulum', 'q-chain', 'cartpole', 'simple-spread', 'small-cell', 'load-balancing', 'iot-multi-rat', 'backscatter', 'smart-community'];

const TEMP = /\.tmp-\d+-\d+/;

function args(exp: string, out: string, workers: number, resume: boolean): string[] {
  return [BIN, 'run', exp, '--preset', 'smoke', '--seeds', '1', '--workers', String(workers), '--checkpoint-every', '1', '--out', out, ...(resume ? ['--resume'] : [])];
}

/** Every file under `dir` (relative paths), temporary files and folders included. */
function walk(dir: string, base = dir, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, base, out);
    else out.push(relative(base, p));
  }
  return out;
}

/** Files at their final names that are truncated or partial (JSON that does not parse, JSONL without its last newline, unreadable checkpoints). */
export function partialFiles(out: string): { partial: string[]; temporaries: number } {
  const partial: string[] = [];
  let temporaries = 0;
  const checked = new Set<string>();
  for (const f of walk(out)) {
    if (TEMP.test(f)) { temporaries++; continue; }
    const p = join(out, f);
    const parts = f.split('/');
    const ck = parts.findIndex((x) => x === 'checkpoint' || x === 'policy');
    if (ck >= 0) {
      const dir = join(out, ...parts.slice(0, ck + 1));
      if (!checked.has(dir)) { checked.add(dir); try { readCheckpoint(dir); } catch (e) { partial.push(`${relative(out, dir)}: ${(e as Error).message}`); } }
      continue;
    }
    const text = readFileSync(p, 'utf8');
    if (f.endsWith('.json')) { try { JSON.parse(text); } catch { partial.push(`${f}: not complete JSON`); } }
    else if (f.endsWith('.jsonl')) {
      if (text.length > 0 && !text.endsWith('\n')) partial.push(`${f}: last line incomplete`);
      else for (const line of text.split('\n').filter((l) => l.length > 0)) { try { JSON.parse(line); } catch { partial.push(`${f}: a line is not JSON`); break; } }
    } else if (f.endsWith('.md') || f.endsWith('.svg')) { if (text.length === 0) partial.push(`${f}: empty`); }
  }
  return { partial, temporaries };
}

/** A JSON file's content with wall-clock fields removed (they differ between any two runs). */
function withoutWallTimes(text: string): string {
  return JSON.stringify(JSON.parse(text), (k, v) => (k === 'wallSeconds' ? undefined : v));
}

/** The files that must be identical, with their comparable content. */
function finalFiles(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of walk(out)) {
    if (TEMP.test(f)) continue;
    if (f === 'metrics.jsonl' || f.includes('/policy/') || f.endsWith('rows.jsonl')) m.set(f, readFileSync(join(out, f)).toString('base64'));
    else if (f === 'summary.json' || f.endsWith('result.json')) m.set(f, withoutWallTimes(readFileSync(join(out, f), 'utf8')));
  }
  return m;
}

function runToEnd(exp: string, out: string, workers: number, resume: boolean): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, args(exp, out, workers, resume), { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 600_000 });
  return { status: r.status, stderr: r.stderr };
}

/** Starts the run and kills it after `ms` with `signal`; resolves with how it ended. */
function runAndKill(exp: string, out: string, workers: number, ms: number, signal: 'SIGKILL' | 'SIGINT'): Promise<{ code: number | null; signal: string | null; killed: boolean }> {
  return new Promise((resolveP, reject) => {
    const child = spawn(process.execPath, args(exp, out, workers, false), { stdio: 'ignore', env: { ...process.env, FORCE_COLOR: '0' } });
    let killed = false;
    const t = setTimeout(() => { killed = true; child.kill(signal); }, ms);
    child.on('error', reject);
    child.on('exit', (code, sig) => { clearTimeout(t); resolveP({ code, signal: sig, killed }); });
  });
}

interface Reference { readonly files: Map<string, string>; readonly ms: number }

/** `trials` kill-and-resume trials cycling through `experiments`. */
export async function killAndResume(trials: number, seed: number, experiments: readonly string[] = KILL_EXPERIMENTS, workers = 2): Promise<FuzzResult & { killedBeforeEnd: number; temporaries: number }> {
  const root = mkdtempSync(join(tmpdir(), 'mecrl-kill-'));
  let failures = 0, killedBeforeEnd = 0, temporaries = 0;
  const examples: string[] = [];
  const fail = (line: string): void => { failures++; if (examples.length < 10) examples.push(line); };
  const refs = new Map<string, Reference>();
  const draws = fc.sample(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { numRuns: trials, seed });
  try {
    for (let i = 0; i < trials; i++) {
      const exp = experiments[i % experiments.length]!;
      if (!refs.has(exp)) {
        const out = join(root, `${exp}-reference`);
        const t0 = Date.now();
        const r = runToEnd(exp, out, workers, false);
        if (r.status !== 0) { fail(`${exp}: the uninterrupted run failed (exit ${r.status}): ${r.stderr.trim().split('\n').at(-1)}`); refs.set(exp, { files: new Map(), ms: 0 }); continue; }
        refs.set(exp, { files: finalFiles(out), ms: Date.now() - t0 });
        rmSync(out, { recursive: true, force: true });
      }
      const ref = refs.get(exp)!;
      if (ref.ms === 0) continue;
      const [u, v] = draws[i]!;
      const signal = v < 0.2 ? 'SIGINT' : 'SIGKILL';
      const ms = Math.round(ref.ms * (0.05 + 0.9 * u));
      const out = join(root, `${exp}-t${i}`);
      const where = `${exp} trial ${i} (${signal} after ${ms} ms)`;
      const k = await runAndKill(exp, out, workers, ms, signal);
      if (k.killed && k.code !== 0) killedBeforeEnd++;
      if (signal === 'SIGINT' && k.killed && k.code !== 130 && k.code !== 0 && k.signal === null) fail(`${where}: Ctrl-C exited ${k.code}, expected 130`);
      const scan = partialFiles(out);
      temporaries += scan.temporaries;
      for (const p of scan.partial) fail(`${where}: partial file after the kill: ${p}`);
      let r = runToEnd(exp, out, workers, true);
      if (r.status !== 0) { fail(`${where}: --resume exited ${r.status}: ${r.stderr.trim().split('\n').at(-1)}`); rmSync(out, { recursive: true, force: true }); continue; }
      const got = finalFiles(out);
      const diff = [...new Set([...ref.files.keys(), ...got.keys()])].filter((f) => ref.files.get(f) !== got.get(f));
      if (diff.length > 0) fail(`${where}: differs from the uninterrupted run in ${diff.slice(0, 4).join(', ')}${diff.length > 4 ? ` and ${diff.length - 4} more` : ''}`);
      r = { status: 0, stderr: '' };
      rmSync(out, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { trials, failures, examples, killedBeforeEnd, temporaries };
}

export const CHECKS_KILL: readonly Check[] = [
  { name: 'kill-and-resume', description: `\`mecrl run <experiment> --preset smoke --seeds 1 --workers 2 --checkpoint-every 1\` over ${KILL_EXPERIMENTS.join(', ')}, killed at a uniformly random moment of its run (80% SIGKILL, 20% SIGINT), folder scanned for truncated/partial files, then --resume: metrics.jsonl, summary.json, result.json (wall times aside), rows.jsonl and final weights byte-identical to an uninterrupted run`, trials: 100, run: (n) => killAndResume(n, 20) },
];
