// Seeding entry points and named streams (STYLE §3.5).
//
// A *named stream* is a generator derived from `(seed, ...labels)` — e.g. `(seed, 'init')`,
// `(seed, 'explore', agentId)`, `(seed, 'clients', round)`. Each stream is seeded independently
// from the JSON text `["mecrl", seed, ...labels]`, so:
//   * the same (seed, labels) always gives the same sequence, in any process, in any order of use;
//   * drawing more or fewer numbers from one stream never shifts any other stream;
//   * labels are unambiguous: ('a,b') ≠ ('a', 'b') ≠ ('a', 'b', '') and 1 ≠ '1'.
// `RngStreams` keeps one lazily-created generator per label key and snapshots all of them for
// checkpoints, so a resumed run is bit-identical to an uninterrupted one.

import type { Rng, RngState } from './types.js';
import { XOR4096_ALGORITHM, Xor4096 } from './xor4096.js';
import { checkSeed, describeValue, fail } from './validate.js';

/** Algorithms `fromState` can rebuild. */
export const SUPPORTED_ALGORITHMS: readonly string[] = [XOR4096_ALGORITHM];

/** A stream label: a string, or a finite number (JSON-encoded, so `1` and `'1'` differ; `-0` is `0`). */
export type StreamLabel = string | number;

/**
 * A generator seeded from `seed`: xor4096 seeded with `String(seed)`, i.e. exactly
 * `seedrandom.xor4096(String(seed))`. `fromSeed(42)` and `fromSeed('42')` are the same stream.
 *
 * @param seed - any string, or a safe integer in [-(2^53 - 1), 2^53 - 1].
 * @throws RangeError/TypeError naming `seed` and the allowed range.
 */
export function fromSeed(seed: number | string): Rng {
  checkSeed('fromSeed', seed);
  return Xor4096.fromSeed(String(seed));
}

/**
 * Rebuild a generator from a snapshot taken with `rng.getState()`.
 * @throws RangeError naming the algorithm if `state.algorithm` is not one of
 *   {@link SUPPORTED_ALGORITHMS}; RangeError/TypeError naming the bad field otherwise.
 */
export function fromState(state: RngState): Rng {
  if (typeof state !== 'object' || state === null) {
    fail('fromState', 'state', 'an RngState object { algorithm, words }', state, true);
  }
  const algorithm: unknown = state.algorithm;
  if (algorithm === XOR4096_ALGORITHM) return Xor4096.fromState(state);
  throw new RangeError(
    `fromState: unknown algorithm ${describeValue(algorithm)}; supported algorithms: ${SUPPORTED_ALGORITHMS.map((a) => `'${a}'`).join(', ')}`,
  );
}

function checkLabels(fn: string, labels: readonly unknown[]): void {
  for (let k = 0; k < labels.length; k++) {
    const label = labels[k];
    if (typeof label === 'string') continue;
    if (typeof label === 'number' && Number.isFinite(label)) continue;
    fail(fn, `labels[${k}]`, 'a string or a finite number', label, typeof label !== 'number');
  }
}

/**
 * A named stream: xor4096 seeded with the string `JSON.stringify(['mecrl', seed, ...labels])`.
 *
 * Streams with different (seed, labels) are independent seeds of a 2^4128-period generator, and
 * drawing from one never changes another. JSON keeps labels unambiguous (`('a', 'b')` ≠
 * `('a,b')`, `1` ≠ `'1'`); note that here `seed` 42 and '42' DO give different streams.
 *
 * @param seed - any string, or a safe integer in [-(2^53 - 1), 2^53 - 1].
 * @param labels - strings or finite numbers naming the purpose, e.g. `'clients', round`.
 * @throws RangeError/TypeError naming `seed` or `labels[k]`.
 */
export function deriveStream(seed: number | string, ...labels: StreamLabel[]): Rng {
  checkSeed('deriveStream', seed);
  checkLabels('deriveStream', labels);
  return Xor4096.fromSeed(JSON.stringify(['mecrl', seed, ...labels]));
}

/** Snapshot of an {@link RngStreams}: its seed and every created stream's state, keys sorted. */
export interface RngStreamsState {
  /** The root seed (a string or a safe integer). */
  readonly seed: number | string;
  /** Stream key (`JSON.stringify(labels)`, e.g. `'["clients",3]'`) → that stream's state. */
  readonly streams: Readonly<Record<string, RngState>>;
}

/**
 * A family of named streams under one root seed. `get(...labels)` returns the same `Rng` object
 * for the same labels (created on first use with `deriveStream(seed, ...labels)`), so callers may
 * keep the reference. `getState()`/`setState()` snapshot and restore every stream for
 * checkpoints; restoring updates the existing objects in place.
 */
