// The non-learning baselines under the spec defaults at B = 5, 15, 25 MHz, 5 seeds × 60 evaluation
// epochs (Node-only; the setting of spec 05's reviewer note 1, whose independent simulation this
// reproduces — README.md "Cross-check"):
//   npx tsx experiments/smart-community/baselineCheck.ts

import { greedyDecision, edgeDecision, localDecision, type SmartCommunityEnv } from '../../lib/env/smart-community/index.js';
import { resolveSmartCommunityExperimentConfig, runEvaluation, type EvalPolicy } from './index.js';

const KEYS = ['successRate', 'energyNominal', 'energyCharged', 'waitS', 'failDeadlineRate', 'failBatteryRate', 'failTimeoutRate'];
for (const B of [5e6, 1.5e7, 2.5e7]) {
  for (const method of ['local', 'edge', 'greedy'] as const) {
    const c = resolveSmartCommunityExperimentConfig({ env: { bandwidthHz: B } });
    const policy: EvalPolicy = {
      kind: 'decisions',
      decide: (env: SmartCommunityEnv, i: number) => (method === 'local' ? localDecision(env.dims.devices) : method === 'edge' ? edgeDecision(env.dims.devices) : greedyDecision(env.subSlotInput(i), c.env.capacitance)),
    };
    const acc: Record<string, number[]> = {};
    for (const seed of [1, 2, 3, 4, 5]) {
      const m = runEvaluation(c, method, seed, policy, 60, () => undefined);
      for (const k of KEYS) (acc[k] ??= []).push(m[k]!);
    }
    const mean = (v: number[]): string => (v.reduce((a, b) => a + b, 0) / v.length).toFixed(3);
    console.log(`${B / 1e6} MHz ${method}: ${KEYS.map((k) => `${k} ${mean(acc[k]!)}`).join(', ')}`);
  }
}
