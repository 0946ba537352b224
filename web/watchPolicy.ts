// "Load policy" for the portable policy file (lib/rl/policyFile.ts, the `policy.json` that `mecrl
// run` writes and the page downloads): `loadPolicy` validates it, and where the file's metadata
// names an env the page can build (small-cell with its envConfig, Pendulum-v1, simple-spread with
// its envConfig), one episode is played with `policy.act` alone — no experiment code — and drawn.

import { pendulum, SimpleSpreadEnv } from '../lib/env/classic/index.js';
import { smallCell } from '../lib/env/small-cell/index.js';
import type { SmallCellConfigInput } from '../lib/env/small-cell/index.js';
import { loadPolicy, type PortablePolicy } from '../lib/rl/policyFile.js';
import type { Scene, SmallCellScene } from './protocol.js';
import { slotOf } from './scene.js';

export function isPortablePolicy(text: string): boolean {
  try {
    return (JSON.parse(text) as { format?: unknown }).format === 'mecrl-policy';
  } catch {
    return false;
  }
}

const asNumbers = (a: ArrayLike<number>): Float64Array => Float64Array.from(a);

function smallCellEpisode(p: PortablePolicy, envConfig: SmallCellConfigInput, seed: number, method: string): SmallCellScene {
  const env = smallCell(envConfig);
  let { obs } = env.reset({ seed });
  const s = env.getState();
  const slots: SmallCellScene['slots'][number][] = [];
  while (env.agents.length > 0) {
    const actions: Record<string, Float64Array> = {};
    for (const id of env.possibleAgents) actions[id] = asNumbers(p.act(obs[id]!, id));
    const r = env.step(actions);
    slots.push(slotOf(env));
    obs = r.obs;
  }
  return { kind: 'small-cell', method, sbs: [...s.sbsPositions], ues: [...s.uePositions], slots };
}

/** Validates a policy.json and plays one episode where the env is known; returns a summary and the scene. */
export function watchPortablePolicy(text: string): { summary: string; scene: Scene | null } {
  const p = loadPolicy(text);
  const md = p.metadata;
  const method = `${typeof md['method'] === 'string' ? md['method'] : 'policy'} (policy.json)`;
  const seed = typeof md['seed'] === 'number' ? md['seed'] : 0;
  const envConfig = md['envConfig'];
  let scene: Scene | null = null;
  if (md['experiment'] === 'small-cell' && typeof envConfig === 'object' && envConfig !== null) {
    scene = smallCellEpisode(p, envConfig as SmallCellConfigInput, seed, method);
  } else if (md['env'] === 'Pendulum-v1') {
    const env = pendulum();
    let o = env.reset({ seed }).obs, done = false;
    const frames: Array<{ theta: number; torque: number; step: number }> = [{ theta: env.getState().theta, torque: 0, step: 0 }];
    while (!done) {
      const a = asNumbers(p.act(o));
      const r = env.step(a);
      frames.push({ theta: env.getState().theta, torque: a[0]!, step: frames.length });
      o = r.obs;
      done = r.terminated || r.truncated;
    }
    scene = { kind: 'pendulum', method, frames };
  } else if (md['experiment'] === 'simple-spread' && typeof envConfig === 'object' && envConfig !== null) {
    const env = new SimpleSpreadEnv(envConfig as ConstructorParameters<typeof SimpleSpreadEnv>[0]);
    let { obs } = env.reset({ seed });
    const frames: Array<{ agents: number[]; landmarks: number[]; step: number }> = [];
    const record = (): void => { const s = env.getState(); frames.push({ agents: [...s.agentPos], landmarks: [...s.landmarkPos], step: frames.length }); };
    record();
    while (env.agents.length > 0) {
      const actions: Record<string, Float64Array> = {};
      for (const id of env.possibleAgents) actions[id] = asNumbers(p.act(obs[id]!, id));
      obs = env.step(actions).obs;
      record();
    }
    scene = { kind: 'simple-spread', method, frames };
  }
  const actors = p.actorIds.map((id) => `${id} (obs ${p.obsDim(id)})`).join(', ');
  return { summary: `policy.json v${p.version}: ${p.actorIds.length} actor(s) ${actors}; metadata ${JSON.stringify({ ...md, envConfig: md['envConfig'] !== undefined ? '…' : undefined })}${scene === null ? '; no env view for it' : ''}`, scene };
}
