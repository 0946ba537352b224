// Atomic file writes (Node-only): write a temporary sibling, fsync it, rename it over the target.
// A reader sees either the old file or the new one, never half of one.

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RunStopped } from '../errors.js';

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

/** How many files `writeFileAtomic`/`writeFilesAtomic` wrote (or tried to) in this thread (fault-injection trials count the writes of a run). */
export function atomicWriteCount(): number {
  return writes;
}

/** Makes the `n`-th file write from now (1 = the next; `writeFileAtomic` or one file of `writeFilesAtomic`) fail with ENOSPC half-way; null disarms. */
export function injectWriteFault(n: number | null): void {
  faultCountdown = n;
}

/** Writes `data` to `path` atomically, creating the parent folder if needed; failures are FileWriteErrors. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = writeTemporary(path, data);
  try {
    renameSync(tmp, path);
  } catch (e) {
    removeQuietly(tmp);
    throw asWriteError(path, e);
  }
}

/**
 * Writes a set of files all-or-nothing (a report: metrics.jsonl, summary.json, plots, REPORT.md):
 * first every file's temporary sibling, written and fsynced; only when all are on disk, the renames.
 * A write that fails (disk full, …) removes the temporaries and throws a FileWriteError naming that
 * file, and every previous file is left exactly as it was. Each file counts as one write for
 * `injectWriteFault`.
 */
export function writeFilesAtomic(files: ReadonlyArray<readonly [path: string, data: string | Uint8Array]>): void {
  const temps: Array<readonly [string, string]> = [];
  try {
    for (const [path, data] of files) temps.push([writeTemporary(path, data), path]);
  } catch (e) {
    for (const [tmp] of temps) removeQuietly(tmp);
    throw e;
  }
  for (let i = 0; i < temps.length; i++) {
    const [tmp, path] = temps[i]!;
    try {
      renameSync(tmp, path);
    } catch (e) {
      for (const [t] of temps.slice(i)) removeQuietly(t);
      throw asWriteError(path, e);
    }
  }
}

/**
 * Removes a temporary file, ignoring every error: cleanup must never hide the write error itself
 * (`rmSync(…, { force: true })` still throws ENOTDIR when a parent is a file, not a folder).
 */
function removeQuietly(path: string): void {
  try { rmSync(path, { force: true }); } catch { /* the write error is the one to report */ }
}

function asWriteError(path: string, e: unknown): FileWriteError {
  const err = e as NodeJS.ErrnoException;
  return e instanceof FileWriteError ? e : new FileWriteError(path, err.code, err.message);
}

/** Writes and fsyncs the temporary sibling of `path` (its folder created if needed); returns its name. */
function writeTemporary(path: string, data: string | Uint8Array): string {
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
    return tmp;
  } catch (e) {
    if (fd !== null) closeSync(fd);
    removeQuietly(tmp);
    throw asWriteError(path, e);
  }
}

/**
 * Writes a report's files (`mecrl run`/`report`: metrics.jsonl, summary.json, plots, REPORT.md) all
 * or nothing; a failed write (disk full, …) stops the command with one line naming the file, the
 * previous report files left as they were (RunStopped: exit 1, no stack trace).
 */
export function writeReportFiles(dir: string, files: ReadonlyArray<readonly [string, string | Uint8Array]>, rerun = `mecrl report ${dir}`): void {
  try {
    writeFilesAtomic(files);
  } catch (e) {
    if (!(e instanceof FileWriteError)) throw e;
    throw new RunStopped(`${e.message} (the report files in ${dir} were left as they were; once the cause is fixed, '${rerun}' writes the full report)`);
  }
}
