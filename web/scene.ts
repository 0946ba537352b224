// The small-cell topology view: one evaluation episode of a trained (or baseline) policy through
// the experiment's own evaluation (evaluateSmallCellPolicy, the `mecrl eval` path), recording per
// slot what the page draws — SBS and UE positions, each UE's channel, offloading fraction α and
// SINR. Interference links (a UE on channel k in cell m, heard at every other SBS that serves a UE
// on channel k) are derived on the page from these.

import { makePendulum } from '../experiments/classic/experiments.js';
import { makeLearner } from '../experiments/classic/simpleSpread.js';
import { evaluate } from '../lib/rl/offPolicy.js';
import { evaluateSmallCellPolicy } from '../experiments/small-cell/job.js';
import { evaluateParallel } from '../lib/rl/multiAgent.js';
import type { SmallCellExperimentConfig } from '../experiments/small-cell/config.js';
import type { SmallCellEnv } from '../lib/env/small-cell/index.js';
import type { StateValue } from '../lib/rl/checkpoint.js';
import type { PendulumScene, Scene, SimpleSpreadScene, SmallCellScene } from './protocol.js';

/** What the view draws of the slot just stepped (env.lastStepMetrics). */
export function slotOf(env: SmallCellEnv): SmallCellScene['slots'][number] {
  const m = env.lastStepMetrics!;
  return { systemReward: m.system.systemReward, cells: m.cells.map((c) => ({ alpha: [...c.ue.alpha], channel: [...c.ue.channel], sinr: [...c.ue.sinr] })) };
}

export function smallCellScene(config: unknown, method: string, seed: number, policy: StateValue | undefined): SmallCellScene {
  let sbs: number[] = [], ues: number[] = [];
  const slots: SmallCellScene['slots'][number][] = [];
  evaluateSmallCellPolicy(config as SmallCellExperimentConfig, method, seed, policy, 1, () => {}, (env) => {
    if (sbs.length === 0) {
      const s = env.getState();
      sbs = [...s.sbsPositions];
      ues = [...s.uePositions];
    }
    slots.push(slotOf(env));
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
  const watched = recording(env, record);
  evaluateParallel(watched, made.learner, 1, seed);
  return { kind: 'simple-spread', method, frames };
}

/** A Proxy of `env` that calls `record(env, action)` after every reset (action undefined) and step. */
function recording<E extends { reset(...a: never[]): unknown; step(...a: never[]): unknown }>(env: E, record: (action: unknown) => void): E {
  return new Proxy(env, {
    get(target, key) {
      if (key === 'reset' || key === 'step') {
        return (...a: never[]) => {
          const r = (target[key] as (...x: never[]) => unknown)(...a);
          record(key === 'step' ? a[0] : undefined);
          return r;
        };
      }
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** One evaluation episode of Pendulum-v1 with a trained DDPG/TD3 policy, through lib's `evaluate`. */
export function pendulumScene(config: unknown, method: string, seed: number, policy: StateValue | undefined): PendulumScene {
  const made = makePendulum(config as Parameters<typeof makePendulum>[0], method, seed);
  if (policy !== undefined) made.learner.setState(policy as never);
  const frames: Array<PendulumScene['frames'][number]> = [];
  const env = made.evalEnv;
  evaluate(recording(env, (a) => frames.push({ theta: env.getState().theta, torque: a instanceof Float64Array ? a[0]! : 0, step: frames.length })), made.learner, 1, seed);
  return { kind: 'pendulum', method, frames };
}

/** The scene of a finished run or a loaded policy, for the experiments that have a view. */
export function sceneFor(experiment: string, config: unknown, method: string, seed: number, policy: StateValue | undefined): Scene | null {
  if (experiment === 'small-cell') return smallCellScene(config, method, seed, policy);
  if (experiment === 'simple-spread') return simpleSpreadScene(config, method, seed, policy);
  if (experiment === 'pendulum') return pendulumScene(config, method, seed, policy);
  return null;
}
