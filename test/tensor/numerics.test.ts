// The numerics tracer (lib/tensor/numerics.ts, `mecrl run --debug-numerics`): the first op that
// produces or receives a NaN/±Infinity is reported with op, phase, shapes and module; both kernel
// backends of the fused linear layer; nothing changes when it is on or off; networks named by
// Module.setName / lib/rl's nameNetworks.

import { afterEach, describe, expect, it } from 'vitest';
import {
  NumericsError, backendAvailable, checkFiniteValues, formatNumericsEvent, fromData, getNumericsCheck, linear, log, mul, setNumericsCheck, sqrt, sum,
  tensor, throwNumericsError, withBackend, type Backend, type NumericsEvent,
} from '../../lib/tensor/index.js';
import { mlp, mseLoss } from '../../lib/nn/index.js';
import { deriveStream } from '../../lib/random/index.js';
import { Ddpg } from '../../lib/rl/ddpg.js';
import { Td3 } from '../../lib/rl/td3.js';
import { Maddpg } from '../../lib/rl/maddpg.js';
import { nonFiniteLoss } from '../../lib/rl/offPolicy.js';
import { TransitionBuffer } from '../../lib/rl/replayBuffer.js';
import { toEnvAction } from '../../lib/rl/actorCritic.js';

afterEach(() => { setNumericsCheck(null); });

/** Runs `fn` with a handler that records the first event and throws; returns that event. */
function firstEvent(fn: () => unknown): NumericsEvent | null {
  let first: NumericsEvent | null = null;
  const prev = setNumericsCheck((e) => { first ??= e; throw new NumericsError('stop', e); });
  try { fn(); } catch (e) { if (!(e instanceof NumericsError)) throw e; } finally { setNumericsCheck(prev); }
  return first;
}

function net(name?: string): ReturnType<typeof mlp> {
  const m = mlp({ sizes: [3, 4, 1], rng: deriveStream(1, 'init') });
  return name === undefined ? m : m.setName(name);
}

