// The portable policy file (issue 12): round trips for DDPG/TD3 actors (sigmoid/tanh squashing,
// env bounds), MADDPG per-agent actors (continuous and Gumbel argmax) and DQN (argmax per head);
// the byte helpers (CRC-32 check value, base64, little-endian float64); and hostile inputs
// (truncated, bit-flipped, wrong version, wrong shapes, gigantic claimed lengths).

import { describe, expect, it } from 'vitest';
import { fromSeed } from '../../lib/random/index.js';
import {
  Ddpg, Dqn, Maddpg, Td3, maddpgRngs, toEnvAction,
  savePolicy, loadPolicy, actorCriticPolicyActor, maddpgPolicyActors, dqnPolicyActor,
  crc32, base64Encode, base64Decode, float64ToBytes, bytesToFloat64, mlpWeightCount,
} from '../../lib/rl/index.js';

const text = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const obsOf = (n: number, k: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + k));

describe('bytes', () => {
  it('CRC-32 matches the standard check value and zlib', () => {
    expect(crc32(text('123456789')).toString(16)).toBe('cbf43926'); // the CRC-32/ISO-HDLC check value
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(text('a'))).toBe(0xe8b7be43); // zlib.crc32(b'a')
  });
  it('base64 round trips every padding case and matches RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, enc] of vectors) {
      expect(base64Encode(text(plain))).toBe(enc);
      expect(Array.from(base64Decode('t', 'd', enc, plain.length))).toEqual(Array.from(text(plain)));
    }
    expect(() => base64Decode('t', 'd', 'Zm9v', 4)).toThrow('t: d must be 8 base64 characters (4 bytes), got 4');
    expect(() => base64Decode('t', 'd', 'Zm-v', 3)).toThrow('outside the base64 alphabet at position 2');
    expect(() => base64Decode('t', 'd', 'Zm8A', 2)).toThrow("'=' padding");
  });
  it('float64 little-endian: 1 is 00 00 00 00 00 00 f0 3f; values round trip exactly', () => {
    expect(Array.from(float64ToBytes(Float64Array.of(1)))).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    const v = Float64Array.of(-0, 5e-324, Math.PI, -1.7976931348623157e308);
    const back = bytesToFloat64(float64ToBytes(v));
    v.forEach((x, i) => expect(Object.is(back[i], x)).toBe(true));
  });
});

