// Checkpoint folders (Node-only). A checkpoint is a folder holding `manifest.json` (small JSON:
// format, version, user metadata, the state's JSON part and the list of arrays with their byte
// length and FNV-1a checksum) and one little-endian `.f64` file per Float64Array.
//
// Atomicity: the folder is written complete under a temporary name, then renamed into place; an
// older checkpoint of the same name is moved aside first and removed last. An interrupted write
// leaves the previous checkpoint intact.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { joinState, splitState, type JsonValue, type StateValue } from '../../lib/rl/checkpoint.js';
import { tempPathFor, writeFileAtomic } from './atomic.js';

export const CHECKPOINT_FORMAT = 'mecrl.checkpoint';
export const CHECKPOINT_VERSION = 1;

interface ArrayEntry { name: string; file: string; length: number; fnv1a: string }
interface Manifest { format: string; version: number; meta: JsonValue; state: JsonValue; arrays: ArrayEntry[] }

/** FNV-1a 32-bit over bytes, as 8 hex digits: cheap corruption detection, not security. */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function bytesOf(a: Float64Array): Uint8Array {
  if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) throw new Error('checkpoint files assume a little-endian machine');
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes `state` (and JSON `meta`) as checkpoint folder `dir`, atomically. */
export function writeCheckpoint(dir: string, state: StateValue, meta: JsonValue = null): void {
  const { manifest, arrays } = splitState(state);
  const tmp = tempPathFor(dir);
  mkdirSync(tmp, { recursive: true });
  try {
    const entries: ArrayEntry[] = arrays.map((a, i) => {
      const file = `a${String(i).padStart(4, '0')}.f64`;
      const bytes = bytesOf(a.data);
      writeFileAtomic(join(tmp, file), bytes);
      return { name: a.name, file, length: a.data.length, fnv1a: fnv1a(bytes) };
    });
    const m: Manifest = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, meta, state: manifest, arrays: entries };
    writeFileAtomic(join(tmp, 'manifest.json'), JSON.stringify(m));
    const old = existsSync(dir) ? tempPathFor(`${dir}.old`) : null;
    if (old !== null) renameSync(dir, old);
    renameSync(tmp, dir);
    if (old !== null) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Error thrown for a missing, corrupt or mismatched checkpoint; the message names the file. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/** Reads a checkpoint folder back: `{ state, meta }`, verifying format, version, sizes and checksums. */
export function readCheckpoint(dir: string): { state: StateValue; meta: JsonValue } {
  const mpath = join(dir, 'manifest.json');
  if (!existsSync(mpath)) throw new CheckpointError(`checkpoint ${dir}: manifest.json is missing`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(mpath, 'utf8')) as Manifest;
  } catch (e) {
    throw new CheckpointError(`checkpoint ${mpath}: not valid JSON (${(e as Error).message})`);
  }
  if (m.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`checkpoint ${mpath}: format is '${String(m.format)}', expected '${CHECKPOINT_FORMAT}'`);
  if (m.version !== CHECKPOINT_VERSION) throw new CheckpointError(`checkpoint ${mpath}: version ${String(m.version)} is not supported (supported: ${CHECKPOINT_VERSION})`);
  if (!Array.isArray(m.arrays)) throw new CheckpointError(`checkpoint ${mpath}: 'arrays' must be a list`);
  const arrays = new Map<string, Float64Array>();
  for (const e of m.arrays) {
    const p = join(dir, e.file);
    if (!existsSync(p)) throw new CheckpointError(`checkpoint ${dir}: array file ${e.file} ('${e.name}') is missing`);
    const buf = readFileSync(p);
    if (buf.length !== e.length * 8) throw new CheckpointError(`checkpoint ${p}: ${buf.length} bytes, expected ${e.length * 8} for '${e.name}'`);
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    if (fnv1a(copy) !== e.fnv1a) throw new CheckpointError(`checkpoint ${p}: checksum mismatch for '${e.name}' (file corrupt)`);
    arrays.set(e.name, new Float64Array(copy.buffer));
  }
  try {
    return { state: joinState(m.state, arrays), meta: m.meta };
  } catch (e) {
    throw new CheckpointError(`checkpoint ${mpath}: ${(e as Error).message}`);
  }
}
