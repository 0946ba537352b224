// Messages between the page (main.ts) and the training worker (worker.ts), and the canonical
// encoding used to compare a browser run with a Node run bit for bit (every number as the hex of
// its float64 bits, so NaN, −0 and the last ulp all count).

import type { MetricRow } from '../experiments/types.js';

export interface ExperimentInfo {
  readonly name: string;
  readonly title: string;
  readonly presets: readonly string[];
  readonly methods: readonly string[];
  /** The metric of the experiment's first 'curve' figure (train rows), or the first value of a row. */
  readonly curveMetric: string | null;
}

export type ToWorker =
  | { readonly kind: 'start'; readonly experiment: string; readonly preset: string; readonly seed: number; readonly backend: 'ts' | 'wasm' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'step' }
  | { readonly kind: 'inspect'; readonly seed: number }
  | { readonly kind: 'loadPolicy'; readonly text: string }
  | { readonly kind: 'w1'; readonly backend: 'ts' | 'wasm' };

export interface LayerNorms {
  readonly name: string;
  readonly weight: number;
  readonly grad: number;
  readonly adamM: number;
  readonly adamV: number;
}

export interface InspectReport {
  readonly update: number;
  readonly graph: string;
  readonly stats: Readonly<Record<string, number>>;
  readonly tdTargets: readonly number[];
  /** Q(s, a) of the batch before the critic step. */
  readonly qValues: readonly number[];
  readonly layers: readonly LayerNorms[];
  readonly pendulum: { readonly theta: number; readonly thetaDot: number };
}

/** Per slot of one evaluation episode of small-cell: what the topology view draws. */
export interface SmallCellScene {
  readonly kind: 'small-cell';
  readonly method: string;
  /** SBS positions [x0, y0, …] and UE positions (UE n of cell m is index m·N_m + n), m. */
  readonly sbs: readonly number[];
  readonly ues: readonly number[];
  readonly slots: ReadonlyArray<{
    readonly systemReward: number;
    /** Per cell, per UE: α, channel (−1 = local), SINR. */
    readonly cells: ReadonlyArray<{ readonly alpha: readonly number[]; readonly channel: readonly number[]; readonly sinr: readonly number[] }>;
  }>;
}

/** Per step of one evaluation episode of simple-spread: agent and landmark positions. */
export interface SimpleSpreadScene {
  readonly kind: 'simple-spread';
  readonly method: string;
  readonly frames: ReadonlyArray<{ readonly agents: readonly number[]; readonly landmarks: readonly number[]; readonly step: number }>;
}

/** Per step of one evaluation episode of Pendulum-v1: the angle θ (0 = upright) and the torque. */
export interface PendulumScene {
  readonly kind: 'pendulum';
  readonly method: string;
  readonly frames: ReadonlyArray<{ readonly theta: number; readonly torque: number; readonly step: number }>;
}

export type Scene = SmallCellScene | SimpleSpreadScene | PendulumScene;

export type FromWorker =
  | { readonly kind: 'experiments'; readonly list: readonly ExperimentInfo[]; readonly mathFingerprint: string }
  | { readonly kind: 'rows'; readonly rows: readonly MetricRow[] }
  | { readonly kind: 'status'; readonly text: string; readonly method: string; readonly episode: number; readonly episodes: number; readonly paused: boolean }
  | { readonly kind: 'jobDone'; readonly method: string; readonly metrics: Readonly<Record<string, number>> }
  | { readonly kind: 'done'; readonly digest: RunDigest; readonly policyText: string; readonly portable: Readonly<Record<string, string>> }
  | { readonly kind: 'loaded'; readonly text: string }
  | { readonly kind: 'inspect'; readonly report: InspectReport }
  | { readonly kind: 'scene'; readonly scene: Scene }
  | { readonly kind: 'w1'; readonly msPerUpdate: number; readonly backend: string }
  | { readonly kind: 'backend'; readonly requested: string; readonly active: string; readonly wasmUnavailable: string | null }
  | { readonly kind: 'error'; readonly message: string };

/** What the bit-identity test compares: rows and final saved states, every number as float64 hex. */
export interface RunDigest {
  readonly rows: string;
  readonly policies: string;
  readonly rowCount: number;
}

const view = new DataView(new ArrayBuffer(8));
export function hex64(x: number): string {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** Canonical text of any state value: plain objects with sorted keys, typed arrays and numbers as float64 hex. */
export function canonical(v: unknown): string {
  if (typeof v === 'number') return hex64(v);
  if (typeof v === 'string' || typeof v === 'boolean' || v === null || v === undefined) return JSON.stringify(v ?? null);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number | bigint>;
    const out: string[] = [];
    for (let i = 0; i < a.length; i++) out.push(typeof a[i] === 'bigint' ? String(a[i]) : hex64(a[i] as number));
    return `${v.constructor.name}[${out.join(',')}]`;
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  throw new TypeError(`canonical: cannot encode a ${typeof v}`);
}

export function rowsText(rows: readonly MetricRow[]): string {
  return rows.map((r) => canonical({ method: r.method, seed: r.seed, phase: r.phase, episode: r.episode, values: r.values })).join('\n');
}

/** The presets the page offers (the ones small enough for a browser tab). */
export const PAGE_PRESETS = ['smoke', 'quick'] as const;

/**
 * The ENGINE's transcendental functions (Math.exp, log, pow, sin, cos, tanh…) on fixed inputs, as
 * float64 hex — a diagnostic only. Engines are free to return different last bits (Chromium 156
 * agrees with glibc / llvm-libc where Node 20's V8 does not in ~5–10 % of inputs); lib/ does not
 * use these functions but lib/math's portable ones, so a run is bit-identical across engines
 * whether or not this fingerprint matches. The browser test prints whether it does.
 */
export function mathFingerprint(): string {
  const out: string[] = [];
  for (let i = 1; i <= 64; i++) {
    const x = (i * 0.7318) - 20.3;
    out.push(hex64(Math.exp(x)), hex64(Math.log(Math.abs(x))), hex64(Math.pow(Math.abs(x) / 7, x / 3)), hex64(Math.sin(x)), hex64(Math.cos(x)), hex64(Math.tanh(x / 4)), hex64(Math.log1p(Math.abs(x))), hex64(Math.expm1(x / 8)), hex64(Math.log10(Math.abs(x))));
  }
  return out.join(',');
}
