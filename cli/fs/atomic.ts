// Atomic file writes (Node-only): write a temporary sibling, fsync it, rename it over the target.
// A reader sees either the old file or the new one, never half of one.

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

let counter = 0;

/** Temporary sibling name: same folder (so rename is atomic), unique per process and call. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}-${counter++}`;
}

/** A file could not be written (disk full, permissions, …): the message names the file and the cause. */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  constructor(readonly path: string, readonly code: string | undefined, cause: string) {
    super(`cannot write ${path}: ${cause}`);
  }
}

/** Fault injection for the reliability checks: the `n`-th write from now fails as a full disk would. */
let faultCountdown: number | null = null;
let writes = 0;

/** How many times `writeFileAtomic` was called in this thread (fault-injection trials count the writes of a run). */
export function atomicWriteCount(): number {
  return writes;
}

/** Makes the `n`-th call of `writeFileAtomic` from now (1 = the next) fail with ENOSPC half-way; null disarms. */
export function injectWriteFault(n: number | null): void {
  faultCountdown = n;
}

/** Writes `data` to `path` atomically, creating the parent folder if needed; failures are FileWriteErrors. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writes++;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = tempPathFor(path);
  let fd: number | null = null;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(tmp, 'w');
    const fault = faultCountdown !== null && --faultCountdown === 0;
    if (fault) faultCountdown = null;
    const end = fault ? bytes.length >> 1 : bytes.length;
    let off = 0;
    while (off < end) off += writeSync(fd, bytes, off, end - off);
    if (fault) throw Object.assign(new Error('ENOSPC: no space left on device, write (injected fault)'), { code: 'ENOSPC' });
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    throw e instanceof FileWriteError ? e : new FileWriteError(path, err.code, err.message);
  }
}
