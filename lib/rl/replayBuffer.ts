// Experience replay: a preallocated ring buffer stored as a struct of arrays (one Float64Array per
// named field, row-major `capacity × width`), as in spinningup's ReplayBuffer and sfujim's TD3
// buffer, with SB3's typed batch (`ReplayBufferSamples`) and save/load.
//
// Generic on purpose: the fields and their widths are configuration, so one class serves
//   - single-agent off-policy learners (DDPG, TD3, DQN) through `transitionBuffer`
//     (obs, action, reward, nextObs, terminated, truncated), and
//   - a MADDPG joint buffer, e.g. for N agents
//       new ReplayBuffer({ capacity, fields: { obs: N*obsDim, action: N*actDim, reward: N,
//                                              nextObs: N*obsDim, terminated: N } })
//     so one sampled row holds the joint transition of all agents (rows stay aligned across fields).
//
// Pitfall (terminal vs truncated): the bootstrap mask is `terminated` only —
//   y = r + γ·(1 − terminated)·Q'(s', a')
// A time-limit truncation still bootstraps from s'. `truncated` is kept for diagnostics and for
// n-step/episode logic, never for the mask.
//
// Allocation: `add` and `sample` allocate nothing after the first `sample` call of a given batch
// size; `sample` returns the SAME batch object every time for that size, overwritten in place.

import type { Rng } from '../random/index.js';
import { integer } from '../random/index.js';
import { checkFiniteValues } from '../tensor/index.js';
import { describeValue, fail, integerIn, record } from './validate.js';

/** Field name → width (float64 slots per row), e.g. `{ obs: 3, action: 1, reward: 1 }`. */
export type FieldSpec<F extends string> = Readonly<Record<F, number>>;

/** One row to add: a number (or boolean, stored as 1/0) for width-1 fields, else `width` numbers. */
export type Row<F extends string> = { readonly [K in F]: number | boolean | ArrayLike<number> };

/**
 * A sampled mini-batch: for each field a Float64Array of `batchSize × width` (row-major), plus the
 * buffer rows they came from. OWNED BY THE BUFFER: overwritten by the next `sample` of the same size.
 */
export type Batch<F extends string> = { readonly [K in F]: Float64Array } & {
  /** Number of rows in the batch. */
  readonly batchSize: number;
  /** Buffer row of each batch row (sampled uniformly with replacement). */
  readonly indices: Int32Array;
};

/** Replay buffer configuration. */
export interface ReplayBufferConfig<F extends string> {
  /** Maximum number of rows kept; older rows are overwritten first (FIFO). Integer ≥ 1. */
  readonly capacity: number;
  /** Field widths, integers in [1, 2^20]. Names must not be `batchSize` or `indices` (batch keys). */
  readonly fields: FieldSpec<F>;
}

/** JSON header of a saved buffer. */
export interface ReplayBufferHeader<F extends string = string> {
  readonly format: 'mecrl.replayBuffer';
  readonly version: 1;
  readonly capacity: number;
  /** Rows currently stored, in [0, capacity]. */
  readonly size: number;
  /** Row the next `add` writes, in [0, capacity); equals `size` until the buffer is full. */
  readonly pointer: number;
  /** Rows ever added (≥ size). */
  readonly added: number;
  readonly fields: FieldSpec<F>;
}

/**
 * Saved buffer: a small JSON header plus one Float64Array per field holding rows `0..size−1`
 * (`size × width` numbers, row-major). The arrays returned by `getState` are VIEWS of the live
 * storage (no copy, since they can be large): write them out before the next `add`.
 */
export interface ReplayBufferState<F extends string = string> {
  readonly header: ReplayBufferHeader<F>;
  readonly arrays: Readonly<Record<F, Float64Array>>;
}

const RESERVED = ['batchSize', 'indices'];
const MAX_WIDTH = 2 ** 20;
const MAX_ELEMENTS = 2 ** 31 - 1;
const OWNER = 'ReplayBuffer';