describe('save → load → act reproduces the agent', () => {
  it('DDPG with a sigmoid actor on env bounds: act equals toEnvAction(agent.act) bit for bit', () => {
    const d = new Ddpg({ obsDim: 4, actionDim: 3, hiddenSizes: [8, 5], actorOutput: 'sigmoid' }, fromSeed(1));
    const low = [-2, 0, 10], high = [2, 1, 20];
    const file = savePolicy({ actors: [actorCriticPolicyActor(d, { id: 'pilot', bounds: { low, high } })], metadata: { env: 'test', seed: 1 } });
    const p = loadPolicy(file);
    expect(p.actorIds).toEqual(['pilot']);
    expect(p.metadata).toEqual({ env: 'test', seed: 1 });
    expect(p.obsDim()).toBe(4);
    for (let k = 0; k < 5; k++) {
      const o = obsOf(4, k);
      const want = toEnvAction(d.act(o), 'sigmoid', low, high, new Float64Array(3));
      expect(Array.from(p.act(o))).toEqual(Array.from(want));
    }
  });
  it('TD3 tanh actor without bounds returns the network action', () => {
    const t = new Td3({ obsDim: 3, actionDim: 2, hiddenSizes: [6] }, fromSeed(2), fromSeed(3));
    const p = loadPolicy(savePolicy({ actors: [actorCriticPolicyActor(t)] }));
    const o = obsOf(3, 1);
    expect(Array.from(p.act(o, 'agent'))).toEqual(Array.from(t.act(o)));
  });
  it('MADDPG: continuous per-agent actors, and Gumbel actors acting by argmax of the logits', () => {
    const m = new Maddpg({ obsDims: [2, 3], actionDims: [2, 4], hiddenSizes: [5], actionKind: 'continuous', actorOutput: 'sigmoid' }, maddpgRngs(1, 2));
    const p = loadPolicy(savePolicy({ actors: maddpgPolicyActors(m, { ids: ['a', 'b'] }) }));
    expect(Array.from(p.act(obsOf(3, 2), 'b'))).toEqual(Array.from(m.act(1, obsOf(3, 2))));
    const g = new Maddpg({ obsDims: [2, 2], actionDims: [5, 5], hiddenSizes: [4] }, maddpgRngs(2, 2));
    const gp = loadPolicy(savePolicy({ actors: maddpgPolicyActors(g, { output: 'onehot' }) }));
    const gi = loadPolicy(savePolicy({ actors: maddpgPolicyActors(g) }));
    for (let k = 0; k < 4; k++) {
      const o = obsOf(2, k);
      const probs = g.act(1, o); // softmax(logits): same argmax as the logits
      const best = probs.indexOf(Math.max(...probs));
      expect(Array.from(gi.act(o, 1))).toEqual([best]);
      expect(Array.from(gp.act(o, 'agent_1'))).toEqual([0, 1, 2, 3, 4].map((j) => (j === best ? 1 : 0)));
    }
  });
  it("MADDPG soft Gumbel actors with output 'softmax' act exactly as Maddpg.act", () => {
    const g = new Maddpg({ obsDims: [3, 2], actionDims: [5, 4], hiddenSizes: [6] }, maddpgRngs(4, 2));
    const p = loadPolicy(savePolicy({ actors: maddpgPolicyActors(g, { output: 'softmax' }) }));
    for (let k = 0; k < 4; k++) {
      expect(Array.from(p.act(obsOf(3, k), 0))).toEqual(Array.from(g.act(0, obsOf(3, k))));
      expect(Array.from(p.act(obsOf(2, k), 1))).toEqual(Array.from(g.act(1, obsOf(2, k))));
    }
    expect(JSON.parse(savePolicy({ actors: maddpgPolicyActors(g, { output: 'softmax' }) })).actors[1].decoding).toEqual({ type: 'softmax', heads: [4] });
  });
  it('DQN: argmax per head (+ start) equals Dqn.act', () => {
    const q = new Dqn({ obsDim: 3, nvec: [3, 2, 4], hiddenSizes: [7] }, fromSeed(4));
    const p = loadPolicy(savePolicy({ actors: [dqnPolicyActor(q, { start: 1 })] }));
    for (let k = 0; k < 5; k++) {
      const o = obsOf(3, k);
      expect(Array.from(p.act(o))).toEqual(Array.from(q.act(o), (a) => a + 1));
    }
  });
  it('act rejects a wrong observation and an unknown actor, naming them', () => {
    const p = loadPolicy(savePolicy({ actors: [actorCriticPolicyActor(new Ddpg({ obsDim: 2, actionDim: 1, hiddenSizes: [2] }, fromSeed(1)))] }));
    expect(() => p.act(Float64Array.of(1))).toThrow('PortablePolicy.act: obs must be an array of 2 finite numbers');
    expect(() => p.act(Float64Array.of(1, NaN))).toThrow('PortablePolicy.act: obs[1] must be a finite number');
    expect(() => p.act(Float64Array.of(1, 2), 'nobody')).toThrow('PortablePolicy.act: actor must be one of "agent"');
  });
});

