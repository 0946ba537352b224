// Module: one flat buffer, named parameters as views into it, composition of finished children
// (a two-branch critic), registration errors, toString, and the gradCheck pitfall.

import { describe, expect, it } from 'vitest';
import { assertGradCheck, concat, mean, noGrad, tensor, type Tensor } from '../../lib/tensor/index.js';
import { fromSeed } from '../../lib/random/index.js';
import { Linear, Mlp, Module, adam, mlp } from '../../lib/nn/index.js';
import { expectClose } from './helpers.js';

/** Exposes the protected registration methods. */
class Bag extends Module {
  addModule(name: string, m: Module<readonly Tensor[]>): void {
    this.registerModule(name, m);
  }
  addParam(name: string, shape: number[], init?: (v: Float64Array) => void): Tensor {
    return this.registerParameter(name, shape, init).tensor;
  }
  override forward(x: Tensor): Tensor {
    return x;
  }
}

/** Q(obs, act) = head([obsNet(obs), actLayer(act)]): two branches joined by concat. */
class TwoBranchCritic extends Module<[Tensor, Tensor]> {
  readonly obsNet: Mlp;
  readonly actLayer: Linear;
  readonly head: Mlp;
  constructor(obsNet: Mlp, actLayer: Linear, head: Mlp) {
    super();
    this.obsNet = this.registerModule('obs', obsNet);
    this.actLayer = this.registerModule('act', actLayer);
    this.head = this.registerModule('head', head);
  }
  override forward(obs: Tensor, act: Tensor): Tensor {
    return this.head.forward(concat([this.obsNet.forward(obs), this.actLayer.forward(act)], 1));
  }
}

function makeCritic(seed: number): { critic: TwoBranchCritic; before: Float64Array[] } {
  const rng = fromSeed(seed);
  const obsNet = mlp({ sizes: [3, 4], outputActivation: 'relu', rng });
  const actLayer = new Linear(2, 4, { activation: 'tanh', rng });
  const head = mlp({ sizes: [8, 5, 1], activation: 'tanh', rng });
  const before = [obsNet.flat.data.slice(), actLayer.flat.data.slice(), head.flat.data.slice()];
  return { critic: new TwoBranchCritic(obsNet, actLayer, head), before };
}

