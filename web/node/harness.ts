// Node-only helpers for driving the page (the browser test and `npm run web:bench`): build web/
// with vite into a temp dir, serve it from 127.0.0.1 (plus optional extra in-memory files), and
// launch Debian's chromium through playwright-core (never `playwright install`).

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The chromium binary: $CHROMIUM_PATH (when it exists), else Debian's; undefined when absent. */
export const CHROMIUM: string | undefined = (process.env['CHROMIUM_PATH'] !== undefined ? [process.env['CHROMIUM_PATH']] : ['/usr/bin/chromium', '/usr/bin/chromium-browser']).find((p) => existsSync(p));
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.wasm': 'application/wasm' };

export interface ServedPage {
  readonly base: string;
  close(): Promise<void>;
}

/** Builds the page into a fresh temp dir and serves it; `extra` maps '/path' to JavaScript text. */
export async function buildAndServe(extra: Readonly<Record<string, string>> = {}): Promise<ServedPage> {
  const outDir = mkdtempSync(join(tmpdir(), 'mecrl-web-'));
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'web/vite.config.ts'), root: join(REPO, 'web'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x').pathname;
    const js = extra[url];
    if (js !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      return;
    }
    const path = normalize(decodeURIComponent(url)).replace(/^\/+/, '');
    const file = join(outDir, path === '' ? 'index.html' : path);
    if (!file.startsWith(outDir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (CHROMIUM === undefined) throw new Error('no chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
