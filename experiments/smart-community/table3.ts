// Table III side by side: the paper's numbers (as data, spec 05 §6, exactly as printed) beside our
// results of the `table3` sweep (one run per bandwidth), and for each bandwidth and column whether
// our ordering of the methods matches the paper's: Spearman's rank correlation and the pairs of
// methods whose order flips. Pure: it takes the runs' summary `methods` objects (per method →
// metric → { mean, ci95 }); the table3 preset appends it to its sweep REPORT.md (Preset.sweep.section).

/** Bandwidths of Table III [Hz]. */
export const TABLE3_BANDWIDTHS_HZ = [5e6, 1.5e7, 2.5e7] as const;

/** Table III of the paper: per bandwidth, per method: reward, success rate, energy [J], waiting time [s]. */
export const PAPER_TABLE3: Readonly<Record<string, Readonly<Record<string, readonly [number, number, number, number]>>>> = {
  '5000000': {
    'pfr-oa': [-446.23, 0.87, 31.47, 0.26], 'mcf-td3': [-477.34, 0.85, 34.0, 0.3], td3: [-489.75, 0.83, 32.51, 0.32], ddpg: [-522.52, 0.81, 35.2, 0.36],
    dqn: [-675.71, 0.77, 39.15, 0.39], greedy: [-940.16, 0.65, 45.56, 0.6], edge: [-2918.37, 0.19, 59.12, 1.21], local: [-1535.33, 0.43, 10.47, 0.84],
  },
  '15000000': {
    'pfr-oa': [-305.82, 0.9, 27.58, 0.19], 'mcf-td3': [-331.53, 0.88, 30.74, 0.22], td3: [-369.24, 0.86, 31.96, 0.22], ddpg: [-414.15, 0.83, 33.45, 0.34],
    dqn: [-610.26, 0.78, 37.93, 0.37], greedy: [-871.12, 0.73, 45.0, 0.48], edge: [-1946.38, 0.27, 58.36, 1.07], local: [-1535.35, 0.43, 10.47, 0.84],
  },
  '25000000': {
    'pfr-oa': [-285.69, 0.92, 26.62, 0.19], 'mcf-td3': [-312.83, 0.89, 29.35, 0.2], td3: [-333.45, 0.89, 29.0, 0.2], ddpg: [-374.31, 0.87, 30.81, 0.31],
    dqn: [-533.62, 0.83, 36.63, 0.35], greedy: [-680.04, 0.78, 42.04, 0.43], edge: [-1645.64, 0.38, 55.24, 0.9], local: [-1535.32, 0.43, 10.47, 0.84],
  },
};

/** The four columns: our metric and its index in {@link PAPER_TABLE3} rows. */
export const TABLE3_COLUMNS = [
  { name: 'Reward', metric: 'reward', index: 0 },
  { name: 'Task success rate', metric: 'successRate', index: 1 },
  { name: 'Average energy (J)', metric: 'energyNominal', index: 2 },
  { name: 'Average waiting time (s)', metric: 'waitS', index: 3 },
] as const;

type Described = { readonly mean: number; readonly ci95: readonly [number, number] | readonly number[] };
export type MethodSummaries = Readonly<Record<string, Readonly<Record<string, Described>>>>;

/** Ranks (1 = smallest; ties share the mean rank). */
function ranks(xs: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Array<number>(xs.length);
  for (let k = 0; k < idx.length;) {
    let z = k;
    while (z + 1 < idx.length && xs[idx[z + 1]!] === xs[idx[k]!]) z++;
    for (let q = k; q <= z; q++) r[idx[q]!] = (k + z) / 2 + 1;
    k = z + 1;
  }
  return r;
}

/** Spearman's rank correlation (Pearson on ranks); NaN with fewer than 2 values or no spread. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length < 2) return NaN;
  const ra = ranks(a), rb = ranks(b), n = a.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n, mb = rb.reduce((s, x) => s + x, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i]! - ma) * (rb[i]! - mb);
    da += (ra[i]! - ma) ** 2;
    db += (rb[i]! - mb) ** 2;
  }
  return da === 0 || db === 0 ? NaN : num / Math.sqrt(da * db);
}

function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(1) : Number(x.toPrecision(digits)).toString();
}

/**
 * The markdown of Table III side by side. `runs`: one entry per bandwidth that was run (any order),
 * with its summary's `methods`. Methods absent from a run are shown as "—" and left out of the
 * rank correlations.
 */