/** Preallocated FIFO ring buffer of rows with named float64 fields; uniform sampling with replacement. */
export class ReplayBuffer<F extends string> {
  readonly capacity: number;
  readonly fields: FieldSpec<F>;
  /** Field names in declaration order. */
  readonly fieldNames: readonly F[];
  private readonly storage: Record<F, Float64Array>;
  private readonly batches = new Map<number, Batch<F>>();
  private pointer = 0;
  private count = 0;
  private added = 0;

  constructor(config: ReplayBufferConfig<F>) {
    record(OWNER, 'config', config);
    this.capacity = integerIn(OWNER, 'capacity', config.capacity, 1, MAX_ELEMENTS);
    const fields = record(OWNER, 'fields', config.fields);
    const names = Object.keys(fields) as F[];
    if (names.length === 0) fail(OWNER, 'fields', 'an object with at least one field', fields);
    const storage = {} as Record<F, Float64Array>;
    for (const name of names) {
      if (RESERVED.includes(name)) fail(OWNER, 'fields', `field names other than ${RESERVED.join(', ')}`, name);
      const width = integerIn(OWNER, `fields.${name}`, fields[name], 1, MAX_WIDTH);
      if (width * this.capacity > MAX_ELEMENTS) {
        fail(OWNER, `capacity × fields.${name}`, `at most ${MAX_ELEMENTS} elements`, width * this.capacity);
      }
      storage[name] = new Float64Array(this.capacity * width);
    }
    this.fields = Object.freeze({ ...config.fields });
    this.fieldNames = Object.freeze(names);
    this.storage = storage;
  }

  /** Rows currently stored, in [0, capacity]. */
  get size(): number {
    return this.count;
  }

  /** Rows ever added (keeps counting after the buffer is full). */
  get totalAdded(): number {
    return this.added;
  }

  /**
   * Append one row, overwriting the oldest when full. Every field must be given; values must be
   * finite (NaN/±Infinity would poison every later batch, so they are rejected here).
   * @returns the buffer row written.
   */
  add(row: Row<F>): number {
    const at = this.pointer;
    // Validate everything before writing, so a bad row leaves the buffer unchanged.
    for (const name of this.fieldNames) this.checkValue(name, row[name]);
    for (const name of this.fieldNames) this.writeUnchecked(name, at, row[name]);
    return this.commit();
  }

  /**
   * Sample `batchSize` rows uniformly with replacement (`integer(rng, 0, size)` per row, in batch
   * order). Returns the buffer-owned batch for this size, overwritten on the next call.
   */
  sample(batchSize: number, rng: Rng): Batch<F> {
    integerIn(`${OWNER}.sample`, 'batchSize', batchSize, 1, MAX_ELEMENTS);
    if (this.count === 0) throw new RangeError(`${OWNER}.sample: the buffer is empty; add rows before sampling`);
    const batch = this.batchFor(batchSize);
    const indices = batch.indices;
    for (let b = 0; b < batchSize; b++) indices[b] = integer(rng, 0, this.count);
    for (const name of this.fieldNames) {
      const width = this.fields[name];
      const src = this.storage[name];
      const dst = batch[name] as Float64Array;
      for (let b = 0; b < batchSize; b++) {
        const from = (indices[b] as number) * width;
        const to = b * width;
        for (let j = 0; j < width; j++) dst[to + j] = src[from + j] as number;
      }
    }
    return batch;
  }

  /** Read-only view of field `name` of buffer row `index` (a subarray; valid until the row is overwritten). */
  row(name: F, index: number): Float64Array {
    integerIn(`${OWNER}.row`, 'index', index, 0, this.count - 1);
    const width = this.fields[name];
    return this.storage[name].subarray(index * width, (index + 1) * width);
  }

  /** Forget all rows (storage is kept and zeroed). */
  clear(): void {
    for (const name of this.fieldNames) this.storage[name].fill(0);
    this.pointer = 0;
    this.count = 0;
    this.added = 0;
  }

  /** Header + views of the stored rows (see `ReplayBufferState`; no copy). */
  getState(): ReplayBufferState<F> {
    const arrays = {} as Record<F, Float64Array>;
    for (const name of this.fieldNames) arrays[name] = this.storage[name].subarray(0, this.count * this.fields[name]);
    return {
      header: {
        format: 'mecrl.replayBuffer',
        version: 1,
        capacity: this.capacity,
        size: this.count,
        pointer: this.pointer,
        added: this.added,
        fields: { ...this.fields },
      },
      arrays,
    };
  }