describe('numerics tracer', () => {
  it('is off by default; setNumericsCheck returns the previous handler', () => {
    expect(getNumericsCheck()).toBeNull();
    expect(Array.from(log(tensor([-1])).data)[0]).toBeNaN(); // off: no report, NaN flows
    expect(setNumericsCheck(throwNumericsError)).toBeNull();
    expect(setNumericsCheck(null)).toBe(throwNumericsError);
    expect(() => setNumericsCheck(42 as never)).toThrow('setNumericsCheck: handler must be a function or null, got number');
  });

  it('an op that produces a NaN from finite inputs: op, forward, output shape and index', () => {
    const e = firstEvent(() => log(tensor([[1, 2], [-1, 4]])))!;
    expect(e).toMatchObject({ op: 'log', phase: 'forward', kind: 'produced', where: 'output', shape: [2, 2], index: 2, module: null });
    expect(e.value).toBeNaN();
    expect(formatNumericsEvent(e)).toBe("non-finite value NaN produced by 'log' (forward): output [2,2] at flat index 2 from finite inputs (inputs [2,2]; output [2,2])");
    expect(() => { setNumericsCheck(throwNumericsError); log(tensor([-1])); }).toThrow(NumericsError);
  });

  it('a NaN weight is reported where the layer receives it, naming the network path', () => {
    const critic = net('critic');
    critic.flat.data[3 * 4 + 4 + 2] = Number.NaN; // layers.1.weight [4,1], element 2 (after layers.0.weight 12 and layers.0.bias 4)
    const e = firstEvent(() => critic.forward(tensor([[0.1, 0.2, 0.3]])))!;
    expect(e).toMatchObject({ op: 'linear:identity', phase: 'forward', kind: 'received', where: "input 1 'critic.layers.1.weight'", shape: [4, 1], index: 2, module: 'critic.layers.1', moduleVia: 'parameter', inputShapes: [[1, 4], [4, 1], [1]], outputShape: [1, 1] });
    expect(formatNumericsEvent(e)).toBe("non-finite value NaN received by 'linear:identity' (forward) in critic.layers.1: input 1 'critic.layers.1.weight' [4,1] at flat index 2 (inputs [1,4], [4,1], [1]; output [1,1])");
  });

  it('an op without parameters is attributed to the network its inputs came from (a loss receiving a NaN target)', () => {
    const critic = net('critic');
    const x = tensor([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]), y = tensor([[1], [Number.POSITIVE_INFINITY]]);
    // attribution is recorded while tracing: the critic's forward runs with the tracer on
    const e = firstEvent(() => mseLoss(critic.forward(x), y))!;
    expect(e).toMatchObject({ op: 'mseLoss', kind: 'received', where: 'input 1 (a leaf)', shape: [2, 1], index: 1, value: Infinity, module: 'critic.layers.1', moduleVia: 'input' });
  });

  it('an observation with a NaN is received by the first layer as input 0', () => {
    const actor = net('actor');
    const e = firstEvent(() => actor.forward(fromData(Float64Array.of(0, Number.NaN, 1), [1, 3])))!;
    expect(e).toMatchObject({ op: 'linear:relu', phase: 'forward', kind: 'received', where: 'input 0 (a leaf)', index: 1, module: 'actor.layers.0', moduleVia: 'parameter' });
  });

  it('backward: the op whose backward makes an Infinity (d√x/dx at 0), and a NaN upstream gradient', () => {
    const x = tensor([4, 0], { requiresGrad: true });
    const y = sum(sqrt(x));
    const e = firstEvent(() => y.backward())!;
    expect(e).toMatchObject({ op: 'sqrt', phase: 'backward', kind: 'produced', where: 'gradient of input 0 (a leaf)', shape: [2], index: 1, value: Infinity });
    const z = sqrt(tensor([1, 2], { requiresGrad: true }));
    expect(firstEvent(() => z.backward([1, Number.NaN]))).toMatchObject({ op: 'sqrt', phase: 'backward', kind: 'received', where: 'upstream gradient', index: 1 });
  });

  it('backward through a named network names the layer whose weight gradient goes non-finite', () => {
    // y = 1e-200·x with x = 1e200: y = 1; L = Σ 1e200·y = 1e200 (finite forward);
    // backward: dL/dy = 1e200, dL/dW = x·dL/dy = 1e400 → Infinity in the backward of the layer.
    const critic = mlp({ weights: [{ weight: [[1e-200]], bias: [0] }] }).setName('critic');
    const loss = sum(mul(critic.forward(tensor([[1e200]])), 1e200));
    expect(loss.item()).toBe(1e200);
    const e = firstEvent(() => loss.backward())!;
    expect(e).toMatchObject({ op: 'linear:identity', phase: 'backward', kind: 'produced', where: "gradient of input 1 'critic.layers.0.weight'", shape: [1, 1], index: 0, value: Infinity, module: 'critic.layers.0', moduleVia: 'parameter' });
    expect(formatNumericsEvent(e)).toBe("non-finite value Infinity produced by the backward of 'linear:identity' in critic.layers.0: gradient of input 1 'critic.layers.0.weight' [1,1] at flat index 0 from finite inputs (inputs [1,1], [1,1], [1]; output [1,1])");
  });

  for (const backend of ['ts', 'wasm'] as Backend[]) {
    it(`fused linear on '${backend}' (batch 8, the wasm kernel's path): same report, same bits traced or not`, () => {
      if (!backendAvailable(backend)) return expect(backend).toBe('wasm'); // only wasm may be missing
      withBackend(backend, () => {
        const rng = deriveStream(3, 'x');
        const xs = Float64Array.from({ length: 8 * 5 }, () => rng.nextDouble() - 0.5);
        const W = tensor(Array.from({ length: 5 }, (_, i) => Array.from({ length: 6 }, (_, j) => Math.sin(i * 6 + j))), { requiresGrad: true });
        const b = tensor([0.1, -0.2, 0.3, 0, 0.5, -1], { requiresGrad: true });
        const run = (): Float64Array[] => {
          W.zeroGrad(); b.zeroGrad();
          const y = linear(fromData(xs, [8, 5]), W, b, 'tanh');
          sum(y).backward();
          return [y.data.slice(), W.grad!.slice(), b.grad!.slice()];
        };
        const off = run();
        setNumericsCheck(throwNumericsError);
        const on = run();
        setNumericsCheck(null);
        expect(on).toEqual(off);
        W.data[7] = Number.NEGATIVE_INFINITY;
        expect(firstEvent(() => linear(fromData(xs, [8, 5]), W, b, 'tanh'))).toMatchObject({ op: 'linear:tanh', kind: 'received', where: 'input 1 (a leaf)', index: 7, value: -Infinity });
      });
    });
  }

  it('checkFiniteValues: reports to the handler when on, throws a NumericsError (a RangeError) naming the field otherwise', () => {
    expect(() => checkFiniteValues('R.add', 'reward', [1, Number.NaN])).toThrow('R.add: reward[1] must be a finite number, got NaN');
    expect(() => checkFiniteValues('R.add', 'reward', [1, Number.NaN])).toThrow(NumericsError);
    expect(firstEvent(() => checkFiniteValues('R.add', 'reward', [Infinity]))).toMatchObject({ op: 'R.add', kind: 'received', where: 'reward', index: 0, outputShape: null, module: null });
    checkFiniteValues('R.add', 'reward', [1, 2]); // finite: nothing
  });

  it('lib/rl entry points: the replay buffer and the action map reject non-finite values as NumericsErrors', () => {
    const buf = new TransitionBuffer({ capacity: 4, obsDim: 2, actionDim: 1 });
    expect(() => buf.addTransition([0, 0], [0], Number.NaN, [0, 0], false, false)).toThrow('ReplayBuffer.add: reward must be a finite number, got NaN');
    expect(() => buf.addTransition([0, 0], [0], 0, [0, Infinity], false, false)).toThrow(NumericsError);
    expect(firstEvent(() => buf.addTransition([0, 0], [0], 0, [0, Number.NaN], false, false))).toMatchObject({ op: 'ReplayBuffer.add', where: 'nextObs', index: 1 });
    expect(buf.size).toBe(0);
    expect(() => toEnvAction(Float64Array.of(0, Number.NaN), 'tanh', [-2, -2], [2, 2], new Float64Array(2))).toThrow("toEnvAction: the network action u[1] must be a finite number, got NaN (the actor's output went non-finite)");
  });

  it('nonFiniteLoss finds a non-finite loss in update stats (single- and multi-agent), ignoring other numbers', () => {
    expect(nonFiniteLoss({ criticLoss: 1, actorLoss: undefined, qMean: Number.NaN })).toBeNull();
    expect(nonFiniteLoss({ criticLoss: 1, actorLoss: -Infinity })).toBe('actorLoss = -Infinity');
    expect(nonFiniteLoss({ loss: Number.NaN })).toBe('loss = NaN');
    expect(nonFiniteLoss({ agents: [{ criticLoss: 0 }, { criticLoss: Number.NaN }] })).toBe('agents.1.criticLoss = NaN');
  });
});

