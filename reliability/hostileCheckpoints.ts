// Hostile checkpoints (issue 20): a genuine job checkpoint (pendulum smoke, DDPG, stopped after its
// first checkpoint) is damaged in one random way per trial — truncated or bit-flipped files, wrong
// format/version, lengths claiming gigabytes, extra/missing/duplicated arrays, file names escaping
// the folder (../, absolute), symbolic links, '__proto__' keys, another method's or seed's
// checkpoint, arrays of the wrong shape — and the job is resumed from it (`runJobWithFiles` with
// resume). Every trial must end in a CheckpointError (what `mecrl run --resume` reports with exit 2):
// never a silent load, never another exception, never an allocation of the claimed size.

import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { EXPERIMENTS } from '../experiments/index.js';
import { jobDir, runJobWithFiles, type JobSpec } from '../cli/job.js';
import { CheckpointError, fnv1a } from '../cli/fs/checkpointFiles.js';
import type { Check } from './check.js';
import type { FuzzResult } from './fuzzEnv.js';

const EXPERIMENT = 'pendulum';
const SEED = 1;

interface Golden { readonly root: string; readonly config: unknown; readonly jobs: Readonly<Record<string, string>> }

/** Runs `method` until its first checkpoint (checkpoint every episode, stop at once) under `root`. */
function makeCheckpoint(root: string, config: unknown, method: string, seed: number): string {
  const spec: JobSpec = { experiment: EXPERIMENT, config, method, seed, runDir: root, checkpointEvery: 1, resume: false };
  const status = runJobWithFiles(spec, () => undefined, () => true);
  if (status !== 'interrupted') throw new Error(`hostile checkpoints: the ${method} job did not stop at its first checkpoint (${status})`);
  return jobDir(root, method, seed);
}

export function makeGolden(): Golden {
  const root = mkdtempSync(join(tmpdir(), 'mecrl-hostile-'));
  const exp = EXPERIMENTS[EXPERIMENT]!;
  const config = exp.resolveConfig(exp.presets['smoke']!.config);
  const jobs = { ddpg: makeCheckpoint(join(root, 'golden'), config, 'ddpg', SEED), td3: makeCheckpoint(join(root, 'golden'), config, 'td3', SEED), ddpg2: makeCheckpoint(join(root, 'golden'), config, 'ddpg', SEED + 1) };
  return { root, config, jobs };
}

type Mutation = (ck: string, r: () => number, g: Golden) => string;

const rewrite = (ck: string, f: (m: Record<string, any>) => void): void => {
  const m = JSON.parse(readFileSync(join(ck, 'manifest.json'), 'utf8'));
  f(m);
  const text = Buffer.from(JSON.stringify(m));
  writeFileSync(join(ck, 'manifest.json'), text);
  writeFileSync(join(ck, 'manifest.fnv1a'), fnv1a(text) + '\n');
};
const arrayFiles = (ck: string): string[] => readdirSync(ck).filter((f) => f.endsWith('.f64')).sort();
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
/** An array entry with at least one value (so that corrupting it changes something). */
const nonEmpty = (m: Record<string, any>, r: () => number): Record<string, any> => pick((m.arrays as Array<Record<string, any>>).filter((e) => e.length > 0), r);

