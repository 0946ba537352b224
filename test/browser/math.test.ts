// lib/math inside a real Chromium (playwright-core + Debian's `chromium`): the golden hashes of
// test/math/cases.ts — lib/math's outputs on fixed argument sets — must equal the committed ones
// there too, which is the cross-engine proof that lib/math gives the same bits as in Node. The
// same code also measures how this Chromium's own Math.* differs from lib/math (and so from Node
// 20): printed, and required to stay within the bounds of cases.ts's ENGINE_ULP_BOUND.
//
// `npm test` skips this file with one line when chromium is absent; `npm run test:browser`
// (MECRL_BROWSER_TEST=1) always runs it and fails without chromium.

import { describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, REPO } from '../../web/node/harness.js';
import { ENGINE_ULP_BOUND, GOLDEN, POW_USUAL_ULP_BOUND, type Comparison, type MathName } from '../math/cases.js';

const REQUIRED = process.env['MECRL_BROWSER_TEST'] === '1';
const N = 200_000;

if (CHROMIUM === undefined && !REQUIRED) {
  console.warn('test/browser/math skipped: no chromium (apt-get install -y chromium; npm run test:browser always runs it)');
}

/** test/math/cases.ts bundled into one classic script that leaves its results on globalThis. */
async function bundle(): Promise<string> {
  const { build } = await import('esbuild');
  const entry = `
    import { BINARY, compare, goldenHashes, UNARY } from './test/math/cases.ts';
    const engine = Math;
    globalThis.__mathResult = {
      golden: goldenHashes(),
      vsEngine: [...UNARY, ...BINARY].map((name) => compare(name, engine, ${N})),
    };`;
  const out = await build({ stdin: { contents: entry, resolveDir: REPO, loader: 'ts' }, bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'warning' });
  return out.outputFiles[0]!.text;
}

describe.skipIf(CHROMIUM === undefined && !REQUIRED)('lib/math in Chromium', () => {
  it('gives the committed golden hashes (the same bits as in Node); this Chromium\'s Math.* is within the stated ulps', async () => {
    const script = await bundle();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ content: script });
      const got = await page.evaluate(() => (globalThis as unknown as { __mathResult: unknown }).__mathResult) as { golden: Record<MathName, string>; vsEngine: Comparison[] };
      const version = await page.evaluate(() => navigator.userAgent);
      const lines = got.vsEngine.map((c) => `${c.name} ${c.differing}/${c.tested} (${(100 * c.differing / c.tested).toFixed(2)} %, max ${c.maxUlps} ulp${c.worst ? ` at ${c.worst}` : ''})`);
      console.info(`test/browser/math: ${version}: its Math.* differs from lib/math (= Node 20's Math) on:\n  ${lines.join('\n  ')}`);
      expect(got.golden).toEqual(GOLDEN);
      for (const c of got.vsEngine) {
        expect(c.maxUlps, `${c.name}: ${c.worst}`).toBeLessThanOrEqual(ENGINE_ULP_BOUND[c.name]);
        if (c.name === 'pow') expect(c.maxUlpsUsual, 'pow outside |y| > 2^31').toBeLessThanOrEqual(POW_USUAL_ULP_BOUND);
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
