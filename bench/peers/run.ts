// `npm run bench:peers`: mecrl side by side with the hand-fused reference, PyTorch and TensorFlow.js
// on W1–W3 (shared/bench/reference.cjs) and W5 (paper 1's full MADDPG step), ALTERNATING: every round
// runs every implementation once, in its own process, in a fixed order (A B C … A B C …), so slow
// phases of a noisy machine hit all of them alike. Writes bench/results/peers.json.
//
// Implementations (PEERS_ONLY=comma list to run a subset; mecrl is always run, ratios need it):
//   mecrl               float64, public API: bench/workloads.ts (W1–W3) + bench/peers/mecrl_w5.ts (W5)
//   mecrl-wasm          the same code on the wasm kernel backend (setBackend('wasm'), bit-identical
//                         results); its ratioToMecrl < 1 means wasm is FASTER than the ts path (1/r = speed-up)
//   reference-k4        float64, shared/bench/reference.cjs k4 (the hand-fused scalar-JS ceiling; W1–W3)
//   torch-netlib-f64    Debian python3-torch, Debian's reference BLAS (libblas3, netlib) — what a plain
//   torch-netlib-f32      `apt-get install python3-torch` links on a machine with no other BLAS
//   torch-openblas-f64  the same torch with Debian's OpenBLAS (libopenblas0-pthread, 1 thread),
//   torch-openblas-f32    chosen per process with LD_LIBRARY_PATH (the system alternative is not touched)
//   tfjs-cpu            @tensorflow/tfjs cpu backend, float32 only (tfjs has no float64)
//   tfjs-wasm           @tensorflow/tfjs-backend-wasm, single-threaded, float32 only
// Everything runs on 1 thread (torch.set_num_threads(1), OMP/OPENBLAS/MKL_NUM_THREADS=1).
//
// Setup done here when missing (a new user needs nothing else): the tfjs package under
// bench/peers/tfjs (`npm ci`, its own lock file — never a dependency of mecrl), and with apt
// (`apt-get update`, then `apt-get install -y` whichever of python3-torch, libopenblas0, libblas3,
// liblapack3 is missing; as root, else with sudo). PEERS_NO_INSTALL=1 turns installing off.
//
// Environment: PEERS_ROUNDS (default 5; fewer only for smoke tests), PEERS_REPS (measurements per process, median taken;
// default 3), PEERS_MS (ms per W1/W2 measurement, default 400), PEERS_W5_MS (default 1500),
// MECRL_SHARED_DIR (folder holding bench/reference.cjs and harness.cjs; default ../shared).
//
// peers.json: { "<implementation>": { "<workload>": { median, min, max, ratioToMecrl, ratioMin,
// ratioMax, values, unit, dtype } }, machine, versions, settings, gc }. median/min/max are over
// rounds (each round's value is that process's median of PEERS_REPS measurements). ratioToMecrl is
// the MEDIAN OF SAME-ROUND RATIOS, oriented so that > 1 ALWAYS MEANS MECRL IS FASTER:
// throughput workloads (W1, W2, W5; updates/s) mecrl/peer, latency (W3; µs) peer/mecrl.
// `gc`: mecrl's GC counts and heap growth per update over 10 000 W1 updates (one extra process).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../cli/fs/atomic.js';
import { ROOT, sharedDir } from '../shared.js';

const PEERS_DIR = resolve(ROOT, 'bench', 'peers');
const TFJS_DIR = resolve(PEERS_DIR, 'tfjs');
const PYTHON = '/usr/bin/python3';

