// Where tensor storage comes from. By default every op allocates a fresh Float64Array. Inside
// `arena.run(fn)` ops draw their output and gradient buffers from the arena instead, which hands
// back the *same* buffers, in the same order, every time `run` is called again: a training update
// that builds the same graph each call then allocates no new typed arrays after its first call.
//
// Pitfall: a tensor created inside `arena.run` is only valid until the next `run` of the same
// arena. Copy out (`t.data.slice()`, `t.item()`) anything you keep, as the algorithms do with
// their loss statistics.
//
// Pools. An allocation may name a `BufferPool` (a network arena's activation region, lib/nn/arena.ts,
// so that the wasm kernels use the buffer in place): inside `arena.run` a fresh buffer then comes
// from the pool (or the JS heap once the pool is full), and the replay moves a buffer that is not
// the pool's into the pool when the pool has room (e.g. a new pool after a network arena was
// rebuilt), else reuses it. Outside `run` the pool is ignored (a pool is a bump allocator: it cannot take
// back buffers that no arena replays).

/** Where a pooled allocation comes from: `alloc(n)` returns a zeroed view of n float64 of `buffer`, or null when full. */
export interface BufferPool {
  readonly buffer: ArrayBufferLike;
  alloc(n: number): Float64Array | null;
}

let current: Arena | null = null;

/** A record/replay buffer pool: the k-th allocation of a run reuses the k-th buffer of the last run. */
export class Arena {
  private readonly buffers: Float64Array[] = [];
  private cursor = 0;

  /** Runs `fn` with this arena as the allocator of every tensor op; nests and restores. */
  run<T>(fn: () => T): T {
    const prev = current;
    const prevCursor = this.cursor;
    const nested = prev === this;
    if (!nested) this.cursor = 0;
    current = this;
    try {
      return fn();
    } finally {
      current = prev;
      if (nested) this.cursor = Math.max(this.cursor, prevCursor);
    }
  }

  /** Number of buffers held and their total length in float64 elements. */
  stats(): { buffers: number; elements: number } {
    let elements = 0;
    for (const b of this.buffers) elements += b.length;
    return { buffers: this.buffers.length, elements };
  }

  /** @internal */
  take(n: number, pool?: BufferPool | null): Float64Array {
    const i = this.cursor++;
    const b = this.buffers[i];
    const p = pool ?? null;
    if (b !== undefined && b.length === n) {
      if (p === null || b.buffer === p.buffer) return b;
      const moved = p.alloc(n); // a buffer from elsewhere where this pool is asked for: move it into the pool if it has room
      if (moved === null) return b;
      this.buffers[i] = moved;
      return moved;
    }
    const fresh = (p === null ? null : p.alloc(n)) ?? new Float64Array(n);
    this.buffers[i] = fresh;
    return fresh;
  }
}

/**
 * A buffer for an op's output. Contents are unspecified (stale inside an arena): overwrite all of
 * it. `pool`: where a fresh buffer comes from inside `arena.run` (see the header).
 */
export function allocUninit(n: number, pool?: BufferPool | null): Float64Array {
  return current === null ? new Float64Array(n) : current.take(n, pool);
}

/** A zero-filled buffer (gradients, accumulators); `pool` as in {@link allocUninit}. */
export function allocZeros(n: number, pool?: BufferPool | null): Float64Array {
  if (current === null) return new Float64Array(n);
  const b = current.take(n, pool);
  b.fill(0);
  return b;
}
