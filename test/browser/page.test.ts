/// <reference lib="dom" />
// The page in a real Chromium (playwright-core + Debian's `chromium`, never `playwright install`):
// build web/ with vite into a temp dir, serve it from 127.0.0.1, train the small-cell smoke preset
// to the end in the page's Web Worker, and require the metric rows and the final saved weights to
// be bit-identical (every float64 as hex) to the same run in Node, unconditionally: lib/ computes
// exp/log/pow/sin/cos/tanh itself (lib/math), so the engines' own Math.* — which differ between
// Chromium and Node 20 in the last bit — do not enter (their fingerprint is printed as a
// diagnostic). Also: download the trained policy and load it back (its re-evaluation appears). Also: the page's CSP blocks
// JavaScript eval but lets WebAssembly compile; no long task over 200 ms on the main thread while
// training; a screenshot is saved (MECRL_SCREENSHOT or test/browser/artifacts/page.png).
//
// `npm test` skips this file with one line when chromium is absent; `npm run test:browser`
// (MECRL_BROWSER_TEST=1) always runs it and fails without chromium.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonical, mathFingerprint, rowsText, type RunDigest } from '../../web/protocol.js';
import { TrainingSession } from '../../web/session.js';
import { buildAndServe, CHROMIUM, launchChromium, REPO, type ServedPage } from '../../web/node/harness.js';

const REQUIRED = process.env['MECRL_BROWSER_TEST'] === '1';
const EXPERIMENT = process.env['MECRL_BROWSER_EXPERIMENT'] ?? 'small-cell', PRESET = 'smoke', SEED = 1;
/** A page script (not DevTools evaluation) that tries eval, new Function and a WebAssembly compile. */
const PROBE = '__csp-probe.js';
const PROBE_JS = `(async () => {
  const r = {};
  try { r.evalResult = String((0, eval)('6 * 7')); } catch (e) { r.evalResult = e.name; }
  try { r.fnResult = String(new Function('return 1')()); } catch (e) { r.fnResult = e.name; }
  try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); r.wasm = 'compiled'; } catch (e) { r.wasm = e.name; }
  window.cspProbe = r;
})();`;

if (CHROMIUM === undefined && !REQUIRED) {
  console.warn('test/browser skipped: no chromium (apt-get install -y chromium; npm run test:browser always runs it)');
}

/**
 * Two canonical texts token by token (a diagnostic for a failed bit-identity check): the
 * non-number structure must be equal; returns how many float64 values differ and the largest
 * relative difference.
 */
function compareCanonical(a: string, b: string): { total: number; differ: number; maxRel: number } {
  const re = /[0-9a-f]{16}/g;
  expect(a.replace(re, '#')).toBe(b.replace(re, '#'));
  const xa = a.match(re) ?? [], xb = b.match(re) ?? [];
  const dv = new DataView(new ArrayBuffer(8));
  const num = (h: string): number => { dv.setBigUint64(0, BigInt(`0x${h}`)); return dv.getFloat64(0); };
  let differ = 0, maxRel = 0;
  for (let i = 0; i < xa.length; i++) {
    if (xa[i] === xb[i]) continue;
    differ++;
    const p = num(xa[i]!), q = num(xb[i]!);
    maxRel = Math.max(maxRel, Math.abs(p - q) / Math.max(Math.abs(p), Math.abs(q), 1e-300));
  }
  return { total: xa.length, differ, maxRel };
}

