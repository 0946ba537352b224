// State dicts: exact JSON round trips (incl. NaN, ±Infinity, −0 and awkward doubles) for modules
// and optimizers, and one error per failure mode, each naming the key.

import { describe, expect, it } from 'vitest';
import { fromSeed } from '../../lib/random/index.js';
import { mean } from '../../lib/tensor/index.js';
import {
  adam, loadModuleStateDict, loadOptimizerStateDict, mlp, moduleStateDict, optimizerStateDict, sgd,
} from '../../lib/nn/index.js';
import { randn } from '../../lib/tensor/index.js';
import { bytes } from './helpers.js';

const viaJson = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
const net = (seed: number) => mlp({ sizes: [3, 4, 2], rng: fromSeed(seed) });

describe('module state dict', () => {
  it('has the documented shape', () => {
    const m = mlp({ sizes: [1, 2], rng: fromSeed(1) });
    m.flat.data.set([0.5, -0.25, 1, 2]);
    expect(moduleStateDict(m)).toEqual({
      format: 'mecrl.state-dict',
      version: 1,
      params: { 'layers.0.weight': { shape: [1, 2], values: [0.5, -0.25] }, 'layers.0.bias': { shape: [2], values: [1, 2] } },
    });
  });

  it('round-trips through JSON bit for bit, including NaN, ±Infinity, −0 and subnormals', () => {
    const a = net(1);
    a.flat.data.set([NaN, Infinity, -Infinity, -0, 5e-324, 0.1 + 0.2, Number.MAX_VALUE, -1 / 3], 0);
    const text = JSON.stringify(moduleStateDict(a));
    expect(text).toContain('"NaN","Infinity","-Infinity","-0",5e-324,0.30000000000000004');
    const b = net(2);
    const tensorsBefore = b.parameters().map((p) => p.tensor);
    loadModuleStateDict(b, JSON.parse(text));
    expect(bytes(b.flat.data)).toEqual(bytes(a.flat.data));
    expect(Object.is(b.flat.data[3], -0)).toBe(true);
    // loaded in place: the parameter tensors are the same objects
    expect(b.parameters().map((p) => p.tensor)).toEqual(tensorsBefore);
  });

  it('errors name the key (and both shapes, or the supported formats/versions)', () => {
    const m = net(3);
    const good = () => viaJson(moduleStateDict(m)) as { params: Record<string, { shape: number[]; values: unknown[] }> } & Record<string, unknown>;
    let sd = good();
    delete sd.params['layers.1.bias'];
    expect(() => loadModuleStateDict(m, sd)).toThrow("loadModuleStateDict: missing key 'layers.1.bias'");
    sd = good();
    sd.params['layers.2.weight'] = { shape: [1], values: [0] };
    expect(() => loadModuleStateDict(m, sd)).toThrow("loadModuleStateDict: unexpected key 'layers.2.weight' (not a parameter of this Mlp)");
    sd = good();
    sd.params['layers.0.weight']!.shape = [4, 3];
    expect(() => loadModuleStateDict(m, sd)).toThrow("loadModuleStateDict: key 'layers.0.weight' has shape [4,3] in the state dict but [3,4] in the module");
    sd = good();
    sd.params['layers.0.bias']!.values[2] = 'abc';
    expect(() => loadModuleStateDict(m, sd)).toThrow(`loadModuleStateDict: key 'layers.0.bias' values[2] must be a number or one of 'NaN', 'Infinity', '-Infinity', '-0', got "abc"`);
    sd = good();
    sd.params['layers.0.bias']!.values[1] = null;
    expect(() => loadModuleStateDict(m, sd)).toThrow("key 'layers.0.bias' values[1] must be a number");
    sd = good();
    sd.params['layers.0.bias']!.values.pop();
    expect(() => loadModuleStateDict(m, sd)).toThrow("loadModuleStateDict: key 'layers.0.bias' has 3 values, expected 4");
    sd = good();
    sd.format = 'torch';
    expect(() => loadModuleStateDict(m, sd)).toThrow(`loadModuleStateDict: unknown format "torch"; supported format: 'mecrl.state-dict'`);
    sd = good();
    sd.version = 2;
    expect(() => loadModuleStateDict(m, sd)).toThrow("loadModuleStateDict: unsupported version 2 of 'mecrl.state-dict'; supported versions: 1");
    expect(() => loadModuleStateDict(m, null)).toThrow('loadModuleStateDict: state dict must be an object');
  });

  it('a failed load changes nothing', () => {
    const m = net(4), before = m.flat.data.slice();
    const sd = viaJson(moduleStateDict(net(5))) as { params: Record<string, { values: unknown[] }> };
    sd.params['layers.1.bias']!.values[0] = 'oops'; // the LAST parameter is bad; earlier ones are valid
    expect(() => loadModuleStateDict(m, sd)).toThrow(/layers\.1\.bias/);
    expect(bytes(m.flat.data)).toEqual(bytes(before));
  });
});