export function table3Markdown(runs: readonly { readonly bandwidthHz: number; readonly methods: MethodSummaries }[], labels: Readonly<Record<string, string>> = {}): string {
  const L: string[] = [];
  L.push('## Table III side by side', '');
  L.push("Ours: mean [95% CI] over seeds of the evaluation metrics (energy: nominal eq. 15, the metric Table III's Edge row implies; the charged energy is shown beside it). Paper: Table III as printed. Absolute rewards are not comparable (reviewer note 4); compare orderings.", '');
  const sorted = [...runs].sort((a, b) => a.bandwidthHz - b.bandwidthHz);
  const ordering: string[] = [];
  for (const run of sorted) {
    const paper = PAPER_TABLE3[String(run.bandwidthHz)];
    const methods = Object.keys(paper ?? run.methods);
    L.push(`### B = ${run.bandwidthHz / 1e6} MHz`, '');
    L.push('| Method | Reward (ours) | Reward (paper) | Success (ours) | Success (paper) | Energy nominal (ours) | Energy charged (ours) | Energy (paper) | Wait s (ours) | Wait s (paper) |');
    L.push('|---|---|---|---|---|---|---|---|---|---|');
    const cell = (mth: string, metric: string): string => {
      const d = run.methods[mth]?.[metric];
      return d === undefined ? '—' : `${fmt(d.mean)} [${fmt(d.ci95[0]!)}, ${fmt(d.ci95[1]!)}]`;
    };
    for (const mth of methods) {
      const p = paper?.[mth];
      const pv = (k: number): string => (p === undefined ? '—' : String(p[k]));
      L.push(`| ${labels[mth] ?? mth} | ${cell(mth, 'reward')} | ${pv(0)} | ${cell(mth, 'successRate')} | ${pv(1)} | ${cell(mth, 'energyNominal')} | ${cell(mth, 'energyCharged')} | ${pv(2)} | ${cell(mth, 'waitS')} | ${pv(3)} |`);
    }
    L.push('');
    if (paper === undefined) {
      L.push(`(The paper has no Table III rows for ${run.bandwidthHz} Hz.)`, '');
      continue;
    }
    L.push('| Column | Spearman ρ (ours vs paper) | Pairs whose order flips |', '|---|---|---|');
    for (const col of TABLE3_COLUMNS) {
      const present = methods.filter((m) => run.methods[m]?.[col.metric] !== undefined && Number.isFinite(run.methods[m]![col.metric]!.mean));
      const ours = present.map((m) => run.methods[m]![col.metric]!.mean), theirs = present.map((m) => paper[m]![col.index]);
      const rho = spearman(ours, theirs);
      const flips: string[] = [];
      for (let a = 0; a < present.length; a++) {
        for (let b = a + 1; b < present.length; b++) {
          const so = Math.sign(ours[a]! - ours[b]!), sp = Math.sign(theirs[a]! - theirs[b]!);
          if (so !== sp && sp !== 0) flips.push(`${present[a]}/${present[b]}`);
        }
      }
      L.push(`| ${col.name} | ${fmt(rho)} | ${flips.length === 0 ? 'none' : `${flips.length}: ${flips.join(', ')}`} |`);
      ordering.push(`${run.bandwidthHz / 1e6} MHz ${col.name}: ρ = ${fmt(rho)}, ${flips.length} flipped pair(s)`);
    }
    L.push('');
  }
  if (sorted.length >= 2) {
    const lo = sorted[0]!, hi = sorted[sorted.length - 1]!;
    L.push(`### Change from ${lo.bandwidthHz / 1e6} to ${hi.bandwidthHz / 1e6} MHz (claim 4: bandwidth helps Edge most, Local unaffected)`, '');
    L.push('| Method | Δ success (ours) | Δ success (paper) | Δ reward (ours) | Δ reward (paper) |', '|---|---|---|---|---|');
    for (const mth of Object.keys(PAPER_TABLE3['5000000']!)) {
      const d = (r: typeof lo, k: string): number => r.methods[mth]?.[k]?.mean ?? NaN;
      const pl = PAPER_TABLE3[String(lo.bandwidthHz)]?.[mth], ph = PAPER_TABLE3[String(hi.bandwidthHz)]?.[mth];
      const pd = (k: number): string => (pl === undefined || ph === undefined ? '—' : fmt(ph[k]! - pl[k]!));
      L.push(`| ${labels[mth] ?? mth} | ${fmt(d(hi, 'successRate') - d(lo, 'successRate'))} | ${pd(1)} | ${fmt(d(hi, 'reward') - d(lo, 'reward'))} | ${pd(0)} |`);
    }
    L.push('');
  }
  L.push('### Orderings in brief', '', ...ordering.map((o) => `- ${o}`), '');
  return L.join('\n');
}
