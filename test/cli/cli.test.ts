// The mecrl command as a user runs it: exit codes, one-line errors, byte-identical outputs across
// runs and worker counts, resume after an interruption, report rebuilds.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runJobWithFiles, jobDir, readRows } from '../../cli/job.js';
import { EXPERIMENTS } from '../../experiments/index.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'mecrl.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'mecrl-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function mecrl(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const withoutWall = (file: string): unknown => {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete s['wallSeconds'];
  return s;
};

describe('mecrl command line', () => {
  it('lists experiments, presets and methods; --help on every command', () => {
    const r = mecrl('list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pendulum .*\n\s+presets: quick\*.*smoke/);
    for (const c of ['run', 'eval', 'report', 'list']) {
      const h = mecrl(c, '--help');
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`Usage: mecrl ${c}`));
    }
    expect(mecrl('run', '--help').stdout).toMatch(/--workers N .*\(default: the number of cores, capped at the\s+number of jobs\)/);
  }, 120_000); // many child processes: generous under a loaded CI machine

  it('bad input exits 2 with one line naming the field and the allowed values', () => {
    const cases: Array<[string[], RegExp]> = [
      [['run', 'nope'], /unknown experiment 'nope' \(available: pendulum, cartpole/],
      [['run', 'pendulum', '--preset', 'huge'], /unknown preset 'huge' for pendulum \(available: quick, smoke\)/],
      [['run', 'pendulum', '--methods', 'ddpg,sac'], /unknown method 'sac' for pendulum \(available: ddpg, td3\)/],
      [['run', 'pendulum', '--set', 'gama=0.9'], /unknown config key 'gama' \(allowed here: .*gamma/],
      [['run', 'pendulum', '--set', 'gamma="high"'], /config: gamma must be a number, got string "high" \(from preset 'quick' and --set gamma="high"\)/],
      [['run', 'pendulum', '--set', 'gamma=1.5'], /gamma must be a finite number in \[0, 1\], got 1.5/],
      [['run', 'pendulum', '--set', 'gamma=abc'], /config: gamma must be a number, got string "abc" \(from preset 'quick' and --set gamma=abc\)/],
      [['run', 'pendulum', '--set', 'gamma=0.9 x'], /--set gamma: value '0.9 x' is not JSON \(numbers and words as is/],
      [['run', 'pendulum', '--seeds', '1,x'], /--seeds: seed 'x' must be an integer >= 0/],
      [['run', 'pendulum', '--workers', '0'], /--workers must be an integer >= 1, got '0'/],
      [['run', 'pendulum', '--backend', 'gpu'], /--backend must be one of ts, wasm, got 'gpu'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['report', join(tmp, 'missing')], /is not a run folder \(no config.json\)/],
    ];
    for (const [args, re] of cases) {
      const r = mecrl(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  }, 180_000); // many child processes: generous under a loaded CI machine

  it('the same command twice, and with --workers 2, gives byte-identical metrics and summaries', () => {
    const a = join(tmp, 'a'), b = join(tmp, 'b'), c = join(tmp, 'c');
    expect(mecrl('run', 'pendulum', '--preset', 'smoke', '--seeds', '1,2', '--out', a).code).toBe(0);
    expect(mecrl('run', 'pendulum', '--preset', 'smoke', '--seeds', '1,2', '--out', b).code).toBe(0);
    expect(mecrl('run', 'pendulum', '--preset', 'smoke', '--seeds', '1,2', '--out', c, '--workers', '2').code).toBe(0);
    const m = readFileSync(join(a, 'metrics.jsonl'), 'utf8');
    expect(m.split('\n').length).toBeGreaterThan(10);
    expect(readFileSync(join(b, 'metrics.jsonl'), 'utf8')).toBe(m);
    expect(readFileSync(join(c, 'metrics.jsonl'), 'utf8')).toBe(m);
    expect(withoutWall(join(b, 'summary.json'))).toEqual(withoutWall(join(a, 'summary.json')));
    expect(withoutWall(join(c, 'summary.json'))).toEqual(withoutWall(join(a, 'summary.json')));
    // the kernel backends: the default is wasm (where WebAssembly SIMD runs); --backend ts gives the
    // same bytes; both recorded in config.json and printed in REPORT.md
    const d = join(tmp, 'd');
    expect(mecrl('run', 'pendulum', '--preset', 'smoke', '--seeds', '1,2', '--out', d, '--workers', '2', '--backend', 'ts').code).toBe(0);
    expect(readFileSync(join(d, 'metrics.jsonl'), 'utf8')).toBe(m);
    expect(withoutWall(join(d, 'summary.json'))).toEqual(withoutWall(join(a, 'summary.json')));
    expect((JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')) as { backend: string }).backend).toBe('ts');
    expect((JSON.parse(readFileSync(join(a, 'config.json'), 'utf8')) as { backend: string }).backend).toBe('wasm');
    expect(readFileSync(join(d, 'REPORT.md'), 'utf8')).toMatch(/Kernel backend: ts/);
    expect(readFileSync(join(a, 'REPORT.md'), 'utf8')).toMatch(/Kernel backend: wasm/);
    // rows are sorted by method, seed, phase, episode
    const rows = m.trim().split('\n').map((l) => JSON.parse(l) as { method: string; seed: number; phase: string; episode: number });
    expect(rows[0]).toMatchObject({ method: 'ddpg', seed: 1, phase: 'train', episode: 0 });
    expect(rows.at(-1)).toMatchObject({ method: 'td3', seed: 2, phase: 'eval' });
    for (const f of ['config.json', 'REPORT.md', 'plots/return.svg', 'plots/return.png']) expect(existsSync(join(a, f)), f).toBe(true);
    const report = readFileSync(join(a, 'REPORT.md'), 'utf8');
    expect(report).toMatch(/mecrl run pendulum --preset smoke --seeds 1,2 --out/);
    expect(report).toMatch(/!\[return\]\(plots\/return.svg\)/);
    // a non-empty --out is refused without --resume, and nothing is overwritten
    const before = readFileSync(join(a, 'summary.json'), 'utf8');
    const r = mecrl('run', 'pendulum', '--preset', 'smoke', '--seeds', '1,2', '--out', a);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exists and is not empty: pass --resume/);
    expect(readFileSync(join(a, 'summary.json'), 'utf8')).toBe(before);
    // --resume with other arguments is refused
    expect(mecrl('run', 'pendulum', '--preset', 'smoke', '--seeds', '1,3', '--out', a, '--resume').stderr).toMatch(/different seeds/);
    // report rebuilds the same summary; eval writes its own folder
    rmSync(join(a, 'summary.json'));
    expect(mecrl('report', a).code).toBe(0);
    expect(readFileSync(join(a, 'summary.json'), 'utf8')).toBe(before);
    expect(mecrl('eval', a, '--episodes', '2').code).toBe(0);
    expect(existsSync(join(a, 'eval', 'summary.json'))).toBe(true);
  }, 120_000);

  it('a job stopped mid-run and resumed from its checkpoint equals an uninterrupted job', () => {
    const exp = EXPERIMENTS['pendulum']!;
    const config = exp.resolveConfig({ ...exp.presets['smoke']!.config, steps: 1400 });
    const whole = join(tmp, 'whole'), parts = join(tmp, 'parts');
    const spec = (runDir: string, resume: boolean) => ({ experiment: 'pendulum', config, method: 'td3', seed: 3, runDir, checkpointEvery: 2, resume });
    expect(runJobWithFiles(spec(whole, false), () => undefined, () => false)).toBe('done');
    let episodes = 0;
    const status = runJobWithFiles(spec(parts, false), (p) => { episodes = p.episode; }, () => episodes >= 3);
    expect(status).toBe('interrupted');
    expect(existsSync(join(jobDir(parts, 'td3', 3), 'checkpoint', 'manifest.json'))).toBe(true);
    expect(existsSync(join(jobDir(parts, 'td3', 3), 'result.json'))).toBe(false);
    expect(runJobWithFiles(spec(parts, true), () => undefined, () => false)).toBe('done');
    const rw = readRows(join(jobDir(whole, 'td3', 3), 'rows.jsonl')), rp = readRows(join(jobDir(parts, 'td3', 3), 'rows.jsonl'));
    expect(rp).toEqual(rw);
    const res = (d: string) => { const r = JSON.parse(readFileSync(join(jobDir(d, 'td3', 3), 'result.json'), 'utf8')); delete r.wallSeconds; return r; };
    expect(res(parts)).toEqual(res(whole));
    expect(existsSync(join(jobDir(parts, 'td3', 3), 'checkpoint'))).toBe(false);
    // a finished job is skipped on resume
    expect(runJobWithFiles(spec(parts, true), () => undefined, () => false)).toBe('skipped');
  }, 60_000);

  it('a corrupt checkpoint is refused with exit 2', () => {
    const exp = EXPERIMENTS['pendulum']!;
    const config = exp.resolveConfig({ ...exp.presets['smoke']!.config, steps: 1400 });
    const d = join(tmp, 'corrupt');
    let episodes = 0;
    runJobWithFiles({ experiment: 'pendulum', config, method: 'ddpg', seed: 1, runDir: d, checkpointEvery: 2, resume: false }, (p) => { episodes = p.episode; }, () => episodes >= 3);
    writeFileSync(join(d, 'config.json'), JSON.stringify({ experiment: 'pendulum', preset: 'smoke', seeds: [1], methods: ['ddpg'], config, resolutions: {}, versions: {}, command: '' }));
    const ck = join(jobDir(d, 'ddpg', 1), 'checkpoint');
    const f = readdirSync(ck).find((x) => x.endsWith('.f64'))!;
    const bytes = readFileSync(join(ck, f));
    bytes[0] ^= 0xff;
    writeFileSync(join(ck, f), bytes);
    const r = mecrl('run', 'pendulum', '--preset', 'smoke', '--seeds', '1', '--methods', 'ddpg', '--set', 'steps=1400', '--out', d, '--resume');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/checksum mismatch/);
  }, 60_000);

  it('Ctrl-C saves checkpoints and exits 130; --resume finishes with the uninterrupted result', async () => {
    const ref = join(tmp, 'sig-ref'), d = join(tmp, 'sig');
    const args = ['run', 'pendulum', '--preset', 'smoke', '--seeds', '1', '--methods', 'td3', '--set', 'steps=20000', '--set', 'updateEvery=50', '--checkpoint-every', '1'];
    const child = spawn(process.execPath, [BIN, ...args, '--out', d], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (x: Buffer) => { err += x.toString(); if (/episode [1-9]/.test(err) && !child.killed) child.kill('SIGINT'); });
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    expect(code).toBe(130);
    expect(err).toMatch(/--resume/);
    expect(mecrl(...args, '--out', d, '--resume').code).toBe(0);
    expect(mecrl(...args, '--out', ref).code).toBe(0);
    expect(readFileSync(join(d, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(ref, 'metrics.jsonl'), 'utf8'));
  }, 180_000);
});
