// Connecting to Redis for `--queue URL` (Node-only). Secrets never come from the URL or the command
// line (they would show in process lists, shell history, config.json and logs): the Redis password
// comes from MECRL_REDIS_PASSWORD or the file named by MECRL_REDIS_PASSWORD_FILE, the per-run HMAC
// key of federated rounds from MECRL_HMAC_KEY or MECRL_HMAC_KEY_FILE. URLs are printed redacted.

import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { UsageError } from '../errors.js';

export interface QueueTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly db: number;
}

/** Parses `redis://host:port[/db]` (or `rediss://` for TLS); refuses a URL carrying a password. */
export function parseQueueUrl(url: string): QueueTarget {
  let u: URL;
  try { u = new URL(url); } catch { throw new UsageError(`--queue: '${redactUrl(url)}' is not a URL (expected redis://host:port)`); }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new UsageError(`--queue: scheme must be redis:// or rediss://, got ${u.protocol}//`);
  if (u.password !== '' || u.username !== '') {
    throw new UsageError('--queue: the URL must not carry a user or password (it would show in process lists, logs and config.json); set MECRL_REDIS_PASSWORD or MECRL_REDIS_PASSWORD_FILE instead');
  }
  const port = u.port === '' ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new UsageError(`--queue: database '${u.pathname.slice(1)}' must be an integer >= 0`);
  return { host: u.hostname, port, tls: u.protocol === 'rediss:', db };
}

/** A URL as printed in config.json, logs and reports: the scheme only. */
export function redactUrl(url: string): string {
  const m = /^([a-z]+:)\/\//i.exec(url);
  return `${m?.[1] ?? 'redis:'}//<redacted>`;
}

/** Replaces the value of every `--queue` option in a command line by its redacted form. */
export function redactCommand(command: string): string {
  return command.replace(/(--queue[= ])('[^']*'|\S+)/g, (_m, opt: string, url: string) => `${opt}${redactUrl(url.replace(/^'|'$/g, ''))}`);
}

/** A secret from env var NAME or the file named by NAME_FILE (trailing newline dropped); undefined when neither is set. */
export function readSecret(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[`${name}_FILE`];
  if (file === undefined || file === '') return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new UsageError(`${name}_FILE: cannot read the secret file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** ioredis options for BullMQ (`maxRetriesPerRequest: null`: commands wait through a Redis restart). */
export function redisOptions(t: QueueTarget): ConnectionOptions & { maxRetriesPerRequest: null } {
  const password = readSecret('MECRL_REDIS_PASSWORD');
  return {
    host: t.host, port: t.port, db: t.db, ...(password !== undefined ? { password } : {}), ...(t.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

export function connect(t: QueueTarget): Redis {
  const o = redisOptions(t) as { host: string; port: number; db: number; password?: string; tls?: object; maxRetriesPerRequest: null; retryStrategy: (n: number) => number };
  const r = new Redis(o);
  r.on('error', () => undefined); // reconnects on its own (retryStrategy); `ready` below reports a server that never answers
  return r;
}

/** Waits until `r` is connected and authenticated; a clear error (URL redacted) after `ms`. */
export async function ready(r: Redis, url: string, ms = 10_000): Promise<void> {
  if (r.status === 'ready') return;
  let last = '';
  r.on('error', (e: Error) => { last = e.message.replace(/\d+\.\d+\.\d+\.\d+:\d+/g, '<redacted>'); });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new UsageError(`cannot reach Redis at ${redactUrl(url)} within ${ms / 1000} s${last !== '' ? ` (${last})` : ''}; is the server running, and is MECRL_REDIS_PASSWORD(_FILE) set when it needs a password?`)), ms);
    r.once('ready', () => { clearTimeout(t); resolve(); });
  });
}

/** The per-run HMAC key (MECRL_HMAC_KEY or MECRL_HMAC_KEY_FILE); a UsageError naming both when unset. */
export function hmacKey(who: string): Buffer {
  const k = readSecret('MECRL_HMAC_KEY');
  if (k === undefined || k.length < 16) throw new UsageError(`${who}: set the per-run HMAC key (at least 16 characters, the same on the coordinator and every worker) in MECRL_HMAC_KEY or a file named by MECRL_HMAC_KEY_FILE`);
  return Buffer.from(k, 'utf8');
}
