// Index maps for NumPy broadcasting: how an input's flat index follows the output's flat index.
// Kinds, fastest first: 'same' (i), 'scalar' (0), 'suffix' (i mod size: a row broadcast such as a
// bias), 'general' (a precomputed offset table).

import { broadcastStrides, isSuffixShape, shapeSize, shapesEqual, type Shape } from '../shape.js';

export type IndexMap =
  | { readonly kind: 'same' }
  | { readonly kind: 'scalar' }
  | { readonly kind: 'suffix'; readonly m: number }
  | { readonly kind: 'general'; readonly offsets: Int32Array };

export function indexMap(inShape: Shape, outShape: Shape): IndexMap {
  if (shapesEqual(inShape, outShape)) return { kind: 'same' };
  const inSize = shapeSize(inShape);
  if (inSize === 1) return { kind: 'scalar' };
  if (isSuffixShape(inShape, outShape)) return { kind: 'suffix', m: inSize };
  const n = shapeSize(outShape), rank = outShape.length;
  const strides = broadcastStrides(inShape, outShape);
  const offsets = new Int32Array(n);
  const idx = new Array<number>(rank).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = off;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      off += strides[d]!;
      if (idx[d]! < outShape[d]!) break;
      off -= strides[d]! * idx[d]!;
      idx[d] = 0;
    }
  }
  return { kind: 'general', offsets };
}

/** Input flat index for output flat index `i`. */
export function mapIndex(m: IndexMap, i: number): number {
  switch (m.kind) {
    case 'same': return i;
    case 'scalar': return 0;
    case 'suffix': return i % m.m;
    case 'general': return m.offsets[i]!;
  }
}