function intEnv(name: string, def: number, min: number): number {
  const raw = process.env[name];
  const v = raw === undefined || raw === '' ? def : Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer >= ${min}, got ${raw}`);
  return v;
}
function numEnv(name: string, def: number): number {
  const raw = process.env[name];
  const v = raw === undefined || raw === '' ? def : Number(raw);
  if (!(v > 0 && Number.isFinite(v))) throw new Error(`${name} must be a number > 0, got ${raw}`);
  return v;
}
const ROUNDS = intEnv('PEERS_ROUNDS', 5, 1);
const REPS = intEnv('PEERS_REPS', 3, 1);
const MS = numEnv('PEERS_MS', 400);
const W5_MS = numEnv('PEERS_W5_MS', 1500);
const NO_INSTALL = process.env['PEERS_NO_INSTALL'] === '1';

const WORKLOADS = {
  W1: { name: 'ddpg-update', unit: 'updates/s', higherIsBetter: true },
  W2: { name: 'maddpg-critic', unit: 'updates/s', higherIsBetter: true },
  W3: { name: 'act-latency', unit: 'µs per call', higherIsBetter: false },
  W5: { name: 'maddpg-step-paper1', unit: 'steps/s', higherIsBetter: true },
} as const;
type Workload = keyof typeof WORKLOADS;
const ALL_WORKLOADS = Object.keys(WORKLOADS) as Workload[];

interface Impl {
  readonly name: string;
  readonly dtype: 'f64' | 'f32';
  readonly workloads: readonly Workload[];
  readonly cmd: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly note: string;
}

function log(msg: string): void {
  process.stderr.write(`[bench:peers] ${msg}\n`);
}

function sh(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, maxBuffer: 64 << 20 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Runs `cmd` with output shown (installs); throws with a readable message on failure. */
function run(cmd: string, args: readonly string[], what: string, cwd = ROOT): void {
  log(`${what}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}): ${cmd} ${args.join(' ')}`);
}

/** Debian multiarch library folder of this process's architecture, e.g. /usr/lib/x86_64-linux-gnu. */
function multiarchLibDir(): string {
  const cpu = ({ x64: 'x86_64', arm64: 'aarch64', ia32: 'i386', arm: 'arm', ppc64: 'powerpc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[process.arch] ?? process.arch;
  const dirs = existsSync('/usr/lib') ? readdirSync('/usr/lib').filter((d) => d.startsWith(`${cpu}-linux-gnu`)) : [];
  return `/usr/lib/${dirs[0] ?? `${cpu}-linux-gnu`}`;
}

function aptInstall(pkgs: string[]): void {
  if (pkgs.length === 0) return;
  if (NO_INSTALL) throw new Error(`missing Debian packages ${pkgs.join(' ')} and PEERS_NO_INSTALL=1`);
  if (!existsSync('/usr/bin/apt-get')) throw new Error(`need Debian packages ${pkgs.join(' ')}, but there is no apt-get: install them by hand`);
  const root = process.getuid?.() === 0;
  if (!root) log('not root: using sudo for apt-get');
  const apt = (args: string[], what: string): void => (root ? run('apt-get', args, what) : run('sudo', ['apt-get', ...args], what));
  log(`installing ${pkgs.join(' ')} with apt (python3-torch is ~1 GB with its dependencies; expect minutes)`);
  apt(['update'], 'apt-get update');
  apt(['install', '-y', ...pkgs], 'apt-get install');
}

function blasPaths(libDir: string): { netlib: string; openblas: string } {
  return { netlib: `${libDir}/blas:${libDir}/lapack`, openblas: `${libDir}/openblas-pthread` };
}

/** Installs what the selected implementations need and is missing (torch + both BLAS with apt; the tfjs package with npm). */
function ensurePeers(libDir: string, needTorch: boolean, needTfjs: boolean): void {
  if (needTorch) {
    const missing: string[] = [];
    if (!existsSync(PYTHON) || !sh(PYTHON, ['-c', 'import torch']).ok) missing.push('python3-torch');
    if (!existsSync(`${libDir}/openblas-pthread/libblas.so.3`)) missing.push('libopenblas0');
    if (!existsSync(`${libDir}/blas/libblas.so.3`)) missing.push('libblas3');
    if (!existsSync(`${libDir}/lapack/liblapack.so.3`)) missing.push('liblapack3');
    aptInstall(missing);
    if (!sh(PYTHON, ['-c', 'import torch']).ok) throw new Error(`"${PYTHON} -c 'import torch'" still fails after installing python3-torch (PyTorch is run with Debian's own Python, ${PYTHON})`);
  }
  if (needTfjs && (!existsSync(resolve(TFJS_DIR, 'node_modules', '@tensorflow', 'tfjs', 'package.json')) || !existsSync(resolve(TFJS_DIR, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'package.json')))) {
    if (NO_INSTALL) throw new Error('bench/peers/tfjs has no node_modules and PEERS_NO_INSTALL=1');
    const lock = existsSync(resolve(TFJS_DIR, 'package-lock.json'));
    run('npm', [lock ? 'ci' : 'install', '--prefix', TFJS_DIR, '--no-audit', '--no-fund'], 'installing the tfjs peer (bench/peers/tfjs, its own package)');
  }
}