/** The same run in Node, one slice per job (no interruption). */
function nodeDigest(): RunDigest {
  const s = new TrainingSession(EXPERIMENT, PRESET, SEED);
  while (!s.done) s.runSlice(() => false);
  const policies = [...s.policies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { rows: rowsText(s.rows), policies: canonical(Object.fromEntries(policies)), rowCount: s.rows.length };
}

describe.skipIf(CHROMIUM === undefined && !REQUIRED)('the page in Chromium', () => {
  let served: ServedPage, base = '';
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    served = await buildAndServe({ [`/${PROBE}`]: PROBE_JS });
    base = served.base;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it(`trains ${EXPERIMENT} smoke in a worker, bit-identical to Node; CSP blocks eval, allows wasm; no long task > 200 ms; policy round trip`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const offsite: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(base)) offsite.push(r.url()); });
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${base}?experiment=${EXPERIMENT}&preset=${PRESET}&seed=${SEED}&backend=wasm`);
    await page.waitForSelector('body[data-state="ready"]');
    const options = await page.$$eval('#experiment option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(expect.arrayContaining(['small-cell', 'pendulum', 'simple-spread']));

    // DevTools evaluation bypasses the CSP, so the probe runs as a page script (served from 'self').
    await page.addScriptTag({ url: `${base}${PROBE}` });
    await page.waitForFunction(() => (window as unknown as { cspProbe?: unknown }).cspProbe !== undefined);
    const security = await page.evaluate(() => (window as unknown as { cspProbe: unknown }).cspProbe);
    expect(security).toEqual({ evalResult: 'EvalError', fnResult: 'EvalError', wasm: 'compiled' });

    await page.click('#start');
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 120_000 });
    const got = await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[]; mecrl: { backend: string; mathFingerprint: string; digest: RunDigest | null; errors: string[] } };
      return { backend: w.mecrl.backend, mathFingerprint: w.mecrl.mathFingerprint, digest: w.mecrl.digest, errors: w.mecrl.errors, longTasks: w.longTasks };
    });
    expect(got.errors).toEqual([]);
    // The worker trained on the WebAssembly kernels (compiled under the page's CSP).
    expect(got.backend).toBe('wasm');
    const want = nodeDigest();
    if (process.env['MECRL_DIGEST_OUT'] !== undefined) writeFileSync(process.env['MECRL_DIGEST_OUT'], JSON.stringify({ browser: got.digest, node: want }));
    expect(got.digest?.rowCount).toBe(want.rowCount);
    expect(want.policies.length).toBeGreaterThan(1000);
    // Diagnostic only: whether the engines' own Math.exp/log/pow/… agree (lib/ does not use them).
    const engineMath = got.mathFingerprint === mathFingerprint() ? 'agrees with' : 'differs from';
    if (got.digest?.rows !== want.rows || got.digest?.policies !== want.policies) {
      const rows = compareCanonical(got.digest!.rows, want.rows), pol = compareCanonical(got.digest!.policies, want.policies);
      console.warn(`test/browser: NOT bit-identical to Node — rows: ${rows.differ}/${rows.total} numbers differ (max rel ${rows.maxRel.toExponential(2)}), weights: ${pol.differ}/${pol.total} (max rel ${pol.maxRel.toExponential(2)}); this Chromium's Math ${engineMath} Node's`);
    } else {
      console.info(`test/browser: ${EXPERIMENT} smoke bit-identical to Node (${want.rowCount} rows, ${want.policies.length} characters of weights); this Chromium's Math.* ${engineMath} Node's`);
    }
    // The whole run matches bit for bit, whatever the engines' Math.* do.
    expect(got.digest?.rows).toBe(want.rows);
    expect(got.digest?.policies).toBe(want.policies);
    expect(Math.max(0, ...got.longTasks)).toBeLessThanOrEqual(200);
    expect(offsite).toEqual([]);

    // Download the first learner's portable policy.json (lib/rl/policyFile.ts; the run state where the
    // experiment writes none), load it back: the page validates it and plays it (policy.act alone).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const policyFile = await download.path();
    const format = (JSON.parse(readFileSync(policyFile, 'utf8')) as { format: string }).format;
    await page.setInputFiles('#load', policyFile);
    if (format === 'mecrl-policy') {
      await page.waitForFunction(() => (document.getElementById('metrics')?.textContent ?? '').includes('loaded policy.json'));
      if (EXPERIMENT === 'small-cell') await page.waitForFunction(() => /^small-cell, ma-drl \(policy\.json\), evaluation episode 0, slot \d+/.test(document.getElementById('sceneCaption')?.textContent ?? ''));
    } else {
      expect(format).toBe('mecrl-web-policy/1');
      await page.waitForFunction(() => (document.getElementById('metrics')?.textContent ?? '').includes('(loaded)'));
    }
    if (EXPERIMENT === 'small-cell') expect(format).toBe('mecrl-policy');
    if (['small-cell', 'simple-spread', 'pendulum'].includes(EXPERIMENT)) await page.waitForFunction((name) => new RegExp(`^${name}, [^,]+, evaluation episode 0, (slot|step) \\d+/\\d+`).test(document.getElementById('sceneCaption')?.textContent ?? ''), EXPERIMENT);
    await page.click('#inspect');
    await page.waitForFunction(() => (document.getElementById('graph')?.textContent ?? '').includes('mse'));
    const shot = process.env['MECRL_SCREENSHOT'] ?? join(REPO, 'test/browser/artifacts/page.png');
    mkdirSync(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    await page.close();
  }, 180_000);
});