describe('network names', () => {
  it('Module.setName prefixes parameter labels (not parameter names or values)', () => {
    const a = net(), b = net('agent[2].critic');
    expect(a.name).toBeNull();
    expect(a.parameters().map((p) => p.tensor.label)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    expect(b.name).toBe('agent[2].critic');
    expect(b.parameters().map((p) => p.name)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    expect(b.parameters()[2]!.tensor.label).toBe('agent[2].critic.layers.1.weight');
    expect(Array.from(b.flat.data)).toEqual(Array.from(a.flat.data));
    expect(() => net('bad name')).toThrow(/setName: name must be letters, digits and _ in dot-separated parts/);
    expect(() => (b.layers[0]!).setName('x')).toThrow('setName: this Linear belongs to a parent, which names it; name the parent instead');
  });

  it('the learners name their networks', () => {
    const c = { obsDim: 2, actionDim: 1, hiddenSizes: [4] };
    const d = new Ddpg(c, deriveStream(1, 'init'));
    expect([d.actor.name, d.critic.name, d.actorTarget.name, d.criticTarget.name]).toEqual(['actor', 'critic', 'actorTarget', 'criticTarget']);
    const t = new Td3(c, deriveStream(1, 'init'), deriveStream(1, 'noise'));
    expect(t.critics.map((q) => q.name)).toEqual(['critic[0]', 'critic[1]']);
    const m = new Maddpg({ obsDims: [2, 2], actionDims: [1, 1], hiddenSizes: [4] }, { init: deriveStream(1, 'init'), actorNoise: [deriveStream(1, 'a'), deriveStream(1, 'b')], targetNoise: deriveStream(1, 't') } as never);
    expect(m.agents[1]!.critic.parameters()[0]!.tensor.label).toBe('agent[1].critic.layers.0.weight');
  });
});