function implementations(shared: string, blas: { netlib: string; openblas: string }): Impl[] {
  const common = ['--reps', String(REPS), '--ms', String(MS)];
  const one = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const torch = (lib: 'netlib' | 'openblas', dtype: 'f64' | 'f32'): Impl => ({
    name: `torch-${lib}-${dtype}`,
    dtype,
    workloads: ALL_WORKLOADS,
    cmd: PYTHON,
    args: [resolve(PEERS_DIR, 'torch_workloads.py'), '--dtype', dtype, '--impl', `torch-${lib}-${dtype}`, ...common, '--w5-ms', String(W5_MS)],
    cwd: PEERS_DIR,
    env: { ...one, LD_LIBRARY_PATH: lib === 'netlib' ? blas.netlib : blas.openblas },
    note: `PyTorch ${dtype === 'f64' ? 'float64' : 'float32'}, 1 thread, ${lib === 'netlib' ? "Debian's reference BLAS (libblas3)" : "Debian's OpenBLAS (libopenblas0-pthread)"} via LD_LIBRARY_PATH`,
  });
  const tfjs = (backend: 'cpu' | 'wasm'): Impl => ({
    name: `tfjs-${backend}`,
    dtype: 'f32',
    workloads: ALL_WORKLOADS,
    cmd: process.execPath,
    args: [resolve(TFJS_DIR, 'workloads.mjs'), '--backend', backend, ...common, '--w5-ms', String(W5_MS)],
    cwd: TFJS_DIR,
    env: { HARNESS: resolve(shared, 'bench', 'harness.cjs') },
    note: backend === 'cpu' ? 'TensorFlow.js cpu backend (plain JS kernels), float32' : 'TensorFlow.js wasm backend (XNNPACK), single-threaded build, float32',
  });
  return [
    {
      name: 'mecrl',
      dtype: 'f64',
      workloads: ALL_WORKLOADS,
      cmd: process.execPath,
      args: ['--import', 'tsx', resolve(PEERS_DIR, 'mecrl_runner.ts'), ...common, '--w5-ms', String(W5_MS)],
      cwd: ROOT,
      env: { MECRL_SHARED_DIR: shared },
      note: "mecrl's public API (lib/tensor autograd, lib/nn, lib/rl Maddpg for W5), float64",
    },
    {
      name: 'mecrl-wasm',
      dtype: 'f64',
      workloads: ALL_WORKLOADS,
      cmd: process.execPath,
      args: ['--import', 'tsx', resolve(PEERS_DIR, 'mecrl_runner.ts'), ...common, '--w5-ms', String(W5_MS), '--backend', 'wasm'],
      cwd: ROOT,
      env: { MECRL_SHARED_DIR: shared },
      note: "mecrl's public API on the wasm backend (WebAssembly-SIMD f64 kernels, bit-identical to mecrl), float64",
    },
    {
      name: 'reference-k4',
      dtype: 'f64',
      workloads: ['W1', 'W2', 'W3'],
      cmd: process.execPath,
      args: [resolve(shared, 'bench', 'reference.cjs'), String(REPS), String(MS), 'k4'],
      cwd: ROOT,
      env: { REF_DTYPE: 'f64' },
      note: 'shared/bench/reference.cjs k4, float64: hand-fused, no autograd (the scalar-JS ceiling)',
    },
    torch('netlib', 'f64'),
    torch('netlib', 'f32'),
    torch('openblas', 'f64'),
    torch('openblas', 'f32'),
    tfjs('cpu'),
    tfjs('wasm'),
  ];
}

interface ProcOut { impl: string; versions?: Record<string, unknown>; [k: string]: unknown }

function runImpl(impl: Impl): ProcOut {
  const t0 = Date.now();
  const r = spawnSync(impl.cmd, impl.args, { cwd: impl.cwd, encoding: 'utf8', env: { ...process.env, ...impl.env }, maxBuffer: 64 << 20, timeout: 30 * 60_000 });
  const line = (r.stdout ?? '').trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (r.status !== 0 || line === undefined) {
    throw new Error(`${impl.name} failed (exit ${r.status ?? r.signal}) after ${((Date.now() - t0) / 1000).toFixed(0)} s: ${impl.cmd} ${impl.args.join(' ')}\n${(r.stderr ?? '').slice(-3000)}`);
  }
  const out = JSON.parse(line) as ProcOut;
  for (const w of impl.workloads) if (typeof out[`${w}_med`] !== 'number') throw new Error(`${impl.name} printed no ${w}_med: ${line.slice(0, 500)}`);
  return out;
}