export class RngStreams {
  private rootSeed: number | string;
  private readonly streams = new Map<string, { labels: StreamLabel[]; rng: Rng }>();

  /**
   * @param seed - any string, or a safe integer in [-(2^53 - 1), 2^53 - 1].
   * @throws RangeError/TypeError naming `seed` and the allowed range.
   */
  constructor(seed: number | string) {
    this.rootSeed = checkSeed('RngStreams', seed);
  }

  /** Rebuild a stream family from {@link RngStreams.getState} output. */
  static fromState(state: RngStreamsState): RngStreams {
    if (typeof state !== 'object' || state === null) {
      fail('RngStreams.fromState', 'state', 'an object { seed, streams }', state, true);
    }
    const streams = new RngStreams(checkSeed('RngStreams.fromState', state.seed));
    streams.setState(state);
    return streams;
  }

  /** The root seed every stream is derived from. */
  get seed(): number | string {
    return this.rootSeed;
  }

  /** The key of a label list in snapshots: `JSON.stringify(labels)`, e.g. `'["clients",3]'`. */
  static key(...labels: StreamLabel[]): string {
    checkLabels('RngStreams.key', labels);
    return JSON.stringify(labels);
  }

  /**
   * The stream for `labels` — the same object on every call with equal labels; a fresh stream
   * equals `deriveStream(seed, ...labels)`.
   * @throws RangeError/TypeError naming `labels[k]` if a label is not a string or finite number.
   */
  get(...labels: StreamLabel[]): Rng {
    checkLabels('RngStreams.get', labels);
    const key = JSON.stringify(labels);
    let entry = this.streams.get(key);
    if (entry === undefined) {
      entry = { labels: labels.slice(), rng: deriveStream(this.rootSeed, ...labels) };
      this.streams.set(key, entry);
    }
    return entry.rng;
  }

  /** Keys of the streams created so far, sorted (UTF-16 code-unit order). */
  keys(): string[] {
    return [...this.streams.keys()].sort();
  }

  /** Snapshot `{ seed, streams }` with stream keys in sorted order (deterministic JSON). */
  getState(): RngStreamsState {
    const streams: Record<string, RngState> = {};
    for (const key of this.keys()) {
      streams[key] = (this.streams.get(key) as { rng: Rng }).rng.getState();
    }
    return { seed: this.rootSeed, streams };
  }

  /**
   * Restore a snapshot from {@link RngStreams.getState}. Everything is validated before anything
   * changes. Afterwards the family is as it was at the snapshot: streams in the snapshot get its
   * states (existing objects are updated in place), and streams created since the snapshot are
   * reset to their fresh derived state (as if not yet used).
   * @throws RangeError/TypeError naming `seed`, a bad stream key or a bad state field.
   */
  setState(state: RngStreamsState): void {
    const fn = 'RngStreams.setState';
    if (typeof state !== 'object' || state === null) fail(fn, 'state', 'an object { seed, streams }', state, true);
    const seed = checkSeed(fn, state.seed);
    const snapshot: unknown = state.streams;
    if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
      fail(fn, 'state.streams', 'an object mapping stream keys to RngState', snapshot, true);
    }
    const restored = new Map<string, { labels: StreamLabel[]; rng: Rng }>();
    for (const [key, rngState] of Object.entries(snapshot as Record<string, unknown>)) {
      let labels: unknown;
      try {
        labels = JSON.parse(key);
      } catch {
        labels = undefined;
      }
      const valid =
        Array.isArray(labels) &&
        labels.every((l) => typeof l === 'string' || (typeof l === 'number' && Number.isFinite(l))) &&
        JSON.stringify(labels) === key;
      if (!valid) {
        fail(fn, 'state.streams key', 'JSON.stringify(labels) of an array of strings/finite numbers', key);
      }
      let rng: Rng;
      try {
        rng = fromState(rngState as RngState);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new RangeError(`${fn}: state.streams[${JSON.stringify(key)}]: ${message}`);
      }
      restored.set(key, { labels: labels as StreamLabel[], rng });
    }
    // Validated; now apply.
    this.rootSeed = seed;
    for (const [key, entry] of this.streams) {
      const source = restored.get(key)?.rng ?? deriveStream(seed, ...entry.labels);
      entry.rng.setState(source.getState());
    }
    for (const [key, entry] of restored) {
      if (!this.streams.has(key)) this.streams.set(key, entry);
    }
  }
}

/** Same as `new RngStreams(seed)`. */
export function createStreams(seed: number | string): RngStreams {
  return new RngStreams(seed);
}
