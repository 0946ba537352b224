// CPU and wall time of one job at the quick scale with a given number of epochs (Node-only; for
// README.md's cost estimate). Time two epoch counts and take the difference per epoch:
//   npx tsx experiments/smart-community/measure.ts <method> <epochs> [quick|paper] [wasm|ts]
// (backend: wasm by default where it runs, as mecrl run)
// (paper: the paper preset with warmupSteps = 80, so every epoch after the first has updates).
import { resolveSmartCommunityExperimentConfig, SMART_COMMUNITY_PRESETS, runSmartCommunityJob } from './index.js';
import { mergePartials } from '../common/config.js';
import { setBackend } from '../../lib/tensor/index.js';
const method = process.argv[2] ?? 'pfr-oa';
const epochs = Number(process.argv[3] ?? 8);
const scale = process.argv[4] ?? 'quick';
const backend = setBackend(process.argv[5] === 'ts' ? 'ts' : 'wasm');
const base = scale === 'paper' ? { train: { warmupSteps: 80 } } : SMART_COMMUNITY_PRESETS['quick']!.config;
const c = resolveSmartCommunityExperimentConfig(mergePartials(base, { train: { epochs }, eval: { episodes: 1 } }));
const t0 = performance.now(); const c0 = process.cpuUsage();
const ctx = { emit: () => {}, progress: () => {}, resumeFrom: null, checkpointEvery: 0, saveCheckpoint: () => {}, shouldStop: () => false };
const r = runSmartCommunityJob(c, method, 1, ctx as never);
const cu = process.cpuUsage(c0); console.log(method, backend, epochs, 'epochs wall', ((performance.now() - t0) / 1000).toFixed(1), 's cpu', ((cu.user + cu.system) / 1e6).toFixed(1), 's', r.metrics['reward']);
