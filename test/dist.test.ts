// The built library (dist/, made by `npm run build`, which `pretest` runs) loads and computes in a
// runtime that forbids code generation from strings (CSP without unsafe-eval, extensions,
// locked-down workers): `node --disallow-code-generation-from-strings`.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const ENTRY = resolve(ROOT, 'dist', 'lib', 'index.js');

describe('dist/ under --disallow-code-generation-from-strings', () => {
  it('was built (npm test builds it first through pretest)', () => {
    expect(existsSync(ENTRY), `${ENTRY} is missing: run 'npm run build' (npm test does it via pretest)`).toBe(true);
  });

  it('imports every module and runs a forward/backward pass', () => {
    const script = `
      const m = await import(${JSON.stringify(ENTRY)});
      const { tensor: T, random: R } = m;
      const rng = R.fromSeed(7);
      const x = T.randn([4, 3], rng, 0, 1, { requiresGrad: true });
      const W = T.randn([3, 2], rng, 0, 1, { requiresGrad: true });
      const loss = T.mean(T.linear(x, W, null, 'tanh'));
      loss.backward();
      let bad = 0; try { new Function('return 1'); } catch { bad = 1; }
      console.log(JSON.stringify({ keys: Object.keys(m).sort(), loss: loss.item(), g: Array.from(W.grad), codegenBlocked: bad }));
    `;
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const r = JSON.parse(out.trim()) as { keys: string[]; loss: number; g: number[]; codegenBlocked: number };
    expect(r.codegenBlocked).toBe(1); // the flag really is in force
    expect(r.keys).toEqual(expect.arrayContaining(['random', 'tensor', 'nn', 'rl', 'env']));
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(r.g.length).toBe(6);
    expect(r.g.some((v) => v !== 0)).toBe(true);
  });

  it('instantiates the embedded WebAssembly kernels and the wasm backend matches ts bit for bit', () => {
    const script = `
      const { tensor: T, random: R, nn } = await import(${JSON.stringify(ENTRY)});
      const run = (b) => T.withBackend(b, () => {
        const net = nn.mlp({ sizes: [5, 7, 3], activation: 'relu', outputActivation: 'tanh', rng: R.fromSeed(3) });
        const opt = nn.adam(net, {});
        if (b === 'wasm') arena = nn.buildArena(net, { batch: 9, optimizers: [opt] }); // in place: a network arena
        const x = T.randn([9, 5], R.fromSeed(4), 0, 1), pool = new T.Arena();
        for (let s = 0; s < 3; s++) pool.run(() => { net.zeroGrad(); T.mean(net.forward(x)).backward(); opt.step(); });
        return Array.from(new Uint32Array(net.flat.data.slice().buffer));
      });
      let arena = null;
      let bad = 0; try { new Function('return 1'); } catch { bad = 1; }
      const avail = T.backendAvailable('wasm'), inUse = T.setBackend('wasm');
      T.setBackend('ts');
      const same = JSON.stringify(run('ts')) === JSON.stringify(run('wasm'));
      console.log(JSON.stringify({ avail, inUse, reason: T.wasmUnavailable(), same, arenaBytes: arena === null ? 0 : arena.bytes, codegenBlocked: bad }));
    `;
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const r = JSON.parse(out.trim()) as { avail: boolean; inUse: string; reason: string | null; same: boolean; arenaBytes: number; codegenBlocked: number };
    expect(r.codegenBlocked).toBe(1);
    expect(r).toMatchObject({ avail: true, inUse: 'wasm', reason: null, same: true });
    expect(r.arenaBytes).toBe(65536); // one page holds this small network's arena
  });

  it("falls back to 'ts' where WebAssembly is missing (--jitless disables it)", () => {
    const script = `
      const { tensor: T, nn, random: R } = await import(${JSON.stringify(ENTRY)});
      const inUse = T.setBackend('wasm');
      const y = T.linear(T.ones([2, 3]), T.ones([3, 2]), null, 'relu');
      const arena = nn.buildArena(nn.mlp({ sizes: [2, 3], rng: R.fromSeed(1) }), { batch: 4 });
      console.log(JSON.stringify({ inUse, reason: T.wasmUnavailable(), y: Array.from(y.data), arena }));
    `;
    const out = execFileSync(process.execPath, ['--jitless', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const r = JSON.parse(out.trim()) as { inUse: string; reason: string | null; y: number[]; arena: unknown };
    expect(r.inUse).toBe('ts');
    expect(r.arena).toBeNull(); // no network arena without WebAssembly
    expect(r.reason).toMatch(/WebAssembly/);
    expect(r.y).toEqual([3, 3, 3, 3]);
  });
});
