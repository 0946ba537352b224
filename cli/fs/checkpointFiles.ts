// Checkpoint folders (Node-only). A checkpoint is a folder holding `manifest.json` (small JSON:
// format, version, user metadata, the state's JSON part and the list of arrays with their byte
// length and FNV-1a checksum), `manifest.fnv1a` (the manifest's own checksum, since version 2) and
// one little-endian `.f64` file per Float64Array.
//
// Atomicity: the folder is written complete under a temporary name, then renamed into place; an
// older checkpoint of the same name is moved aside first and removed last. An interrupted write
// leaves the previous checkpoint intact.

import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { joinState, splitState, type JsonValue, type StateValue } from '../../lib/rl/checkpoint.js';
import { tempPathFor, writeFileAtomic } from './atomic.js';

export const CHECKPOINT_FORMAT = 'mecrl.checkpoint';
/** 2: manifest.fnv1a holds the manifest's checksum. Version 1 folders (no checksum) are still read. */
export const CHECKPOINT_VERSION = 2;
const SUPPORTED_VERSIONS: readonly number[] = [1, 2];
const MANIFEST_SUM = 'manifest.fnv1a';

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
    const text = Buffer.from(JSON.stringify(m), 'utf8');
    writeFileAtomic(join(tmp, 'manifest.json'), text);
    writeFileAtomic(join(tmp, MANIFEST_SUM), fnv1a(text) + '\n');
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

/** Largest manifest.json read (bytes): a checkpoint's JSON part is small; anything bigger is not ours. */
export const MAX_MANIFEST_BYTES = 64 * 2 ** 20;
/** Largest array (values) and total of all arrays a checkpoint may hold: 2^27 values = 1 GiB. */
export const MAX_CHECKPOINT_VALUES = 2 ** 27;
const ARRAY_FILE = /^a[0-9]{4,9}\.f64$/;

/** lstat of a path that must be a regular file (or directory), never a symbolic link. */
function plainEntry(path: string, kind: 'file' | 'directory', where: string): Stats {
  let st: Stats;
  try { st = lstatSync(path); } catch { throw new CheckpointError(`checkpoint ${where}: ${path} is missing`); }
  if (st.isSymbolicLink()) throw new CheckpointError(`checkpoint ${where}: ${path} is a symbolic link (checkpoints hold plain files only)`);
  if (kind === 'file' ? !st.isFile() : !st.isDirectory()) throw new CheckpointError(`checkpoint ${where}: ${path} is not a ${kind}`);
  return st;
}

/** Checks one manifest array entry's fields; returns it typed. */
function arrayEntry(e: unknown, i: number, mpath: string): ArrayEntry {
  const bad = (what: string): never => { throw new CheckpointError(`checkpoint ${mpath}: arrays[${i}] ${what}`); };
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return bad('must be an object {name, file, length, fnv1a}');
  const { name, file, length, fnv1a: sum } = e as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') bad(`.name must be a non-empty string, got ${JSON.stringify(name)}`);
  if (typeof file !== 'string' || !ARRAY_FILE.test(file)) bad(`.file must be a file name like a0000.f64 inside the folder, got ${JSON.stringify(file)}`);
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0 || length > MAX_CHECKPOINT_VALUES) bad(`.length must be an integer in [0, ${MAX_CHECKPOINT_VALUES}], got ${JSON.stringify(length)}`);
  if (typeof sum !== 'string' || !/^[0-9a-f]{8}$/.test(sum)) bad(`.fnv1a must be 8 hex digits, got ${JSON.stringify(sum)}`);
  return { name: name as string, file: file as string, length: length as number, fnv1a: sum as string };
}

/** The Float64Arrays of a state tree (each array object once). */
function arraysIn(v: StateValue, out = new Set<Float64Array>()): Set<Float64Array> {
  if (v instanceof Float64Array) out.add(v);
  else if (Array.isArray(v)) for (const x of v as readonly StateValue[]) arraysIn(x, out);
  else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) arraysIn(x as StateValue, out);
  return out;
}

/**
 * Reads a checkpoint folder back: `{ state, meta }`, verifying everything before trusting it —
 * the folder and its files are plain (no symbolic links), it holds exactly manifest.json and the
 * listed array files, the manifest is small, well-formed JSON of this format and version, every
 * array entry names a file inside the folder whose size matches its length (checked before reading,
 * so a length claiming gigabytes allocates nothing), checksums match, and the state uses every
 * array exactly once. Any failure is a CheckpointError naming the file and what is wrong.
 */
