// The page: controls, live learning curves, the environment view, the one-update inspector.
// All training runs in worker.ts; this thread only draws (so it never blocks for long).

import type { MetricRow } from '../experiments/types.js';
import type { ExperimentInfo, FromWorker, InspectReport, RunDigest, PendulumScene, Scene, SimpleSpreadScene, SmallCellScene, ToWorker } from './protocol.js';
import type { StartMessage, StepMessage, UpdateReport } from './session.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (m: ToWorker): void => worker.postMessage(m);

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2'];
let experiments: ExperimentInfo[] = [];
let current: ExperimentInfo | null = null;
let rows: MetricRow[] = [];
let policyText: string | null = null;
let portable: Readonly<Record<string, string>> = {};
let drawPending = false;

/** What the browser test reads: the run's digest once done. */
/** `steps`: what each "step" did ('update k' or 'episode'); `lastUpdate`: the last stepped update's report. */
declare global { interface Window { mecrl: { digest: RunDigest | null; rows: number; errors: string[]; mathFingerprint: string; w1MsPerUpdate: number | null; w1(backend: 'ts' | 'wasm'): void; backend: string; steps: string[]; lastUpdate: UpdateReport | null } } }
window.mecrl = { digest: null, rows: 0, errors: [], mathFingerprint: '', w1MsPerUpdate: null, w1: (backend) => send({ kind: 'w1', backend }), backend: '', steps: [], lastUpdate: null };
/** A run is active (started, not finished): "step" steps it; otherwise "step" starts a paused run first. */
let running = false;

function selected(): ExperimentInfo {
  return experiments.find((e) => e.name === $<HTMLSelectElement>('experiment').value) ?? experiments[0]!;
}

function fillPresets(): void {
  const e = selected(), sel = $<HTMLSelectElement>('preset');
  sel.replaceChildren(...e.presets.map((p) => new Option(p, p)));
  $('title').textContent = `${e.title} — methods: ${e.methods.join(', ')}`;
}

function setButtons(active: boolean, paused: boolean): void {
  running = active;
  $<HTMLButtonElement>('pause').disabled = !active || paused;
  $<HTMLButtonElement>('resume').disabled = !active || !paused;
  $<HTMLButtonElement>('step').disabled = false;
}

function start(paused = false): void {
  current = selected();
  const preset = $<HTMLSelectElement>('preset').value;
  const seed = Number($<HTMLInputElement>('seed').value);
  rows = [];
  policyText = null;
  window.mecrl.digest = null;
  window.mecrl.rows = 0;
  window.mecrl.steps = [];
  window.mecrl.lastUpdate = null;
  running = true;
  $('metrics').querySelector('tbody')!.replaceChildren();
  $<HTMLButtonElement>('download').disabled = true;
  document.body.dataset['state'] = 'training';
  const msg: StartMessage = { kind: 'start', experiment: current.name, preset, seed, backend: $<HTMLSelectElement>('backend').value === 'wasm' ? 'wasm' : 'ts', paused };
  worker.postMessage(msg);
  scheduleDraw();
}

// ---- the training run's last stepped update (Step one update) ------------------------------

function showUpdate(m: StepMessage): void {
  window.mecrl.steps.push(m.report === null ? 'episode' : `update ${m.report.update}`);
  if (m.report === null) {
    $('runUpdateTitle').textContent = `${m.method}: stepped one episode, no learner update in it (warm-up, a method without learning, or a job whose loop reports no updates)`;
    return;
  }
  const r = m.report, f = (x: number): string => (Number.isNaN(x) ? '—' : x.toExponential(3));
  window.mecrl.lastUpdate = r;
  $('runUpdateTitle').textContent = `${r.method}: update ${r.update} (env step ${r.step}, ${r.episode} episode${r.episode === 1 ? '' : 's'} done; ${r.stepsRun} env steps run from the last episode checkpoint to reach it)`;
  $('runNorms').querySelector('tbody')!.replaceChildren(...r.layers.map((l) => {
    const tr = document.createElement('tr');
    for (const c of [l.name, f(l.weight), f(l.grad), f(l.adamM), f(l.adamV)]) tr.appendChild(Object.assign(document.createElement('td'), { textContent: c }));
    return tr;
  }));
  $('runGraph').textContent = r.graph === '' ? '(this learner reports no loss graph)' : r.graph;
  $('runStats').textContent = Object.entries(r.stats).map(([k, v]) => `${k} = ${v.toPrecision(6)}`).join('\n');
  drawTargets('runTargets', r.tdTargets, r.qValues);
}