  /** Restore from `getState()` output (arrays are copied in). Capacity and fields must match this buffer. */
  setState(state: ReplayBufferState<F>): void {
    const owner = `${OWNER}.setState`;
    const h = record(owner, 'header', record(owner, 'state', state)['header']);
    if (h['format'] !== 'mecrl.replayBuffer' || h['version'] !== 1) {
      throw new RangeError(`${owner}: header.format/version must be "mecrl.replayBuffer"/1, got ${describeValue(h['format'])}/${describeValue(h['version'])}`);
    }
    integerIn(owner, 'header.capacity', h['capacity'], this.capacity, this.capacity);
    const size = integerIn(owner, 'header.size', h['size'], 0, this.capacity);
    const pointer = integerIn(owner, 'header.pointer', h['pointer'], 0, this.capacity - 1);
    const added = integerIn(owner, 'header.added', h['added'], size, Number.MAX_SAFE_INTEGER);
    if (size < this.capacity && pointer !== size) fail(owner, 'header.pointer', `equal to header.size (${size}) while the buffer is not full`, pointer);
    if (added % this.capacity !== pointer) fail(owner, 'header.pointer', `header.added mod capacity (${added % this.capacity})`, pointer);
    const fields = record(owner, 'header.fields', h['fields']);
    const want = JSON.stringify(this.fields);
    if (JSON.stringify(fields) !== want) throw new RangeError(`${owner}: header.fields must be ${want}, got ${JSON.stringify(fields)}`);
    const arrays = record(owner, 'arrays', state.arrays);
    for (const name of this.fieldNames) {
      const a = arrays[name];
      const n = size * this.fields[name];
      if (!(a instanceof Float64Array) || a.length !== n) fail(owner, `arrays.${name}`, `a Float64Array of length ${n} (size × width)`, a, !(a instanceof Float64Array));
      for (let i = 0; i < n; i++) if (!Number.isFinite(a[i] as number)) fail(owner, `arrays.${name}[${i}]`, 'a finite number', a[i]);
    }
    for (const name of this.fieldNames) {
      const dst = this.storage[name];
      const src = arrays[name] as Float64Array;
      dst.set(src); // set() before fill(): `src` may be a view of `dst` itself (restoring our own getState())
      dst.fill(0, src.length);
    }
    this.pointer = pointer;
    this.count = size;
    this.added = added;
  }

  /** Validate one field value of a row (throws naming the field and index). */
  protected checkValue(name: F, value: unknown): void {
    const width = this.fields[name];
    const owner = `${OWNER}.add`;
    if (typeof value === 'number' || typeof value === 'boolean') {
      if (width !== 1) fail(owner, name, `${width} finite numbers (an array-like)`, value, true);
      if (typeof value === 'number' && !Number.isFinite(value)) nonFinite(owner, name, [value], '');
      return;
    }
    if (typeof value !== 'object' || value === null || typeof (value as ArrayLike<number>).length !== 'number') {
      fail(owner, name, width === 1 ? 'a finite number, a boolean or 1 number in an array-like' : `${width} finite numbers (an array-like)`, value, true);
    }
    const arr = value as ArrayLike<number>;
    if (arr.length !== width) fail(owner, name, `an array-like of length ${width}`, value);
    for (let j = 0; j < width; j++) {
      const v = arr[j];
      if (typeof v !== 'number') fail(owner, `${name}[${j}]`, 'a finite number', v);
      if (!Number.isFinite(v)) nonFinite(owner, name, arr, `[${j}]`);
    }
  }

  /** Write a validated value into row `at` of field `name`. */
  protected writeUnchecked(name: F, at: number, value: number | boolean | ArrayLike<number>): void {
    const width = this.fields[name];
    const dst = this.storage[name];
    if (typeof value === 'number') dst[at] = value;
    else if (typeof value === 'boolean') dst[at] = value ? 1 : 0;
    else for (let j = 0; j < width; j++) dst[at * width + j] = value[j] as number;
  }

