// Bad arguments throw, and the message names the function, the argument and its allowed range.

import { describe, it, expect } from 'vitest';
import {
  fromSeed,
  uniform,
  integer,
  normal,
  exponential,
  poisson,
  gumbel,
  bernoulli,
  choice,
  categorical,
  shuffle,
  sampleWithoutReplacement,
  fillUniform,
  fillNormal,
  type Rng,
} from '../../lib/random/index.js';

const rng = fromSeed('errors');
const bad = <T>(value: unknown): T => value as T;

describe('distribution argument errors', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['uniform lo NaN', () => uniform(rng, NaN, 1), /^uniform: lo must be a finite number, got NaN$/],
    ['uniform hi < lo', () => uniform(rng, 2, 1), /^uniform: hi must be a finite number >= lo \(2\), got 1$/],
    ['uniform hi Infinity', () => uniform(rng, 0, Infinity), /uniform: hi must be .*got Infinity/],
    ['uniform span overflow', () => uniform(rng, -Number.MAX_VALUE, Number.MAX_VALUE), /uniform: hi - lo must be a finite number/],
    ['uniform lo string', () => uniform(rng, bad('0'), 1), /uniform: lo must be a finite number, got "0"/],
    ['integer lo fractional', () => integer(rng, 0.5, 3), /^integer: lo must be a safe integer, got 0.5$/],
    ['integer hi <= lo', () => integer(rng, 3, 3), /^integer: hi must be a safe integer with lo < hi <= lo \+ 2\^32 \(lo = 3\), got 3$/],
    ['integer range > 2^32', () => integer(rng, 0, 2 ** 32 + 1), /integer: hi must be .*lo \+ 2\^32.*got 4294967297/],
    ['integer hi unsafe', () => integer(rng, 0, 2 ** 53), /integer: hi must be a safe integer/],
    ['normal mean NaN', () => normal(rng, NaN), /^normal: mean must be a finite number, got NaN$/],
    ['normal std < 0', () => normal(rng, 0, -1), /^normal: std must be a finite number >= 0, got -1$/],
    ['exponential mean 0', () => exponential(rng, 0), /^exponential: mean must be a finite number > 0, got 0$/],
    ['exponential mean -Infinity', () => exponential(rng, -Infinity), /exponential: mean must be .*got -Infinity/],
    ['poisson lambda -1', () => poisson(rng, -1), /^poisson: lambda must be a finite number >= 0 and <= 1e15, got -1$/],
    ['poisson lambda NaN', () => poisson(rng, NaN), /poisson: lambda must be a finite number >= 0.*got NaN/],
    ['poisson lambda huge', () => poisson(rng, 1e16), /poisson: lambda .*<= 1e15, got 10000000000000000/],
    ['gumbel scale 0', () => gumbel(rng, 0, 0), /^gumbel: scale must be a finite number > 0, got 0$/],
    ['gumbel loc NaN', () => gumbel(rng, NaN), /^gumbel: loc must be a finite number, got NaN$/],
    ['bernoulli p 1.5', () => bernoulli(rng, 1.5), /^bernoulli: p must be a number in \[0, 1\], got 1.5$/],
    ['bernoulli p NaN', () => bernoulli(rng, NaN), /bernoulli: p must be a number in \[0, 1\], got NaN/],
    ['choice empty', () => choice(rng, []), /^choice: items.length must be at least 1 \(items must be non-empty\), got 0$/],
    ['choice not array', () => choice(rng, bad(42)), /^choice: items must be an array or array-like, got 42$/],
    ['categorical negative', () => categorical(rng, [1, -0.5]), /^categorical: weights\[1\] must be a finite number >= 0, got -0.5$/],
    ['categorical NaN', () => categorical(rng, [NaN]), /categorical: weights\[0\] must be a finite number >= 0, got NaN/],
    ['categorical Infinity', () => categorical(rng, [1, Infinity]), /weights\[1\].*got Infinity/],
    ['categorical all zero', () => categorical(rng, [0, 0]), /categorical: weights must be non-negative with a positive sum/],
    ['categorical empty', () => categorical(rng, []), /categorical: weights.length must be at least 1/],
    ['categorical sum overflow', () => categorical(rng, [Number.MAX_VALUE, Number.MAX_VALUE]), /sum\(weights\) must be finite/],
    ['categorical non-number', () => categorical(rng, bad(['1'])), /weights\[0\] must be a finite number >= 0, got "1"/],
    ['shuffle string', () => shuffle(rng, bad('abc')), /shuffle: array must be a mutable array/],
    ['shuffle null', () => shuffle(rng, bad(null)), /shuffle: array must be an array or array-like, got null/],
    ['swor n negative', () => sampleWithoutReplacement(rng, -1, 0), /^sampleWithoutReplacement: n must be an integer in \[0, 2\^32\], got -1$/],
    ['swor n too big', () => sampleWithoutReplacement(rng, 2 ** 32 + 1, 1), /n must be an integer in \[0, 2\^32\]/],
    ['swor k > n', () => sampleWithoutReplacement(rng, 5, 6), /^sampleWithoutReplacement: k must be an integer in \[0, n\] \(n = 5\), got 6$/],
    ['swor k fractional', () => sampleWithoutReplacement(rng, 5, 1.5), /k must be an integer in \[0, n\]/],
    ['fillUniform out', () => fillUniform(rng, bad([0, 0])), /^fillUniform: out must be a Float64Array, got an array of length 2$/],
    ['fillUniform hi < lo', () => fillUniform(rng, new Float64Array(2), 1, 0), /fillUniform: hi must be a finite number >= lo/],
    ['fillNormal out', () => fillNormal(rng, bad(new Float32Array(2))), /fillNormal: out must be a Float64Array, got a Float32Array/],
    ['fillNormal std', () => fillNormal(rng, new Float64Array(2), 0, -2), /fillNormal: std must be a finite number >= 0, got -2/],
    ['missing rng', () => uniform(bad(undefined)), /uniform: rng must be an Rng/],
    ['not an rng', () => poisson(bad({ nextUint32: 1 }), 1), /poisson: rng must be an Rng/],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
    });
  }

  it('type errors are TypeError, range errors are RangeError', () => {
    expect(() => uniform(rng, bad('0'), 1)).toThrow(TypeError);
    expect(() => uniform(rng, 2, 1)).toThrow(RangeError);
    expect(() => poisson(bad(null), 1)).toThrow(TypeError);
  });

  it('a rejected call consumes no randomness', () => {
    const r: Rng = fromSeed('no-consume');
    const before = r.getState();
    expect(() => poisson(r, -1)).toThrow();
    expect(() => categorical(r, [0, 0])).toThrow();
    expect(() => sampleWithoutReplacement(r, 3, 4)).toThrow();
    expect(r.getState()).toEqual(before);
  });
});