describe('flat parameter buffer', () => {
  it('lays out parameters in registration order, each tensor a view of flat.data / flat.grad', () => {
    const net = mlp({ sizes: [3, 4, 2], rng: fromSeed(1) });
    const ps = net.parameters();
    expect(ps.map((p) => p.name)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    expect(ps.map((p) => p.tensor.shape)).toEqual([[3, 4], [4], [4, 2], [2]]);
    // 3·4 + 4 + 4·2 + 2 = 26
    expect(net.countParams()).toBe(26);
    expect(net.flat.data.length).toBe(26);
    let offset = 0;
    for (const { tensor } of ps) {
      expect(tensor.data.buffer).toBe(net.flat.data.buffer);
      expect(tensor.grad!.buffer).toBe(net.flat.grad.buffer);
      expect(tensor.data.byteOffset).toBe(net.flat.data.byteOffset + 8 * offset);
      expect(tensor.grad!.byteOffset).toBe(net.flat.grad.byteOffset + 8 * offset);
      expect(tensor.requiresGrad).toBe(true);
      offset += tensor.size;
    }
    expect(offset).toBe(26);
    // labels name the parameters in formatGraph
    expect(ps[2]!.tensor.label).toBe('layers.1.weight');
    // parameters() is stable: the same frozen array until the module changes
    expect(net.parameters()).toBe(ps);
    expect(Object.isFrozen(ps)).toBe(true);
  });

  it('backward accumulates straight into flat.grad; zeroGrad clears it', () => {
    const net = mlp({ sizes: [2, 3, 1], activation: 'tanh', rng: fromSeed(2) });
    const x = tensor([[0.5, -1], [2, 0.25]]);
    mean(net.forward(x)).backward();
    const g1 = net.flat.grad.slice();
    expect(g1.some((v) => v !== 0)).toBe(true);
    mean(net.forward(x)).backward(); // leaves accumulate: twice the gradient (up to rounding of the sums)
    expectClose(net.flat.grad, g1.map((v) => 2 * v), 1e-15);
    net.zeroGrad();
    expect(net.flat.grad.every((v) => v === 0)).toBe(true);
  });

  it('writing flat.data changes the forward pass (views, not copies)', () => {
    const lin = new Linear(1, 1, { rng: fromSeed(3) });
    lin.flat.data.set([2, -1]); // w = 2, b = −1
    expect(noGrad(() => lin.forward(tensor([[3]]))).item()).toBe(5); // 3·2 − 1
  });
});

describe('composition: a two-branch critic', () => {
  it('copies each child into one buffer, keeps the values, names parameters by path', () => {
    const { critic, before } = makeCritic(4);
    expect(critic.parameters().map((p) => p.name)).toEqual([
      'obs.layers.0.weight', 'obs.layers.0.bias', 'act.weight', 'act.bias',
      'head.layers.0.weight', 'head.layers.0.bias', 'head.layers.1.weight', 'head.layers.1.bias',
    ]);
    // (3·4+4) + (2·4+4) + (8·5+5) + (5·1+1) = 16 + 12 + 45 + 6 = 79
    expect(critic.countParams()).toBe(79);
    expect(Array.from(critic.flat.data)).toEqual([...before[0]!, ...before[1]!, ...before[2]!]);
    // children now view the parent's buffer
    expect(critic.actLayer.flat.data.buffer).toBe(critic.flat.data.buffer);
    expect(critic.actLayer.flat.data.byteOffset).toBe(16 * 8);
    expect(critic.actLayer.weight.data.buffer).toBe(critic.flat.data.buffer);
  });

  it('gradients of both branches land in the parent flat.grad; one optimizer steps them all', () => {
    const { critic } = makeCritic(5);
    const obs = tensor([[0.1, -0.2, 0.3], [1, 0.5, -1]]);
    const act = tensor([[0.5, -0.5], [0.2, 0.9]]);
    const opt = adam(critic, { lr: 1e-2 });
    mean(critic.forward(obs, act)).backward();
    const obsBlock = critic.flat.grad.subarray(0, 16), actBlock = critic.flat.grad.subarray(16, 28);
    expect(obsBlock.some((v) => v !== 0) && actBlock.some((v) => v !== 0)).toBe(true);
    const w0 = critic.flat.data.slice(), g0 = critic.flat.grad.slice();
    opt.step();
    // Adam's first step moves every parameter with a non-zero gradient by ≈ lr, and no other
    critic.flat.data.forEach((v, i) => expect(v !== w0[i]).toBe(g0[i] !== 0));
    expect(g0.filter((g) => g !== 0).length).toBeGreaterThan(60);
  });

  it('an optimizer built on a child Module follows it into the parent; one built on its old flat pair does not', () => {
    const rng = fromSeed(9);
    const child = new Linear(2, 1, { rng });
    const followed = adam(child, { lr: 0.1 });
    const stalePair = child.flat;
    const bag = new Bag();
    bag.addParam('first', [3]);
    bag.addModule('child', child);
    expect(followed.params.data.buffer).toBe(bag.flat.data.buffer);
    expect(stalePair.data.buffer).not.toBe(bag.flat.data.buffer); // the pitfall in the header
    bag.flat.grad.set([0, 0, 0, 1, 1, 1]);
    const before = bag.flat.data.slice();
    followed.step(); // first Adam step: every parameter with gradient 1 moves by −lr·1/(1 + 1e-8)
    for (let i = 3; i < 6; i++) expect(bag.flat.data[i]! - before[i]!).toBeCloseTo(-0.1, 8);
    expect(Array.from(bag.flat.data.subarray(0, 3))).toEqual([0, 0, 0]);
    // a module that grows after its optimizer was made is caught
    const grow = new Bag();
    grow.addParam('a', [2]);
    const opt = adam(grow);
    grow.addParam('b', [1]);
    expect(() => opt.step()).toThrow('adam: the parameters now have 3 values (grad 3) but the optimizer was built for 2');
  });

  it('gradient-checks end to end through both branches', () => {
    const { critic } = makeCritic(6);
    const obs = tensor([[0.1, -0.2, 0.3], [1, 0.5, -1]], { requiresGrad: true });
    const act = tensor([[0.5, -0.5], [0.2, 0.9]], { requiresGrad: true });
    assertGradCheck((o, a) => critic.forward(o!, a!), [obs, act, ...critic.parameters().map((p) => p.tensor)]);
    critic.reattachGrads();
  });

  it('toString prints the tree', () => {
    const { critic } = makeCritic(7);
    expect(critic.toString()).toBe(
      'TwoBranchCritic(79 params)\n' +
        '  obs: Mlp(3 -> 4 relu, 16 params)\n' +
        '  act: Linear(2 -> 4 tanh, 12 params)\n' +
        '  head: Mlp(8 -> 5 tanh -> 1, 51 params)',
    );
  });
});

describe('toString and countParams', () => {
  it('Mlp and Linear describe themselves compactly', () => {
    const net = mlp({ sizes: [60, 64, 40], outputActivation: 'sigmoid', rng: fromSeed(1) });
    // 60·64 + 64 + 64·40 + 40 = 3840 + 64 + 2560 + 40 = 6504
    expect(net.toString()).toBe('Mlp(60 -> 64 relu -> 40 sigmoid, 6_504 params)');
    expect(net.countParams()).toBe(6504);
    expect(new Linear(3, 2, { bias: false, rng: fromSeed(1) }).toString()).toBe('Linear(3 -> 2, no bias, 6 params)');
    expect(mlp({ sizes: [1000, 1000], rng: fromSeed(1) }).toString()).toBe('Mlp(1000 -> 1000, 1_001_000 params)');
  });

  it('a generic module lists its own parameters', () => {
    const bag = new Bag();
    bag.addParam('scale', [2, 3]);
    bag.addModule('lin', new Linear(2, 2, { rng: fromSeed(1) }));
    expect(bag.toString()).toBe('Bag(12 params)\n  scale: [2,3]\n  lin: Linear(2 -> 2, 6 params)');
  });
});

describe('registration rules', () => {
  it('registerParameter runs init on the new block and keeps earlier values', () => {
    const bag = new Bag();
    bag.addParam('a', [2], (v) => v.set([1, 2]));
    const b = bag.addParam('b', [3], (v) => v.fill(7));
    expect(Array.from(bag.flat.data)).toEqual([1, 2, 7, 7, 7]);
    expect(Array.from(b.data)).toEqual([7, 7, 7]);
    expect(bag.parameters()[0]!.tensor.data.buffer).toBe(bag.flat.data.buffer);
  });

  it('rejects duplicates, bad names, a second parent, late registration and cycles', () => {
    const bag = new Bag();
    bag.addParam('w', [1]);
    expect(() => bag.addParam('w', [1])).toThrow(/'w' is already registered/);
    expect(() => bag.addParam('', [1])).toThrow(/registerParameter: name must be/);
    expect(() => bag.addParam('a b', [1])).toThrow(/name must be/);
    expect(() => bag.addParam('neg', [-1])).toThrow(/shape of 'neg' must be an array of non-negative integers/);

    const child = new Linear(1, 1, { rng: fromSeed(1) });
    bag.addModule('child', child);
    const other = new Bag();
    expect(() => other.addModule('x', child)).toThrow(/already belongs to a Bag/);

    const parent = new Bag();
    parent.addModule('bag', bag);
    expect(() => bag.addParam('late', [1])).toThrow(/already belongs to a parent/);

    const a = new Bag(), b = new Bag();
    a.addModule('b', b);
    expect(() => b.addModule('a', a)).toThrow(/already belongs to a parent/);
    const c = new Bag();
    expect(() => c.addModule('self', c)).toThrow(/cycle/);
  });

  it('rejects full-name collisions between a dotted child name and a nested path', () => {
    const bag = new Bag();
    bag.addParam('lin.weight', [1]);
    expect(() => bag.addModule('lin', new Linear(1, 1, { rng: fromSeed(1) }))).toThrow(/'lin.weight' \(from 'lin'\) collides/);
  });
});

describe('pitfall: gradCheck reassigns grad and detaches it from flat.grad', () => {
  it('detaches, and reattachGrads repairs it', () => {
    const lin = new Linear(2, 2, { activation: 'tanh', rng: fromSeed(8) });
    const x = tensor([[0.3, -0.7]], { requiresGrad: true });
    assertGradCheck((xx) => lin.forward(xx!), [x, lin.weight, lin.bias!]);
    expect(lin.weight.grad!.buffer).not.toBe(lin.flat.grad.buffer); // detached
    lin.reattachGrads();
    expect(lin.weight.grad!.buffer).toBe(lin.flat.grad.buffer);
    lin.zeroGrad();
    mean(lin.forward(x)).backward();
    expect(lin.flat.grad.some((v) => v !== 0)).toBe(true);
  });
});