export function readCheckpoint(dir: string): { state: StateValue; meta: JsonValue } {
  const mpath = join(dir, 'manifest.json');
  if (!lstatExists(dir)) throw new CheckpointError(`checkpoint ${dir}: manifest.json is missing (no such folder)`);
  plainEntry(dir, 'directory', dir);
  if (!lstatExists(mpath)) throw new CheckpointError(`checkpoint ${dir}: manifest.json is missing`);
  const mst = plainEntry(mpath, 'file', dir);
  if (mst.size > MAX_MANIFEST_BYTES) throw new CheckpointError(`checkpoint ${mpath}: ${mst.size} bytes, more than the ${MAX_MANIFEST_BYTES} a manifest may have`);
  const mbytes = readFileSync(mpath);
  const spath = join(dir, MANIFEST_SUM);
  const hasSum = lstatExists(spath);
  if (hasSum) {
    const sst = plainEntry(spath, 'file', dir);
    const sum = sst.size <= 64 ? readFileSync(spath, 'utf8').trim() : '';
    if (sum !== fnv1a(new Uint8Array(mbytes.buffer, mbytes.byteOffset, mbytes.length))) throw new CheckpointError(`checkpoint ${mpath}: checksum mismatch with ${MANIFEST_SUM} (file corrupt)`);
  }
  let m: Manifest;
  try {
    m = JSON.parse(mbytes.toString('utf8')) as Manifest;
  } catch (e) {
    throw new CheckpointError(`checkpoint ${mpath}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new CheckpointError(`checkpoint ${mpath}: must be a JSON object`);
  if (m.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`checkpoint ${mpath}: format is '${String(m.format)}', expected '${CHECKPOINT_FORMAT}'`);
  if (!SUPPORTED_VERSIONS.includes(m.version)) throw new CheckpointError(`checkpoint ${mpath}: version ${String(m.version)} is not supported (supported: ${SUPPORTED_VERSIONS.join(', ')})`);
  if (m.version >= 2 && !hasSum) throw new CheckpointError(`checkpoint ${dir}: ${MANIFEST_SUM} is missing (version ${m.version} checkpoints have one)`);
  if (!Array.isArray(m.arrays)) throw new CheckpointError(`checkpoint ${mpath}: 'arrays' must be a list`);
  const entries = m.arrays.map((e, i) => arrayEntry(e, i, mpath));
  const names = new Set<string>(), files = new Set<string>();
  let total = 0;
  for (const e of entries) {
    if (names.has(e.name)) throw new CheckpointError(`checkpoint ${mpath}: two arrays are named '${e.name}'`);
    if (files.has(e.file)) throw new CheckpointError(`checkpoint ${mpath}: two arrays share the file ${e.file}`);
    names.add(e.name);
    files.add(e.file);
    total += e.length;
    if (total > MAX_CHECKPOINT_VALUES) throw new CheckpointError(`checkpoint ${mpath}: the arrays hold more than ${MAX_CHECKPOINT_VALUES} values in all`);
  }
  for (const f of readdirSync(dir)) {
    if (f !== 'manifest.json' && f !== MANIFEST_SUM && !files.has(f)) throw new CheckpointError(`checkpoint ${dir}: unexpected file ${f} (not listed in manifest.json)`);
  }
  const arrays = new Map<string, Float64Array>();
  for (const e of entries) {
    const p = join(dir, e.file);
    if (!lstatExists(p)) throw new CheckpointError(`checkpoint ${dir}: array file ${e.file} ('${e.name}') is missing`);
    const st = plainEntry(p, 'file', dir);
    if (st.size !== e.length * 8) throw new CheckpointError(`checkpoint ${p}: ${st.size} bytes, expected ${e.length * 8} for '${e.name}'`);
    const buf = readFileSync(p);
    if (buf.length !== e.length * 8) throw new CheckpointError(`checkpoint ${p}: ${buf.length} bytes, expected ${e.length * 8} for '${e.name}'`);
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    if (fnv1a(copy) !== e.fnv1a) throw new CheckpointError(`checkpoint ${p}: checksum mismatch for '${e.name}' (file corrupt)`);
    arrays.set(e.name, new Float64Array(copy.buffer));
  }
  let state: StateValue;
  try {
    state = joinState(m.state, arrays);
  } catch (e) {
    throw new CheckpointError(`checkpoint ${mpath}: ${(e as Error).message}`);
  }
  const used = arraysIn(state);
  if (used.size !== arrays.size) {
    const unused = [...arrays].filter(([, a]) => !used.has(a)).map(([n]) => n);
    throw new CheckpointError(`checkpoint ${mpath}: array${unused.length === 1 ? '' : 's'} ${unused.map((n) => `'${n}'`).join(', ')} listed but not used by the state`);
  }
  return { state, meta: m.meta };
}

function lstatExists(p: string): boolean {
  try { lstatSync(p); return true; } catch { return false; }
}