describe('optimizer state dict', () => {
  function trained(seed: number) {
    const m = net(seed);
    const x = randn([5, 3], fromSeed(100)); // the same data for every instance
    const opt = adam(m, { lr: 0.01, weightDecay: 1e-3 });
    const step = (): void => { m.zeroGrad(); mean(m.forward(x)).backward(); opt.step(); };
    return { m, opt, step };
  }

  it('round-trips through JSON and resumes bit-identically', () => {
    const a = trained(6);
    for (let i = 0; i < 3; i++) a.step();
    a.opt.m[0] = NaN; // non-finite moments survive the round trip too
    a.opt.v[1] = Infinity;
    const text = JSON.stringify({ model: moduleStateDict(a.m), optim: optimizerStateDict(a.opt) });
    a.opt.m[0] = 0;
    a.opt.v[1] = 0;
    const saved = JSON.parse(text) as { model: unknown; optim: unknown };

    const b = trained(7);
    loadModuleStateDict(b.m, saved.model);
    loadOptimizerStateDict(b.opt, saved.optim);
    expect(b.opt.t).toBe(3);
    expect(b.opt.m[0]).toBeNaN();
    expect(b.opt.v[1]).toBe(Infinity);
    b.opt.m[0] = 0;
    b.opt.v[1] = 0;
    expect(bytes(b.opt.m)).toEqual(bytes(a.opt.m));
    for (let i = 0; i < 3; i++) { a.step(); b.step(); }
    expect(bytes(b.m.flat.data)).toEqual(bytes(a.m.flat.data));
    expect(bytes(b.opt.v)).toEqual(bytes(a.opt.v));
  });

  it('errors name the key', () => {
    const { opt } = trained(8);
    const good = () => viaJson(optimizerStateDict(opt)) as Record<string, unknown>;
    let sd = good();
    delete sd.v;
    expect(() => loadOptimizerStateDict(opt, sd)).toThrow("loadOptimizerStateDict: missing key 'v'");
    sd = good();
    sd.extra = 1;
    expect(() => loadOptimizerStateDict(opt, sd)).toThrow("loadOptimizerStateDict: unexpected key 'extra'");
    sd = good();
    (sd.m as unknown[]).push(0);
    expect(() => loadOptimizerStateDict(opt, sd)).toThrow(`loadOptimizerStateDict: key 'm' has ${opt.m.length + 1} values, expected ${opt.m.length}`);
    sd = good();
    expect(() => loadOptimizerStateDict(sgd(opt.params), sd)).toThrow(`loadOptimizerStateDict: key 'kind' is "adam" but the optimizer is 'sgd'`);
    sd = good();
    sd.t = -1;
    expect(() => loadOptimizerStateDict(opt, sd)).toThrow("loadOptimizerStateDict: key 't' must be a non-negative integer, got -1");
    sd = good();
    (sd.config as Record<string, unknown>).beta1 = 2;
    expect(() => loadOptimizerStateDict(opt, sd)).toThrow('adam: beta1 must be a number in [0, 1), got 2');
    sd = good();
    sd.format = 'mecrl.state-dict';
    expect(() => loadOptimizerStateDict(opt, sd)).toThrow(`loadOptimizerStateDict: unknown format "mecrl.state-dict"; supported format: 'mecrl.optimizer-state'`);
  });
});