  /** Row at `pointer` fully written: advance the ring. Returns the row written. */
  protected commit(): number {
    const at = this.pointer;
    this.pointer = at + 1 === this.capacity ? 0 : at + 1;
    if (this.count < this.capacity) this.count += 1;
    this.added += 1;
    return at;
  }

  /** The row the next add writes. */
  protected get nextRow(): number {
    return this.pointer;
  }

  private batchFor(batchSize: number): Batch<F> {
    let batch = this.batches.get(batchSize);
    if (batch === undefined) {
      const b: Record<string, unknown> = { batchSize, indices: new Int32Array(batchSize) };
      for (const name of this.fieldNames) b[name] = new Float64Array(batchSize * this.fields[name]);
      batch = Object.freeze(b) as Batch<F>;
      this.batches.set(batchSize, batch);
    }
    return batch;
  }
}

/** Fields of a single-agent transition. */
export type TransitionField = 'obs' | 'action' | 'reward' | 'nextObs' | 'terminated' | 'truncated';

/**
 * A sampled batch of single-agent transitions: `obs`/`nextObs` are batchSize × obsDim,
 * `action` batchSize × actionDim, `reward`/`terminated`/`truncated` batchSize (flags as 1/0).
 * Bootstrap with `(1 − terminated)`, never with `truncated`.
 */
export type TransitionBatch = Batch<TransitionField>;

/** Dimensions of a `TransitionBuffer`. */
export interface TransitionBufferConfig {
  /** Maximum number of transitions kept (integer ≥ 1). */
  readonly capacity: number;
  /** Observation width (e.g. `flatDim(env.observationSpace)`), integer ≥ 1. */
  readonly obsDim: number;
  /** Action width: the Box size, or 1 for a Discrete action stored as its index. */
  readonly actionDim: number;
}

/**
 * A non-finite value offered to a buffer: reported to the numerics tracer when it is on (lib/tensor
 * `setNumericsCheck`: an env's observation or reward is usually where NaN enters), else thrown as
 * a `NumericsError` (a RangeError) `${owner}: ${field}[j] must be a finite number, got NaN`.
 */
function nonFinite(owner: string, field: string, values: ArrayLike<number>, at: string): never {
  checkFiniteValues(owner, field, values, [values.length], (_i, v) => `${owner}: ${field}${at} must be a finite number, got ${describeValue(v)}`);
  throw new Error(`${owner}: unreachable (a non-finite value in ${field} was not reported)`);
}

/** A `ReplayBuffer` of single-agent transitions with a positional `addTransition`. */
export class TransitionBuffer extends ReplayBuffer<TransitionField> {
  constructor(config: TransitionBufferConfig) {
    record('TransitionBuffer', 'config', config);
    super({
      capacity: config.capacity,
      fields: { obs: config.obsDim, action: config.actionDim, reward: 1, nextObs: config.obsDim, terminated: 1, truncated: 1 },
    });
  }

  /**
   * Store (s, a, r, s', terminated, truncated). Pitfall: `nextObs` is the observation returned by
   * `step`, even when the episode ended — not the first observation of the next episode.
   */
  addTransition(
    obs: ArrayLike<number>,
    action: ArrayLike<number> | number,
    reward: number,
    nextObs: ArrayLike<number>,
    terminated: boolean,
    truncated: boolean,
  ): number {
    this.checkValue('obs', obs);
    this.checkValue('action', action);
    this.checkValue('reward', reward);
    this.checkValue('nextObs', nextObs);
    this.checkValue('terminated', terminated);
    this.checkValue('truncated', truncated);
    const at = this.nextRow;
    this.writeUnchecked('obs', at, obs);
    this.writeUnchecked('action', at, action);
    this.writeUnchecked('reward', at, reward);
    this.writeUnchecked('nextObs', at, nextObs);
    this.writeUnchecked('terminated', at, terminated);
    this.writeUnchecked('truncated', at, truncated);
    return this.commit();
  }
}

/** Create a single-agent transition buffer (fields obs, action, reward, nextObs, terminated, truncated). */
export function transitionBuffer(config: TransitionBufferConfig): TransitionBuffer {
  return new TransitionBuffer(config);
}
