// `mecrl report <run> --publish <dir>` (Node-only): copies exactly the publishable set of a finished
// run — REPORT.md, summary.json and the SVG figures (plots/*.svg) — into <dir>, so what is committed
// under docs/reproductions is what the CLI wrote. Never checkpoints, policies, job files, metrics.jsonl
// or PNG duplicates. A sweep folder is published with its summary across the values and, in one
// sub-folder per value (the names of the run), each value's publishable set (the sweep report links
// to them). <dir> is replaced: it must be empty, absent, or a previous publication (has REPORT.md).

import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { writeFileAtomic } from './fs/atomic.js';
import { join } from 'node:path';
import { readSweepIndex } from './sweep.js';

/** The publishable files of one run or sweep folder, relative to it (sorted). */
export function publishableFiles(runDir: string): string[] {
  const out: string[] = [];
  const one = (rel: string): void => {
    const dir = join(runDir, rel);
    for (const f of ['REPORT.md', 'summary.json']) if (existsSync(join(dir, f))) out.push(join(rel, f));
    const plots = join(dir, 'plots');
    if (existsSync(plots)) for (const f of readdirSync(plots).sort()) if (f.endsWith('.svg')) out.push(join(rel, 'plots', f));
  };
  one('');
  const sweep = readSweepIndex(runDir);
  if (sweep !== null) for (const e of sweep.runs) one(e.dir);
  return out;
}

/**
 * Replaces `dest` with the publishable set of `runDir`; returns the files written (relative). The
 * set is written into a sibling staging folder first and swapped in by renames, so a failed write
 * (disk full: a FileWriteError naming the file) leaves the previous publication as it was.
 */
export function publishRun(runDir: string, dest: string): string[] {
  if (!existsSync(join(runDir, 'REPORT.md'))) throw new Error(`${runDir} has no REPORT.md: run or report it first`);
  if (existsSync(dest) && readdirSync(dest).length > 0 && !existsSync(join(dest, 'REPORT.md'))) {
    throw new Error(`--publish ${dest} is not empty and is not a previous publication (no REPORT.md); choose an empty or new folder`);
  }
  const files = publishableFiles(runDir);
  const stage = `${dest}.publishing-${process.pid}`, old = `${dest}.previous-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  try {
    for (const f of files) writeFileAtomic(join(stage, f), readFileSync(join(runDir, f)));
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dest)) renameSync(dest, old);
  renameSync(stage, dest);
  rmSync(old, { recursive: true, force: true });
  return files;
}