/** Each mutation damages the checkpoint folder `ck` and returns its description. */
const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'truncated array file': (ck, r) => { const f = join(ck, pick(arrayFiles(ck).filter((x) => lstatSync(join(ck, x)).size > 0), r)); const n = lstatSync(f).size; truncateSync(f, Math.floor(r() * n)); return f; },
  'truncated manifest': (ck, r) => { const f = join(ck, 'manifest.json'); truncateSync(f, Math.floor(r() * lstatSync(f).size)); return f; },
  'bit flip in an array file': (ck, r) => { const f = join(ck, pick(arrayFiles(ck).filter((x) => lstatSync(join(ck, x)).size > 0), r)); const b = readFileSync(f); const i = Math.floor(r() * b.length); b[i] = b[i]! ^ (1 << Math.floor(r() * 8)); writeFileSync(f, b); return `${f} byte ${i}`; },
  'bit flip in the manifest': (ck, r) => { const f = join(ck, 'manifest.json'); const b = readFileSync(f); const i = Math.floor(r() * b.length); b[i] = b[i]! ^ (1 << Math.floor(r() * 8)); writeFileSync(f, b); return `byte ${i}`; },
  'bit flip in the manifest checksum': (ck, r) => { const f = join(ck, 'manifest.fnv1a'); const b = readFileSync(f); const i = Math.floor(r() * 8); b[i] = b[i]! ^ (1 << Math.floor(r() * 7)); writeFileSync(f, b); return `byte ${i}`; },
  'wrong version': (ck, r) => { const v = pick([0, 3, 99, -1, 1.5, '2', null], r); rewrite(ck, (m) => { m.version = v; }); return String(v); },
  'wrong format': (ck, r) => { const v = pick(['mecrl.policy', '', 'MECRL.CHECKPOINT', null], r); rewrite(ck, (m) => { m.format = v; }); return String(v); },
  'length claiming gigabytes': (ck, r) => { const v = pick([2 ** 28, 2 ** 31, 2 ** 40, 2 ** 53 - 1, 2 ** 60, 1e300, -1, 0.5], r); rewrite(ck, (m) => { nonEmpty(m, r).length = v; }); return String(v); },
  'extra array listed': (ck, r) => { const src = pick(arrayFiles(ck), r); cpSync(join(ck, src), join(ck, 'a0999.f64')); rewrite(ck, (m) => { const e = m.arrays.find((x: any) => x.file === src); m.arrays.push({ ...e, name: 'extra.array', file: 'a0999.f64' }); }); return src; },
  'extra unlisted file': (ck, r) => { const name = pick(['a0999.f64', 'notes.txt', '.hidden', 'manifest.json.tmp-1-0'], r); writeFileSync(join(ck, name), 'x'); return name; },
  'missing array file': (ck, r) => { const f = pick(arrayFiles(ck), r); rmSync(join(ck, f)); return f; },
  'array dropped from the manifest': (ck, r) => { let n = ''; rewrite(ck, (m) => { const i = Math.floor(r() * m.arrays.length); n = m.arrays[i].name; rmSync(join(ck, m.arrays[i].file)); m.arrays.splice(i, 1); }); return n; },
  'two entries share a file': (ck, r) => { rewrite(ck, (m) => { const a = nonEmpty(m, r); const b = pick(m.arrays as any[], r); if (a !== b) Object.assign(b, { file: a.file, length: a.length, fnv1a: a.fnv1a }); else m.arrays.push({ ...a, name: `${a.name}.copy` }); }); return ''; },
  'path escaping the folder': (ck, r) => { const v = pick(['../a0000.f64', '../../manifest.json', '/etc/passwd', '..', 'sub/a0000.f64', 'a0000.f64/..', '%2e%2e/a0000.f64', 'a0000.f64\u0000'], r); cpSync(join(ck, 'a0000.f64'), join(ck, '..', 'a0000.f64')); rewrite(ck, (m) => { m.arrays[0].file = v; }); return v; },
  'array file is a symbolic link': (ck, r) => { const f = pick(arrayFiles(ck), r); const copy = join(ck, '..', `link-target-${f}`); renameSync(join(ck, f), copy); symlinkSync(copy, join(ck, f)); return f; },
  'manifest is a symbolic link': (ck) => { const copy = join(ck, '..', 'manifest-target.json'); renameSync(join(ck, 'manifest.json'), copy); symlinkSync(copy, join(ck, 'manifest.json')); return ''; },
  'checkpoint folder is a symbolic link': (ck) => { const copy = `${ck}-target`; renameSync(ck, copy); symlinkSync(copy, ck); return ''; },
  'array file is a folder': (ck, r) => { const f = pick(arrayFiles(ck), r); rmSync(join(ck, f)); mkdirSync(join(ck, f)); return f; },
  "'__proto__' key in the state": (ck, r) => { rewrite(ck, (m) => { const where = r() < 0.5 ? m.state : m.state.trainer ?? m.state; Object.defineProperty(where, '__proto__', { value: { polluted: 1 }, enumerable: true, configurable: true, writable: true }); }); return ''; },
  'manifest not an object': (ck, r) => { const v = pick(['[]', 'null', '"x"', '42', '{"format":"mecrl.checkpoint","version":2,"arrays":{}}', '{"format":"mecrl.checkpoint","version":2,"arrays":[null]}'], r); writeFileSync(join(ck, 'manifest.json'), v); writeFileSync(join(ck, 'manifest.fnv1a'), fnv1a(Buffer.from(v))); return v; },
  "another method's checkpoint": (ck, _r, g) => { rmSync(ck, { recursive: true }); cpSync(join(g.jobs['td3']!, 'checkpoint'), ck, { recursive: true }); return 'td3 as ddpg'; },
  "another method's checkpoint, relabelled": (ck, _r, g) => { rmSync(ck, { recursive: true }); cpSync(join(g.jobs['td3']!, 'checkpoint'), ck, { recursive: true }); rewrite(ck, (m) => { m.meta.method = 'ddpg'; }); return 'td3 relabelled ddpg'; },
  "another seed's checkpoint": (ck, _r, g) => { rmSync(ck, { recursive: true }); cpSync(join(g.jobs['ddpg2']!, 'checkpoint'), ck, { recursive: true }); return 'seed 2 as seed 1'; },
  'rows count beyond rows.jsonl': (ck, r) => { const v = pick([1e9, -1, 0.5, 'x'], r); rewrite(ck, (m) => { m.meta.rows = v; }); return String(v); },
  'array of the wrong shape': (ck, r) => {
    let d = '';
    rewrite(ck, (m) => {
      const e = nonEmpty(m, r);
      const n = Math.max(0, e.length + pick([-1, 1, -e.length, e.length], r));
      const bytes = new Uint8Array(new Float64Array(n).fill(0.5).buffer);
      writeFileSync(join(ck, e.file), bytes);
      e.length = n; e.fnv1a = fnv1a(bytes);
      // the state's reference records the length too: keep it consistent so only the learner can object
      const fix = (v: any): void => { if (v && typeof v === 'object') { if (v.$f64 === e.name) v.length = n; else Object.values(v).forEach(fix); } };
      fix(m.state);
      d = `${e.name}: ${n} values`;
    });
    return d;
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One trial: copy the golden ddpg job, damage its checkpoint, resume; returns null when rejected properly. */
export function hostileTrial(g: Golden, trial: number, name: string, u: number): string | null {
  const r = hostileTrialMessage(g, trial, name, u);
  return r.ok ? null : r.message;
}

/** One trial's outcome: ok (rejected with a CheckpointError, whose message is returned) or the failure. */
export function hostileTrialMessage(g: Golden, trial: number, name: string, u: number): { ok: boolean; message: string } {
  const why = hostileTrialInner(g, trial, name, u);
  return why.startsWith('ok: ') ? { ok: true, message: why.slice(4) } : { ok: false, message: why };
}

function hostileTrialInner(g: Golden, trial: number, name: string, u: number): string {
  const runDir = join(g.root, `t${trial}`);
  const job = jobDir(runDir, 'ddpg', SEED);
  cpSync(g.jobs['ddpg']!, job, { recursive: true });
  let k = 0;
  const r = (): number => { k++; const x = Math.sin(u * 1e4 + k * 7919.13) * 43758.5453; return x - Math.floor(x); };
  let what: string;
  try { what = MUTATIONS[name]!(join(job, 'checkpoint'), r, g); } catch (e) { rmSync(runDir, { recursive: true, force: true }); return `${name}: the mutation itself failed: ${(e as Error).message}`; }
  const spec: JobSpec = { experiment: EXPERIMENT, config: g.config, method: 'ddpg', seed: SEED, runDir, checkpointEvery: 1, resume: true };
  try {
    const status = runJobWithFiles(spec, () => undefined, () => true);
    return `${name} (${what}): silently loaded (job ${status})`;
  } catch (e) {
    if (!(e instanceof CheckpointError)) return `${name} (${what}): ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`;
    if (({} as Record<string, unknown>)['polluted'] !== undefined) return `${name} (${what}): Object.prototype polluted`;
    return `ok: ${e.message}`;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
    rmSync(`${join(job, 'checkpoint')}-target`, { recursive: true, force: true });
  }
}

/** `runs` trials cycling through every mutation kind with random parameters. */
export function fuzzHostileCheckpoints(runs: number, seed: number): FuzzResult {
  const g = makeGolden();
  let failures = 0;
  const examples: string[] = [];
  try {
    const us = fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { numRuns: runs, seed }).map((x) => x / 2 ** 31);
    us.forEach((u, i) => {
      const name = MUTATION_NAMES[i % MUTATION_NAMES.length]!;
      const why = hostileTrial(g, i, name, u);
      if (why !== null) { failures++; if (examples.length < 10) examples.push(why); }
    });
  } finally {
    rmSync(g.root, { recursive: true, force: true });
  }
  return { trials: runs, failures, examples };
}

export const CHECKS_CHECKPOINTS: readonly Check[] = [
  { name: 'hostile-checkpoints', description: `a genuine checkpoint (pendulum smoke, DDPG) damaged one way per trial (${MUTATION_NAMES.length} kinds: ${MUTATION_NAMES.join('; ')}), then resumed: every trial rejected with a CheckpointError (exit 2), no silent load, no other exception`, trials: 1000, run: (n) => fuzzHostileCheckpoints(n, 20) },
];