/** TD targets (blue) beside Q(s, a) (orange), one pair of bars per batch row. */
function drawTargets(canvas: string, tdTargets: readonly number[], qValues: readonly number[]): void {
  const cv = $<HTMLCanvasElement>(canvas), g = cv.getContext('2d')!;
  g.clearRect(0, 0, cv.width, cv.height);
  if (tdTargets.length === 0) return;
  const lo = Math.min(...tdTargets, ...qValues, 0), hi = Math.max(...tdTargets, ...qValues, 0), w = cv.width / tdTargets.length;
  const sy = (y: number): number => cv.height - 4 - ((y - lo) / (hi - lo || 1)) * (cv.height - 8);
  g.fillStyle = '#1f77b4';
  tdTargets.forEach((y, i) => g.fillRect(i * w + 1, Math.min(sy(y), sy(0)), w / 2 - 1, Math.abs(sy(y) - sy(0))));
  g.fillStyle = '#ff7f0e';
  qValues.forEach((y, i) => g.fillRect(i * w + w / 2, Math.min(sy(y), sy(0)), w / 2 - 1, Math.abs(sy(y) - sy(0))));
}

// ---- learning curves ----------------------------------------------------------------------

function curveValue(r: MetricRow): number | undefined {
  const m = current?.curveMetric;
  if (m !== null && m !== undefined && r.values[m] !== undefined) return r.values[m];
  return Object.values(r.values)[0];
}

function drawCurves(): void {
  const cv = $<HTMLCanvasElement>('curves'), g = cv.getContext('2d')!;
  const W = cv.width, H = cv.height, L = 60, R = 130, T = 10, B = 30;
  g.clearRect(0, 0, W, H);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  const train = rows.filter((r) => r.phase === 'train');
  const by = new Map<string, Array<[number, number]>>();
  for (const r of train) {
    const v = curveValue(r);
    if (v === undefined || !Number.isFinite(v)) continue;
    let a = by.get(r.method);
    if (a === undefined) by.set(r.method, (a = []));
    a.push([r.episode, v]);
  }
  const all = [...by.values()].flat();
  $('curveCaption').textContent = `training ${current?.curveMetric ?? 'value'} per episode, per method (${train.length} train rows)`;
  if (all.length === 0) return;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [x, y] of all) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y1 += 1; y0 -= 1; }
  const sx = (x: number): number => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number): number => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  g.strokeStyle = '#999';
  g.strokeRect(L, T, W - L - R, H - T - B);
  g.fillStyle = '#333';
  g.font = '11px "DejaVu Sans", sans-serif';
  g.fillText(y1.toPrecision(4), 4, T + 10);
  g.fillText(y0.toPrecision(4), 4, H - B);
  g.fillText(`episode ${x0}`, L, H - 10);
  g.fillText(`${x1}`, W - R - 20, H - 10);
  [...by.entries()].forEach(([method, pts], i) => {
    g.strokeStyle = COLORS[i % COLORS.length]!;
    g.lineWidth = 1.5;
    g.beginPath();
    pts.forEach(([x, y], j) => (j === 0 ? g.moveTo(sx(x), sy(y)) : g.lineTo(sx(x), sy(y))));
    g.stroke();
    g.fillStyle = g.strokeStyle;
    g.fillText(method, W - R + 8, T + 14 + 16 * i);
  });
}

function scheduleDraw(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    drawCurves();
  });
}

// ---- inspector ----------------------------------------------------------------------------

function showInspect(r: InspectReport): void {
  $('graph').textContent = r.graph;
  const f = (x: number): string => x.toExponential(3);
  $('norms').querySelector('tbody')!.replaceChildren(...r.layers.map((l) => {
    const tr = document.createElement('tr');
    for (const c of [l.name, f(l.weight), f(l.grad), f(l.adamM), f(l.adamV)]) tr.appendChild(Object.assign(document.createElement('td'), { textContent: c }));
    return tr;
  }));
  $('stats').textContent = `update ${r.update}\n` + Object.entries(r.stats).map(([k, v]) => `${k} = ${v.toPrecision(6)}`).join('\n');
  drawTargets('targets', r.tdTargets, r.qValues);
  drawPendulum('pendulumCanvas', r.pendulum.theta);
  $('pendulumCaption').textContent = `Pendulum-v1 of the inspector: θ = ${r.pendulum.theta.toFixed(3)}, θ̇ = ${r.pendulum.thetaDot.toFixed(3)}`;
}

