// A private redis-server for tests: 127.0.0.1, a free port, a password, append-only persistence in
// a temporary folder; restartable (same port and folder) to test surviving a Redis restart.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { join } from 'node:path';

export const REDIS_MISSING = spawnSync('redis-server', ['--version']).error !== undefined;
export const INSTALL_HINT = 'redis-server not found: these tests skip (install it with: apt-get update && apt-get install -y redis-server)';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port')))); });
  });
}

export class TestRedis {
  readonly password = `test-${process.pid}-pw`;
  readonly dir = mkdtempSync(join(tmpdir(), 'mecrl-redis-'));
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url(): string { return `redis://127.0.0.1:${this.port}`; }

  static async start(): Promise<TestRedis> {
    const r = new TestRedis(await freePort());
    await r.startServer();
    return r;
  }

  async startServer(): Promise<void> {
    const p = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(this.port), '--requirepass', this.password, '--dir', this.dir,
      '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = p;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      p.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('Ready to accept connections')) { clearTimeout(t); resolve(); } });
      p.once('exit', (c) => { clearTimeout(t); reject(new Error(`redis-server exited ${c}: ${out}`)); });
    });
    p.stdout!.resume();
  }

  /** Stops the server gracefully (SIGTERM: it flushes the append-only file). */
  async stopServer(): Promise<void> {
    const p = this.proc;
    if (p === null || p.exitCode !== null) return;
    await new Promise<void>((resolve) => { p.once('exit', () => resolve()); p.kill('SIGTERM'); });
    this.proc = null;
  }

  async stop(): Promise<void> {
    await this.stopServer();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A describe block with its own server (password also put in MECRL_REDIS_PASSWORD for in-test
 * clients) and a list of child processes killed at the end; without redis-server, one skipped test
 * naming the install command.
 */
export function describeWithRedis(title: string, body: (ctx: { server: () => TestRedis; children: ChildProcess[] }) => void): void {
  if (REDIS_MISSING) {
    describe(title, () => { it.skip(INSTALL_HINT, () => undefined); });
    process.stderr.write(INSTALL_HINT + '\n');
    return;
  }
  describe(`${title} (own redis-server on 127.0.0.1)`, () => {
    let s: TestRedis | null = null;
    const children: ChildProcess[] = [];
    beforeAll(async () => { s = await TestRedis.start(); process.env['MECRL_REDIS_PASSWORD'] = s.password; });
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await s?.stop();
    });
    body({ server: () => s!, children });
  });
}
