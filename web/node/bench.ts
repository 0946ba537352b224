// `npm run web:bench`: time per W1 update (bench/workloads.ts) in Node and in Chromium's worker
// (the built page, message 'w1'), same function, same seed. Numbers measured on a busy machine are
// inflated; say so when quoting them.

import { setBackend } from '../../lib/tensor/index.js';
import { w1MsPerUpdate } from '../w1.js';
import { buildAndServe, launchChromium } from './harness.js';

const node = w1MsPerUpdate();
const served = await buildAndServe();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(served.base);
  await page.waitForSelector('body[data-state="ready"]');
  const chromium: Record<string, number> = {};
  for (const backend of ['ts', 'wasm'] as const) {
    await page.evaluate((b) => { const m = (window as unknown as { mecrl: { w1(b: string): void; w1MsPerUpdate: number | null } }).mecrl; m.w1MsPerUpdate = null; m.w1(b); }, backend);
    await page.waitForFunction(() => (window as unknown as { mecrl: { w1MsPerUpdate: number | null } }).mecrl.w1MsPerUpdate !== null, undefined, { timeout: 120_000 });
    chromium[backend] = await page.evaluate(() => (window as unknown as { mecrl: { w1MsPerUpdate: number } }).mecrl.w1MsPerUpdate);
  }
  const nodeAgain = w1MsPerUpdate();
  setBackend('wasm');
  const nodeWasm = w1MsPerUpdate();
  console.log(JSON.stringify({ workload: 'W1 ddpg-update (bench/workloads.ts makeW1), median of 7 × 200 updates after 200 warm-up', nodeMsPerUpdate: { ts: [node, nodeAgain], wasm: nodeWasm }, chromiumMsPerUpdate: chromium, node: process.version }, null, 2));
} finally {
  await browser.close();
  await served.close();
}