function drawPendulum(canvas: string, theta: number): void {
  const cv = $<HTMLCanvasElement>(canvas), g = cv.getContext('2d')!;
  const cx = cv.width / 2, cy = cv.height / 2, len = cv.width * 0.38;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, cv.width, cv.height);
  // θ = 0 is upright; screen y grows downwards.
  const x = cx + len * Math.sin(theta), y = cy - len * Math.cos(theta);
  g.strokeStyle = '#c33';
  g.lineWidth = 10;
  g.lineCap = 'round';
  g.beginPath();
  g.moveTo(cx, cy);
  g.lineTo(x, y);
  g.stroke();
  g.fillStyle = '#333';
  g.beginPath();
  g.arc(cx, cy, 6, 0, 2 * Math.PI);
  g.fill();
}

// ---- small-cell topology, one slot per frame ----------------------------------------------

let sceneTimer: ReturnType<typeof setInterval> | null = null;
const CHANNEL_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function playScene(sc: Scene): void {
  if (sceneTimer !== null) clearInterval(sceneTimer);
  let t = 0;
  const n = sc.kind === 'small-cell' ? sc.slots.length : sc.frames.length;
  const draw = (i: number): void => (sc.kind === 'small-cell' ? drawSlot(sc, i) : sc.kind === 'simple-spread' ? drawSpread(sc, i) : drawPendulumFrame(sc, i));
  draw(0);
  sceneTimer = setInterval(() => {
    t = (t + 1) % n;
    draw(t);
  }, sc.kind === 'small-cell' ? 250 : 80);
}

function drawPendulumFrame(sc: PendulumScene, t: number): void {
  const f = sc.frames[t]!;
  drawPendulum('sceneCanvas', f.theta);
  $('sceneCaption').textContent = `pendulum, ${sc.method}, evaluation episode 0, step ${f.step}/${sc.frames.length - 1}: θ = ${f.theta.toFixed(2)}, torque ${f.torque.toFixed(2)}`;
}

function drawSpread(sc: SimpleSpreadScene, t: number): void {
  const cv = $<HTMLCanvasElement>('sceneCanvas'), g = cv.getContext('2d')!;
  const W = cv.width, H = cv.height, f = sc.frames[t]!;
  // The world is about [−1.5, 1.5]² (agents and landmarks start in [−1, 1]).
  const px = (x: number): number => W / 2 + (x / 1.5) * (W / 2), py = (y: number): number => H / 2 - (y / 1.5) * (H / 2);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  g.fillStyle = '#888';
  for (let j = 0; j < f.landmarks.length / 2; j++) { g.beginPath(); g.arc(px(f.landmarks[2 * j]!), py(f.landmarks[2 * j + 1]!), 4, 0, 2 * Math.PI); g.fill(); }
  for (let i = 0; i < f.agents.length / 2; i++) {
    g.fillStyle = COLORS[i % COLORS.length]!;
    g.beginPath(); g.arc(px(f.agents[2 * i]!), py(f.agents[2 * i + 1]!), 0.15 / 1.5 * (W / 2), 0, 2 * Math.PI); g.fill();
  }
  $('sceneCaption').textContent = `simple-spread, ${sc.method}, evaluation episode 0, step ${f.step}/${sc.frames.length - 1}: agents (colours) spread over landmarks (grey)`;
}