const median = (a: readonly number[]): number => { const s = [...a].sort((x, y) => x - y), n = s.length; return n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2; };

function dpkgVersion(pkg: string): string | null {
  const r = sh('dpkg-query', ['-W', '-f=${Version}', pkg]);
  return r.ok && r.out.trim() !== '' ? r.out.trim() : null;
}

function gitDescribe(): { commit: string | null; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: false };
  }
}

async function main(): Promise<void> {
  let shared: string;
  try {
    shared = sharedDir();
  } catch (e) {
    log((e as Error).message);
    log('The peer benchmark needs shared/bench/reference.cjs (the yardstick) and harness.cjs (the timing protocol every JS implementation shares).');
    process.exit(2);
  }
  const libDir = multiarchLibDir();
  let impls = implementations(shared, blasPaths(libDir));
  const only = process.env['PEERS_ONLY'];
  if (only !== undefined && only !== '') {
    const want = new Set(only.split(',').map((s) => s.trim()));
    for (const w of want) if (!impls.some((i) => i.name === w)) throw new Error(`PEERS_ONLY: unknown implementation ${w}; known: ${impls.map((i) => i.name).join(', ')}`);
    impls = impls.filter((i) => i.name === 'mecrl' || want.has(i.name));
  }
  ensurePeers(libDir, impls.some((i) => i.name.startsWith('torch-')), impls.some((i) => i.name.startsWith('tfjs-')));
  if (ROUNDS < 5) log(`PEERS_ROUNDS=${ROUNDS}: fewer than the 5 rounds the comparison is specified with (fine for a smoke test)`);
  log(`${ROUNDS} rounds × ${impls.length} implementations (${impls.map((i) => i.name).join(', ')}), ${REPS} measurements per process`);
  const values: Record<string, Record<string, number[]>> = {};
  const procVersions: Record<string, Record<string, unknown>> = {};
  const load: number[][] = [];
  const t0 = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    load.push(loadavg().map((x) => Math.round(x * 100) / 100));
    for (const impl of impls) {
      const out = runImpl(impl);
      if (out.versions !== undefined && procVersions[impl.name] === undefined) procVersions[impl.name] = out.versions;
      const v = (values[impl.name] ??= {});
      for (const w of impl.workloads) (v[w] ??= []).push(out[`${w}_med`] as number);
      log(`round ${round + 1}/${ROUNDS} ${impl.name.padEnd(18)} ${impl.workloads.map((w) => `${w} ${(out[`${w}_med`] as number).toPrecision(4)}`).join('  ')}`);
    }
  }
  load.push(loadavg().map((x) => Math.round(x * 100) / 100));
  log('GC counts of mecrl W1 over 10 000 updates');
  const gcOut = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(PEERS_DIR, 'mecrl_runner.ts'), '--gc', '--updates', '10000'], { cwd: ROOT, encoding: 'utf8' });
  const gcLine = (gcOut.stdout ?? '').trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (gcOut.status !== 0 || gcLine === undefined) throw new Error(`GC run failed: ${gcOut.stderr}`);
  const gc = (JSON.parse(gcLine) as { gc: object }).gc;

  // Aggregate: medians over rounds and same-round ratios (> 1 = mecrl faster).
  const result: Record<string, unknown> = {};
  const mecrl = values['mecrl']!;
  for (const impl of impls) {
    const per: Record<string, unknown> = {};
    for (const w of impl.workloads) {
      const xs = values[impl.name]![w]!, ms = mecrl[w]!;
      const ratios = xs.map((x, r) => (WORKLOADS[w].higherIsBetter ? ms[r]! / x : x / ms[r]!));
      per[w] = {
        median: median(xs),
        min: Math.min(...xs),
        max: Math.max(...xs),
        ratioToMecrl: median(ratios),
        ratioMin: Math.min(...ratios),
        ratioMax: Math.max(...ratios),
        values: xs,
        unit: WORKLOADS[w].unit,
        dtype: impl.dtype,
      };
    }
    result[impl.name] = per;
  }
  const torchV = (procVersions['torch-openblas-f64'] ?? procVersions['torch-netlib-f64'] ?? {}) as Record<string, unknown>;
  const tfjsV = (procVersions['tfjs-wasm'] ?? procVersions['tfjs-cpu'] ?? {}) as Record<string, unknown>;
  const alt = sh('update-alternatives', ['--query', `libblas.so.3-${libDir.split('/').pop()}`]);
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  result['machine'] = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: existsSync('/etc/debian_version') ? `Debian ${readFileSync('/etc/debian_version', 'utf8').trim()}` : process.platform,
    kernel: release(),
    loadAverage: { perRound: load, note: 'os.loadavg() (1, 5, 15 min) before each round and at the end; > 1 per core means other processes shared the machine' },
  };
  result['versions'] = {
    mecrl: { version: pkg.version, ...gitDescribe() },
    node: process.version,
    v8: process.versions.v8,
    torch: torchV['torch'] ?? null,
    python: torchV['python'] ?? null,
    torchBlasInfo: torchV['blasInfo'] ?? null,
    torchMkldnn: torchV['mkldnn'] ?? null,
    torchBuildConfig: torchV['config'] ?? null,
    blasLoaded: Object.fromEntries(Object.entries(procVersions).filter(([k]) => k.startsWith('torch-')).map(([k, v]) => [k, (v as { blasLoaded?: unknown }).blasLoaded ?? null])),
    debianPackages: Object.fromEntries(['python3-torch', 'libtorch1.13', 'libblas3', 'liblapack3', 'libopenblas0', 'libopenblas0-pthread', 'libdnnl2'].map((p) => [p, dpkgVersion(p)])),
    systemBlasAlternative: alt.ok ? (/^Value: (.*)$/m.exec(alt.out)?.[1] ?? null) : null,
    tfjs: tfjsV['tfjs'] ?? null,
    tfjsBackendWasm: tfjsV['tfjs-backend-wasm'] ?? null,
    tfjsWasmSimd: tfjsV['wasmSimd'] ?? null,
    tfjsWasmMultithread: tfjsV['wasmMultithread'] ?? null,
  };
  result['settings'] = {
    rounds: ROUNDS,
    repsPerProcess: REPS,
    msPerMeasurement: MS,
    w5MsPerMeasurement: W5_MS,
    order: impls.map((i) => i.name),
    workloads: WORKLOADS,
    implementations: Object.fromEntries(impls.map((i) => [i.name, { dtype: i.dtype, note: i.note, workloads: i.workloads }])),
    ratioToMecrl: 'median over rounds of the same-round ratio; > 1 means mecrl is faster: mecrl/peer for throughput (W1, W2, W5), peer/mecrl for latency (W3)',
    timing: 'shared/bench/harness.cjs (JS; torch_workloads.py re-implements it): throughput = updates in blocks of 10 until ≥ ms; latency = median per-call µs over 5000 calls; warm-up 300 ms / 2000 calls',
    threads: 1,
    wallSeconds: Math.round((Date.now() - t0) / 1000),
  };
  result['gc'] = gc;
  result['date'] = new Date().toISOString();
  const path = resolve(ROOT, 'bench', 'results', 'peers.json');
  writeFileAtomic(path, JSON.stringify(result, null, 2) + '\n');

  const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  console.log(`\n${'implementation'.padEnd(20)}${ALL_WORKLOADS.map((w) => `${w} ${WORKLOADS[w].name} (${WORKLOADS[w].unit})`.padEnd(40)).join('')}`);
  for (const impl of impls) {
    const per = result[impl.name] as Record<string, { median: number; ratioToMecrl: number }>;
    console.log(`${impl.name.padEnd(20)}${ALL_WORKLOADS.map((w) => (per[w] === undefined ? '—' : `${f(per[w].median)}  (mecrl ×${per[w].ratioToMecrl.toFixed(2)})`).padEnd(40)).join('')}`);
  }
  console.log(`\nratio "mecrl ×r": r > 1 means mecrl is faster (same-round medians). GC over 10 000 W1 updates: ${JSON.stringify((gc as { counts: unknown }).counts)}`);
  console.log(`wrote ${path}`);
}

await main();