describe('loadPolicy rejects hostile input with errors naming the field', () => {
  const d = new Ddpg({ obsDim: 3, actionDim: 2, hiddenSizes: [4], actorOutput: 'tanh' }, fromSeed(9));
  const good = savePolicy({ actors: [actorCriticPolicyActor(d, { bounds: { low: [-1, -1], high: [1, 1] } })] });
  const edit = (f: (doc: any) => void): string => {
    const doc = JSON.parse(good);
    f(doc);
    return JSON.stringify(doc);
  };
  it('accepts the good file (and it has the documented fields)', () => {
    const doc = JSON.parse(good);
    expect(Object.keys(doc)).toEqual(['format', 'version', 'metadata', 'actors', 'crc32']);
    expect(doc.actors[0].network.weights.count).toBe(mlpWeightCount([3, 4, 2])); // 3·4 + 4 + 4·2 + 2 = 26
    expect(mlpWeightCount([3, 4, 2])).toBe(26);
    expect(() => loadPolicy(good)).not.toThrow();
  });
  it('truncated file', () => {
    expect(() => loadPolicy(good.slice(0, good.length - 40))).toThrow('loadPolicy: the file is not valid JSON (truncated or corrupted?)');
    expect(() => loadPolicy(edit((x) => { x.actors[0].network.weights.data = x.actors[0].network.weights.data.slice(0, 100); }))).toThrow('loadPolicy: actors[0].network.weights.data must be a base64 string of 280 characters (count = 26 float64 values), got a string of 100 characters');
  });
  it('bit-flipped weights fail the checksum', () => {
    const bad = edit((x) => {
      const s: string = x.actors[0].network.weights.data;
      const c = s[10] === 'A' ? 'B' : 'A';
      x.actors[0].network.weights.data = s.slice(0, 10) + c + s.slice(11);
    });
    expect(() => loadPolicy(bad)).toThrow(/loadPolicy: actors\[0\]\.network\.weights fails its checksum: crc32 is [0-9a-f]{8} but the file says [0-9a-f]{8}/);
    // flipping one bit of one float's bytes
    const doc = JSON.parse(good);
    const bytes = base64Decode('t', 'd', doc.actors[0].network.weights.data, 26 * 8);
    bytes[17] = bytes[17]! ^ 1;
    doc.actors[0].network.weights.data = base64Encode(bytes);
    expect(() => loadPolicy(JSON.stringify(doc))).toThrow('fails its checksum');
  });
  it('wrong format or version', () => {
    expect(() => loadPolicy(edit((x) => { x.version = 2; }))).toThrow('loadPolicy: version must be 1 (the only version this mecrl reads), got 2');
    expect(() => loadPolicy(edit((x) => { x.format = 'onnx'; }))).toThrow('loadPolicy: format must be "mecrl-policy", got "onnx"');
    expect(() => loadPolicy(edit((x) => { x.extra = 1; }))).toThrow('loadPolicy: unknown file field "extra"');
  });
  it('wrong shapes', () => {
    expect(() => loadPolicy(edit((x) => { x.actors[0].network.sizes = [3, 5, 2]; }))).toThrow('loadPolicy: actors[0].network.weights.count must be 32 (the weights of sizes [3, 5, 2]), got 26');
    expect(() => loadPolicy(edit((x) => { x.actors[0].network.sizes = [3, 0, 2]; }))).toThrow('loadPolicy: actors[0].network.sizes[1] must be an integer in [1, 1048576], got 0');
    expect(() => loadPolicy(edit((x) => { x.actors[0].decoding.low = [-1]; }))).toThrow('loadPolicy: actors[0].decoding.low must be an array of 2 finite numbers');
    expect(() => loadPolicy(edit((x) => { x.actors[0].decoding = { type: 'argmax', heads: [3], output: 'index' }; }))).toThrow('loadPolicy: actors[0].decoding.heads[0] must be an integer in [1, 2], got 3');
    expect(() => loadPolicy(edit((x) => { x.actors[0].decoding = { type: 'argmax', heads: [1], output: 'index' }; }))).toThrow('loadPolicy: actors[0].decoding.heads must be head widths summing to the network output width 2, got widths summing to 1');
    expect(() => loadPolicy(edit((x) => { x.actors[0].network.activation = 'gelu'; }))).toThrow('loadPolicy: actors[0].network.activation must be one of');
    expect(() => loadPolicy(edit((x) => { x.actors = []; }))).toThrow('loadPolicy: actors must be an array of 1 to 4096 actors');
  });
  it('gigantic claimed lengths are rejected before anything is allocated', () => {
    expect(() => loadPolicy(edit((x) => { x.actors[0].network.weights.count = 1e12; }))).toThrow('loadPolicy: actors[0].network.weights.count must be an integer in [1, 16777216], got 1000000000000');
    expect(() => loadPolicy(edit((x) => { x.actors[0].network.sizes = [1048576, 1048576, 2]; x.actors[0].network.weights.count = 16777216; }))).toThrow('must be 1099514773506 (the weights of sizes [1048576, 1048576, 2]), got 16777216');
    // many actors each claiming the maximum: the total is checked before any decoding
    expect(() => loadPolicy(edit((x) => { x.actors = Array.from({ length: 5000 }, (_, k) => ({ ...x.actors[0], id: `a${k}` })); }))).toThrow('loadPolicy: actors must be an array of 1 to 4096 actors, got 5000 actors');
    expect(() => loadPolicy(edit((x) => { x.actors[0].network.sizes = new Array(100).fill(2); }))).toThrow('loadPolicy: actors[0].network.sizes must be an array of 2 to 65 layer widths');
  });
  it('non-finite weights are rejected (with a valid checksum)', () => {
    const doc = JSON.parse(good);
    const w = new Float64Array(26).fill(0.5);
    w[7] = Infinity;
    const bytes = float64ToBytes(w);
    doc.actors[0].network.weights.data = base64Encode(bytes);
    doc.actors[0].network.weights.crc32 = crc32(bytes).toString(16).padStart(8, '0');
    expect(() => loadPolicy(JSON.stringify(doc))).toThrow('loadPolicy: actors[0].network.weights[7] must be a finite number, got Infinity');
  });
  it('savePolicy refuses what loadPolicy would refuse', () => {
    const actor = actorCriticPolicyActor(d);
    expect(() => savePolicy({ actors: [{ ...actor, network: { ...actor.network, weights: actor.network.weights.slice(1) } }] })).toThrow('savePolicy: actors[0].network.weights.count must be 26');
    expect(() => savePolicy({ actors: [actor, actor] })).toThrow('savePolicy: actors[1].id must be unique among the actors, got "agent"');
  });
});