function drawSlot(sc: SmallCellScene, t: number): void {
  const cv = $<HTMLCanvasElement>('sceneCanvas'), g = cv.getContext('2d')!;
  const W = cv.width, H = cv.height, pad = 18;
  const xs = [...sc.sbs.filter((_, i) => i % 2 === 0), ...sc.ues.filter((_, i) => i % 2 === 0)];
  const ys = [...sc.sbs.filter((_, i) => i % 2 === 1), ...sc.ues.filter((_, i) => i % 2 === 1)];
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const span = Math.max(x1 - x0, y1 - y0, 1);
  const px = (x: number): number => pad + ((x - x0) / span) * (W - 2 * pad);
  const py = (y: number): number => pad + ((y - y0) / span) * (H - 2 * pad);
  const slot = sc.slots[t]!, M = slot.cells.length;
  const Nm = slot.cells[0]?.alpha.length ?? 0;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  // Interference links: a UE on channel k in cell m is heard at every other SBS serving a UE on channel k.
  g.setLineDash([3, 3]);
  g.lineWidth = 0.8;
  for (let m = 0; m < M; m++) for (let n = 0; n < Nm; n++) {
    const k = slot.cells[m]!.channel[n]!;
    if (k < 0) continue;
    for (let o = 0; o < M; o++) {
      if (o === m || !slot.cells[o]!.channel.includes(k)) continue;
      const u = m * Nm + n;
      g.strokeStyle = 'rgba(200,0,0,0.45)';
      g.beginPath(); g.moveTo(px(sc.ues[2 * u]!), py(sc.ues[2 * u + 1]!)); g.lineTo(px(sc.sbs[2 * o]!), py(sc.sbs[2 * o + 1]!)); g.stroke();
    }
  }
  g.setLineDash([]);
  for (let m = 0; m < M; m++) {
    const bx = px(sc.sbs[2 * m]!), by = py(sc.sbs[2 * m + 1]!);
    for (let n = 0; n < Nm; n++) {
      const u = m * Nm + n, ux = px(sc.ues[2 * u]!), uy = py(sc.ues[2 * u + 1]!);
      const k = slot.cells[m]!.channel[n]!, a = slot.cells[m]!.alpha[n]!;
      const col = k < 0 ? '#999' : CHANNEL_COLORS[k % CHANNEL_COLORS.length]!;
      if (k >= 0) { g.strokeStyle = col; g.lineWidth = 0.5 + 2.5 * a; g.beginPath(); g.moveTo(ux, uy); g.lineTo(bx, by); g.stroke(); }
      // UE: ring = channel colour, fill = offloaded fraction α.
      g.fillStyle = '#fff'; g.beginPath(); g.arc(ux, uy, 5, 0, 2 * Math.PI); g.fill();
      g.fillStyle = col; g.beginPath(); g.moveTo(ux, uy); g.arc(ux, uy, 5, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * a); g.fill();
      g.strokeStyle = col; g.lineWidth = 1; g.beginPath(); g.arc(ux, uy, 5, 0, 2 * Math.PI); g.stroke();
    }
    g.fillStyle = '#222'; g.fillRect(bx - 5, by - 5, 10, 10);
    g.font = '10px "DejaVu Sans", sans-serif'; g.fillText(`SBS ${m}`, bx + 7, by - 6);
  }
  $('sceneCaption').textContent = `small-cell, ${sc.method}, evaluation episode 0, slot ${t + 1}/${sc.slots.length}: system reward ${slot.systemReward.toFixed(3)}. UE ring colour = channel (grey = local), filled share = offloaded α, line width ∝ α, dashed red = interference`;
}

// ---- messages -----------------------------------------------------------------------------

