// A job's folder in Redis (Node-only): a set of files (relative path → bytes) stored as one Redis
// hash, each file split into chunks of at most CHUNK_BYTES (binary-safe values) plus a JSON
// manifest field. A snapshot is written under a temporary key and RENAMEd over the old one in one
// MULTI, so a reader (a worker resuming the job) sees the previous snapshot or the new one, never a
// mix. Memory per job in Redis: about one checkpoint folder + rows.jsonl while the job runs (twice
// that for the instant of a swap), then the result files (result.json, rows.jsonl, policy/).

import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Redis } from 'ioredis';
import { writeFileAtomic } from '../fs/atomic.js';

export const CHUNK_BYTES = 512 * 1024;
const MANIFEST = '__manifest';

export type FileSet = Array<[path: string, bytes: Uint8Array]>;

/** Every file under `dir` (relative paths with '/', sorted), skipping temporaries of atomic writes. */
export function readFolder(dir: string): FileSet {
  const out: FileSet = [];
  const walk = (d: string): void => {
    let names: string[];
    try { names = readdirSync(d).sort(); } catch { return; }
    for (const n of names) {
      if (n.includes('.tmp-')) continue;
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push([relative(dir, p).split(sep).join('/'), new Uint8Array(readFileSync(p))]);
    }
  };
  walk(dir);
  return out;
}

/** Replaces folder `dir` by the files of a snapshot. */
export function writeFolder(dir: string, files: FileSet): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [p, bytes] of files) {
    if (p.startsWith('/') || p.split('/').includes('..')) throw new Error(`refusing file path '${p}' from Redis (outside the job folder)`);
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileAtomic(join(dir, p), bytes);
  }
}

/** Stores `files` as hash `key` atomically (temporary key, then RENAME). Returns the bytes written. */
export async function putFiles(redis: Redis, key: string, files: FileSet): Promise<number> {
  const tmp = `${key}:writing`;
  const manifest: Array<{ path: string; bytes: number; chunks: number }> = [];
  const multi = redis.multi().del(tmp);
  let total = 0;
  for (const [path, bytes] of files) {
    const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
    for (let i = 0; i < chunks; i++) multi.hset(tmp, `c:${path}:${i}`, Buffer.from(bytes.buffer, bytes.byteOffset + i * CHUNK_BYTES, Math.min(CHUNK_BYTES, bytes.length - i * CHUNK_BYTES)));
    manifest.push({ path, bytes: bytes.length, chunks });
    total += bytes.length;
  }
  multi.hset(tmp, MANIFEST, JSON.stringify(manifest)).rename(tmp, key);
  const res = await multi.exec();
  for (const [err] of res ?? []) if (err) throw err;
  return total;
}

/** Reads a snapshot back; null when `key` does not exist. Throws when chunks are missing or short. */
export async function getFiles(redis: Redis, key: string): Promise<FileSet | null> {
  const all = await redis.hgetallBuffer(key);
  const m = all[MANIFEST];
  if (m === undefined) return null;
  const manifest = JSON.parse(m.toString('utf8')) as Array<{ path: string; bytes: number; chunks: number }>;
  return manifest.map(({ path, bytes, chunks }) => {
    const out = new Uint8Array(bytes);
    let off = 0;
    for (let i = 0; i < chunks; i++) {
      const c = all[`c:${path}:${i}`];
      if (c === undefined) throw new Error(`Redis key ${key}: chunk ${i} of ${path} is missing`);
      out.set(c, off);
      off += c.length;
    }
    if (off !== bytes) throw new Error(`Redis key ${key}: ${path} has ${off} bytes, expected ${bytes}`);
    return [path, out];
  });
}
