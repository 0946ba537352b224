/// <reference lib="dom" />
// "Step one update" in a real Chromium (same harness and skip rule as page.test.ts): on the
// small-cell smoke preset, each press of #step advances the run by exactly one learner update
// (updates 1, 2, 3 of the first method, the same update numbers, TD-target batch, loss graph and
// stats as TrainingSession.stepUpdate in Node), the page's "this run's last update" panel shows it, no long
// task over 200 ms occurs on the main thread, and after resuming the run ends with the same number
// of rows as an uninterrupted Node run (and the same rows, bit for bit, when the engines' Math
// agree — see page.test.ts and mathFingerprint). Saves a screenshot of the paused page after the
// steps (MECRL_STEP_SCREENSHOT or test/browser/artifacts/step.png).
//
// `npm test` skips this file with one line when chromium is absent; `npm run test:browser`
// (MECRL_BROWSER_TEST=1) always runs it.

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mathFingerprint, rowsText, type RunDigest } from '../../web/protocol.js';
import { TrainingSession, type UpdateReport } from '../../web/session.js';
import { buildAndServe, CHROMIUM, launchChromium, REPO, type ServedPage } from '../../web/node/harness.js';

const REQUIRED = process.env['MECRL_BROWSER_TEST'] === '1';
const EXPERIMENT = 'small-cell', PRESET = 'smoke', SEED = 1, STEPS = 3;

if (CHROMIUM === undefined && !REQUIRED) {
  console.warn('test/browser/step skipped: no chromium (apt-get install -y chromium; npm run test:browser always runs it)');
}

describe.skipIf(CHROMIUM === undefined && !REQUIRED)('Step one update in Chromium', () => {
  let served: ServedPage;
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    served = await buildAndServe();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it(`${EXPERIMENT} ${PRESET}: each press of step advances exactly one learner update; resume finishes the run as Node does`, async () => {
    // Node: the same steps, and the uninterrupted run.
    const node = new TrainingSession(EXPERIMENT, PRESET, SEED);
    const want: UpdateReport[] = [];
    while (want.length < STEPS) {
      const o = node.stepUpdate();
      if (o.kind === 'update') want.push(o.report);
    }
    const full = new TrainingSession(EXPERIMENT, PRESET, SEED);
    while (!full.done) full.runSlice(() => false);

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${served.base}?experiment=${EXPERIMENT}&preset=${PRESET}&seed=${SEED}`);
    await page.waitForSelector('body[data-state="ready"]');
    type Mecrl = { steps: string[]; lastUpdate: UpdateReport | null; errors: string[]; digest: RunDigest | null; mathFingerprint: string };
    const mecrl = (): Promise<Mecrl> => page.evaluate(() => {
      const m = (window as unknown as { mecrl: Mecrl }).mecrl;
      return { steps: m.steps, lastUpdate: m.lastUpdate, errors: m.errors, digest: m.digest, mathFingerprint: m.mathFingerprint };
    });

    const got: UpdateReport[] = [];
    for (let i = 1; i <= STEPS; i++) {
      // Before any run, step starts a paused run; afterwards it steps the paused run.
      await page.click('#step');
      await page.waitForFunction((n) => (window as unknown as { mecrl: { steps: string[] } }).mecrl.steps.length >= n, i);
      const m = await mecrl();
      expect(m.errors).toEqual([]);
      expect(m.steps).toEqual(Array.from({ length: i }, (_, j) => `update ${j + 1}`));
      got.push(m.lastUpdate!);
      await page.waitForFunction((n) => (document.getElementById('runUpdateTitle')?.textContent ?? '').includes(`update ${n} `), i);
    }
    for (let i = 0; i < STEPS; i++) {
      expect(got[i]!.method).toBe(want[i]!.method);
      expect([got[i]!.update, got[i]!.step, got[i]!.episode]).toEqual([want[i]!.update, want[i]!.step, want[i]!.episode]);
      expect(got[i]!.tdTargets.length).toBe(want[i]!.tdTargets.length);
      expect(Object.keys(got[i]!.stats)).toEqual(Object.keys(want[i]!.stats));
      expect(got[i]!.layers.map((l) => l.name)).toEqual(want[i]!.layers.map((l) => l.name));
      for (const k of Object.keys(want[i]!.stats)) expect(got[i]!.stats[k]).toBeCloseTo(want[i]!.stats[k]!, 9);
    }
    expect(await page.$$eval('#runNorms tbody tr', (rs) => rs.length)).toBe(want[0]!.layers.length);
    expect(got.map((g) => g.graph)).toEqual(want.map((w) => w.graph));
    expect(await page.textContent('#runGraph')).toBe(want[STEPS - 1]!.graph);
    // Paused after stepping: nothing moves on its own.
    expect(await page.isEnabled('#resume')).toBe(true);
    const shot = process.env['MECRL_STEP_SCREENSHOT'] ?? join(REPO, 'test/browser/artifacts/step.png');
    mkdirSync(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });

    await page.click('#resume');
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 120_000 });
    const end = await mecrl();
    expect(end.errors).toEqual([]);
    expect(end.digest?.rowCount).toBe(full.rows.length);
    if (end.mathFingerprint === mathFingerprint()) expect(end.digest?.rows).toBe(rowsText(full.rows));
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(Math.max(0, ...longTasks)).toBeLessThanOrEqual(200);
    await page.close();
  }, 180_000);
});