worker.onmessage = (ev: MessageEvent<FromWorker | StepMessage>) => {
  const m = ev.data;
  switch (m.kind) {
    case 'stepReport':
      showUpdate(m);
      break;
    case 'experiments': {
      experiments = [...m.list].filter((e) => e.presets.length > 0);
      window.mecrl.mathFingerprint = m.mathFingerprint;
      const sel = $<HTMLSelectElement>('experiment');
      sel.replaceChildren(...experiments.map((e) => new Option(`${e.name} — ${e.title}`, e.name)));
      const wanted = new URLSearchParams(location.search).get('experiment');
      if (wanted !== null && experiments.some((e) => e.name === wanted)) sel.value = wanted;
      fillPresets();
      const preset = new URLSearchParams(location.search).get('preset');
      if (preset !== null) $<HTMLSelectElement>('preset').value = preset;
      const backend = new URLSearchParams(location.search).get('backend');
      if (backend === 'ts' || backend === 'wasm') $<HTMLSelectElement>('backend').value = backend;
      const seed = new URLSearchParams(location.search).get('seed');
      if (seed !== null) $<HTMLInputElement>('seed').value = seed;
      document.body.dataset['state'] = 'ready';
      $('status').textContent = 'ready';
      $<HTMLButtonElement>('step').disabled = false;
      if (new URLSearchParams(location.search).get('autostart') === '1') start();
      break;
    }
    case 'rows':
      rows.push(...m.rows);
      window.mecrl.rows = rows.length;
      scheduleDraw();
      break;
    case 'status':
      $('status').textContent = `${m.text}${m.method !== '' ? ` — ${m.method} episode ${m.episode}/${m.episodes}` : ''}`;
      setButtons(m.text !== 'idle' && !m.text.startsWith('done'), m.paused);
      break;
    case 'jobDone': {
      const tr = document.createElement('tr');
      tr.appendChild(Object.assign(document.createElement('td'), { textContent: m.method }));
      const txt = Object.entries(m.metrics).slice(0, 6).map(([k, v]) => `${k} = ${v.toPrecision(5)}`).join('; ');
      tr.appendChild(Object.assign(document.createElement('td'), { textContent: txt }));
      $('metrics').querySelector('tbody')!.appendChild(tr);
      break;
    }
    case 'done':
      window.mecrl.digest = m.digest;
      policyText = m.policyText;
      portable = m.portable;
      $<HTMLSelectElement>('policyMethod').replaceChildren(...Object.keys(portable).map((k) => new Option(k, k)), new Option('all (run state)', ''));
      $<HTMLButtonElement>('download').disabled = false;
      document.body.dataset['state'] = 'done';
      scheduleDraw();
      break;
    case 'loaded': {
      const tr = document.createElement('tr');
      tr.appendChild(Object.assign(document.createElement('td'), { textContent: 'loaded policy.json' }));
      tr.appendChild(Object.assign(document.createElement('td'), { textContent: m.text }));
      $('metrics').querySelector('tbody')!.appendChild(tr);
      break;
    }
    case 'inspect':
      showInspect(m.report);
      if (playing) setTimeout(() => { if (playing) inspectOnce(); }, 30);
      break;
    case 'w1':
      window.mecrl.w1MsPerUpdate = m.msPerUpdate;
      $('status').textContent = `W1 update (${m.backend}): ${m.msPerUpdate.toFixed(3)} ms`;
      break;
    case 'backend':
      window.mecrl.backend = m.active;
      $('backendInfo').textContent = m.active === m.requested ? `backend ${m.active}` : `backend ${m.active} (${m.requested} unavailable: ${m.wasmUnavailable ?? '?'})`;
      break;
    case 'scene':
      playScene(m.scene);
      break;
    case 'error':
      window.mecrl.errors.push(m.message);
      document.body.dataset['state'] = 'error';
      $('status').textContent = `error: ${m.message}`;
      break;
  }
};

$('experiment').addEventListener('change', fillPresets);
$('start').addEventListener('click', () => start());
$('pause').addEventListener('click', () => send({ kind: 'pause' }));
$('resume').addEventListener('click', () => send({ kind: 'resume' }));
// Step: exactly one learner update of the run (starting a paused run first when none is active).
$('step').addEventListener('click', () => {
  if (!running) start(true);
  send({ kind: 'step' });
});
let playing = false;
const inspectOnce = (): void => send({ kind: 'inspect', seed: Number($<HTMLInputElement>('seed').value) });
$('inspect').addEventListener('click', inspectOnce);
// Play: one update after the other (each after the previous report arrived), the pendulum animates as it learns.
$('play').addEventListener('click', () => {
  playing = !playing;
  $('play').textContent = playing ? 'Stop' : 'Play updates';
  if (playing) inspectOnce();
});
$('download').addEventListener('click', () => {
  // The portable policy.json of the chosen learner (what `mecrl run` writes), or every method's saved state.
  const method = $<HTMLSelectElement>('policyMethod').value;
  const text = method !== '' ? portable[method] : policyText;
  if (text === undefined || text === null) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = method !== '' ? `${current?.name ?? 'mecrl'}-${method}-policy.json` : `${current?.name ?? 'mecrl'}-run-state.json`;
  a.click();
  URL.revokeObjectURL(a.href);
});
$<HTMLInputElement>('load').addEventListener('change', async (ev) => {
  const file = (ev.target as HTMLInputElement).files?.[0];
  if (file !== undefined) send({ kind: 'loadPolicy', text: await file.text() });
});
