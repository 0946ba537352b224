// The training worker: runs a TrainingSession slice by slice (~50 ms each) so that pause, resume,
// step and inspect messages are handled between slices, and posts new metric rows to the page.
// "step" pauses and advances the run by exactly one learner update (TrainingSession.stepUpdate:
// replays from the last episode checkpoint, see web/session.ts), then posts that update's report.

import { EXPERIMENTS } from '../experiments/index.js';
import type { MetricRow } from '../experiments/types.js';
import { Inspector } from './inspector.js';
import { policyFromText, policyToText } from './policyFile.js';
import { canonical, mathFingerprint, PAGE_PRESETS, rowsText, type ExperimentInfo, type FromWorker, type ToWorker } from './protocol.js';
import { setBackend, wasmUnavailable } from '../lib/tensor/index.js';
import { sceneFor } from './scene.js';
import { isPortablePolicy, watchPortablePolicy } from './watchPolicy.js';
import { w1MsPerUpdate } from './w1.js';
import { presetConfig, TrainingSession, type StepMessage, type StartMessage } from './session.js';

const SLICE_MS = 50;
const post = (m: FromWorker | StepMessage): void => (self as unknown as Worker).postMessage(m);

let session: TrainingSession | null = null;
let paused = false;
let scheduled = false;
let inspector: Inspector | null = null;

function status(text: string): void {
  const p = session?.progress ?? { method: '', episode: 0, episodes: 0 };
  post({ kind: 'status', text, method: p.method, episode: p.episode, episodes: p.episodes, paused });
}

function slice(shouldStop: () => boolean): void {
  const s = session;
  if (s === null || s.done) return;
  const before = s.current;
  posted(s, before, s.runSlice(shouldStop));
}

/** Step: exactly one learner update (or one episode while there is none yet), then its report. */
function step(): void {
  const s = session;
  if (s === null || s.done) return;
  const before = s.current, method = s.methods[before]!;
  const o = s.stepUpdate();
  post({ kind: 'stepReport', method, outcome: o.kind, report: o.kind === 'update' ? o.report : null });
  posted(s, before, o.rows, o.kind === 'update' ? `stepped to update ${o.report.update} of ${method} (env step ${o.report.step}, ${o.report.stepsRun} steps run from the last episode checkpoint)` : `stepped one episode of ${method}: no learner update in it (warm-up, or no update hook in this job)`);
}

function posted(s: TrainingSession, before: number, rows: MetricRow[], pausedText = 'paused'): void {
  if (rows.length > 0) post({ kind: 'rows', rows });
  if (s.current > before) post({ kind: 'jobDone', method: s.methods[before]!, metrics: s.metrics.get(s.methods[before]!) ?? {} });
  if (s.done) {
    const policies = [...s.policies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    post({
      kind: 'done',
      digest: { rows: rowsText(s.rows), policies: canonical(Object.fromEntries(policies)), rowCount: s.rows.length },
      policyText: policyToText(s.experiment, s.preset, s.seed, new Map(policies)),
      portable: Object.fromEntries(s.portable),
    });
    const method = s.methods.find((m) => s.policies.has(m)) ?? s.methods[0]!;
    const scene = sceneFor(s.experiment, s.config, method, s.seed, s.policies.get(method));
    if (scene !== null) post({ kind: 'scene', scene });
    status(`done: ${s.methods.length} methods, ${s.rows.length} rows, ${s.slices} slices`);
  } else {
    status(paused ? pausedText : 'training');
  }
}

function loop(): void {
  scheduled = false;
  if (session === null || session.done || paused) return;
  const t0 = performance.now();
  try {
    slice(() => performance.now() - t0 > SLICE_MS);
  } catch (e) {
    post({ kind: 'error', message: (e as Error).message });
    return;
  }
  schedule();
}

function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    setTimeout(loop, 0);
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    switch (m.kind) {
      case 'start':
        post({ kind: 'backend', requested: m.backend, active: setBackend(m.backend), wasmUnavailable: wasmUnavailable() });
        session = new TrainingSession(m.experiment, m.preset, m.seed);
        // A run started by "step" (before any "train") starts paused.
        paused = (m as StartMessage).paused === true;
        status(paused ? 'paused' : 'training');
        if (!paused) schedule();
        break;
      case 'pause':
        paused = true;
        status('paused');
        break;
      case 'resume':
        paused = false;
        status('training');
        schedule();
        break;
      case 'step':
        paused = true;
        step();
        break;
      case 'inspect':
        inspector ??= new Inspector(m.seed);
        post({ kind: 'inspect', report: inspector.step() });
        break;
      case 'w1': {
        const backend = setBackend(m.backend);
        post({ kind: 'w1', msPerUpdate: w1MsPerUpdate(), backend });
        break;
      }
      case 'loadPolicy': {
        if (isPortablePolicy(m.text)) {
          const w = watchPortablePolicy(m.text);
          post({ kind: 'loaded', text: w.summary });
          if (w.scene !== null) post({ kind: 'scene', scene: w.scene });
          break;
        }
        const f = policyFromText(m.text);
        const exp = EXPERIMENTS[f.experiment];
        if (exp === undefined) throw new Error(`policy file: unknown experiment '${f.experiment}'`);
        if (exp.evaluatePolicy === undefined) throw new Error(`${f.experiment} cannot re-evaluate a saved policy`);
        const config = presetConfig(exp, f.preset);
        for (const [method, policy] of f.policies) {
          const rows: MetricRow[] = [];
          const metrics = exp.evaluatePolicy(config, method, f.seed, policy, 3, (r) => rows.push(r));
          post({ kind: 'rows', rows });
          post({ kind: 'jobDone', method: `${method} (loaded)`, metrics });
        }
        const first = [...f.policies.keys()][0];
        const scene = first === undefined ? null : sceneFor(f.experiment, config, first, f.seed, f.policies.get(first));
        if (scene !== null) post({ kind: 'scene', scene });
        break;
      }
    }
  } catch (e) {
    post({ kind: 'error', message: (e as Error).message });
  }
};

const list: ExperimentInfo[] = Object.entries(EXPERIMENTS).map(([name, e]) => ({
  name,
  title: e.title,
  presets: PAGE_PRESETS.filter((p) => e.presets[p] !== undefined && e.presets[p]!.sweep === undefined),
  methods: e.methods.map((x) => x.id),
  curveMetric: e.figures.find((f) => f.kind === 'curve')?.metric ?? null,
}));
post({ kind: 'experiments', list, mathFingerprint: mathFingerprint() });
