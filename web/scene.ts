// The small-cell topology view: one evaluation episode of a trained (or baseline) policy through
// the experiment's own evaluation (evaluateSmallCellPolicy, the `mecrl eval` path), recording per
// slot what the page draws — SBS and UE positions, each UE's channel, offloading fraction α and
// SINR. Interference links (a UE on channel k in cell m, heard at every other SBS that serves a UE
// on channel k) are derived on the page from these.

import { evaluateSmallCellPolicy } from '../experiments/small-cell/job.js';
import type { SmallCellExperimentConfig } from '../experiments/small-cell/config.js';
import type { StateValue } from '../lib/rl/checkpoint.js';
import type { SmallCellScene } from './protocol.js';

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
  return { method, sbs, ues, slots };
}
