// The small-cell topology view: one evaluation episode of a trained (or baseline) policy through
// the experiment's own evaluation (evaluateSmallCellPolicy, the `mecrl eval` path), recording per
// slot what the page draws — SBS and UE positions, each UE's channel, offloading fraction α and
// SINR. Interference links (a UE on channel k in cell m, heard at every other SBS that serves a UE
// on channel k) are derived on the page from these.

import { makeLearner } from '../experiments/classic/simpleSpread.js';
import { evaluateSmallCellPolicy } from '../experiments/small-cell/job.js';
import { evaluateParallel } from '../lib/rl/multiAgent.js';
import type { SmallCellExperimentConfig } from '../experiments/small-cell/config.js';
import type { StateValue } from '../lib/rl/checkpoint.js';
import type { Scene, SimpleSpreadScene, SmallCellScene } from './protocol.js';

export function smallCellScene(config: unknown, method: string, seed: number, policy: StateValue | undefined): SmallCellScene {
  let sbs: number[] = [], ues: number[] = [];
  const slots: SmallCellScene['slots'][number][] = [];
  evaluateSmallCellPolicy(config as SmallCellExperimentConfig, method, seed, policy, 1, () => {}, (env) => {
    if (sbs.length === 0) {
      const s = env.getState();
      sbs = [...s.sbsPositions];
      ues = [...s.uePositions];
    }
    const m = env.lastStepMetrics!;
    slots.push({
      systemReward: m.system.systemReward,
      cells: m.cells.map((c) => ({ alpha: [...c.ue.alpha], channel: [...c.ue.channel], sinr: [...c.ue.sinr] })),
    });
  });
  return { kind: 'small-cell', method, sbs, ues, slots };
}

/**
 * One evaluation episode of simple-spread with a trained policy, through lib's evaluateParallel
 * (the experiment's own evaluation); a Proxy around the env records the positions after each step.
 */
export function simpleSpreadScene(config: unknown, method: string, seed: number, policy: StateValue | undefined): SimpleSpreadScene {
  const made = makeLearner(config as Parameters<typeof makeLearner>[0], method, seed);
  if (policy !== undefined) made.learner.setState(policy);
  const frames: Array<SimpleSpreadScene['frames'][number]> = [];
  const env = made.evalEnv;
  const record = (): void => {
    const s = env.getState();
    frames.push({ agents: [...s.agentPos], landmarks: [...s.landmarkPos], step: frames.length });
  };
  const watched = new Proxy(env, {
    get(target, key) {
      if (key === 'reset') return (...a: Parameters<typeof env.reset>) => { const r = target.reset(...a); record(); return r; };
      if (key === 'step') return (...a: Parameters<typeof env.step>) => { const r = target.step(...a); record(); return r; };
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
    },
  });
  evaluateParallel(watched, made.learner, 1, seed);
  return { kind: 'simple-spread', method, frames };
}

/** The scene of a finished run or a loaded policy, for the experiments that have a view. */
export function sceneFor(experiment: string, config: unknown, method: string, seed: number, policy: StateValue | undefined): Scene | null {
  if (experiment === 'small-cell') return smallCellScene(config, method, seed, policy);
  if (experiment === 'simple-spread') return simpleSpreadScene(config, method, seed, policy);
  return null;
}
