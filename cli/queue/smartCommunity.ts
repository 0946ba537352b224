// Paper 5's communities as a FederatedTask (Node-only glue): one client per community, each in its
// own worker process or machine, the coordinator aggregating with lib/federated — the split of
// experiments/smart-community/federated.ts carried by cli/queue/federated.ts (signed messages,
// rejection of bad updates, policy 'wait', client snapshots in Redis). A round is one training
// epoch: the global message is the round command (θ_f and the λ_i when a federated round happens at
// that epoch, else empty), an update is the client's epoch trace (+ its models before a round, +
// its learner's state after the last epoch). Bit-identical to `mecrl run` of the same preset,
// method and seed (test/cli/federatedSmartCommunity.test.ts).

import type { JobContext } from '../../experiments/types.js';
import type { StateValue } from '../../lib/rl/checkpoint.js';
import { resolveSmartCommunityExperimentConfig, type SmartCommunityExperimentConfig } from '../../experiments/smart-community/config.js';
import { SmartCommunityClient, SmartCommunityCoordinator, roundAt, type ClientUpload, type RoundCommand } from '../../experiments/smart-community/federated.js';
import type { FederatedTask } from './federated.js';

export type SmartCommunityTask = FederatedTask<StateValue, StateValue> & {
  /** The coordinator's side (built on first use: a client process never builds it). */
  readonly coordinator: () => SmartCommunityCoordinator;
};

const isF64 = (x: unknown, n: number): boolean => x instanceof Float64Array && x.length === n;

/**
 * The task of (config, method, seed). `ctx` receives the coordinator's rows and progress. In a
 * client process only the clients it trains are built.
 */
export function smartCommunityTask(config: SmartCommunityExperimentConfig, method: string, seed: number, ctx: Pick<JobContext, 'emit' | 'progress'> = { emit: () => undefined, progress: () => undefined }): SmartCommunityTask {
  let co: SmartCommunityCoordinator | null = null;
  const coordinator = (): SmartCommunityCoordinator => (co ??= new SmartCommunityCoordinator(config, method, seed, ctx));
  const clients = new Map<number, SmartCommunityClient>();
  const client = (i: number): SmartCommunityClient => {
    let cl = clients.get(i);
    if (cl === undefined) clients.set(i, (cl = new SmartCommunityClient(config, method, seed, i)));
    return cl;
  };
  const m = config.env.numCommunities, rounds = config.train.epochs;
  return {
    clients: m,
    rounds,
    coordinator,
    initialModel: () => coordinator().command(0) as unknown as StateValue,
    train: (i, r, global) => ({ params: client(i).train(r, global as unknown as RoundCommand) as unknown as StateValue, weight: 1 }),
    aggregate: (updates, r) => {
      coordinator().absorb(r, updates.map((u) => u.params as unknown as ClientUpload));
      return (r + 1 < rounds ? coordinator().command(r + 1) : { round: null }) as unknown as StateValue;
    },
    checkUpdate: (params, r) => {
      const u = params as unknown as Partial<ClientUpload> | null;
      if (typeof u !== 'object' || u === null || Array.isArray(u) || u instanceof Float64Array) return 'the update is not a { trace, models, learner } object';
      const co = coordinator();
      if (!isF64(u.trace, co.traceLength)) return `wrong trace: expected a Float64Array of ${co.traceLength} numbers, got ${u.trace instanceof Float64Array ? `${u.trace.length} numbers` : typeof u.trace}`;
      if (roundAt(config, r + 1)) {
        const L = co.modelLengths, g = u.models as Record<string, unknown> | null | undefined;
        if (typeof g !== 'object' || g === null) return `round ${r}: models missing (a federated round follows at epoch ${r + 1})`;
        for (const k of ['actor', 'critic1', 'critic2'] as const) if (!isF64(g[k], L[k])) return `wrong models.${k}: expected a Float64Array of ${L[k]} parameters`;
      } else if (u.models !== null) return `round ${r}: unexpected models (no federated round at epoch ${r + 1})`;
      const last = r + 1 === rounds;
      if (last !== (typeof u.learner === 'object' && u.learner !== null)) return last ? 'the learner state is missing after the last round' : `round ${r}: unexpected learner state (only after the last round)`;
      return null;
    },
    clientState: (i) => client(i).getState(),
    restoreClient: (i, s) => client(i).setState(s),
  };
}

/** The experiments with a cross-process federated task, and their methods. */
export const FEDERATED_EXPERIMENTS: Readonly<Record<string, { readonly methods: readonly string[]; task(config: unknown, method: string, seed: number, ctx?: Pick<JobContext, 'emit' | 'progress'>): SmartCommunityTask }>> = {
  'smart-community': {
    methods: ['pfr-oa', 'mcf-td3'],
    task: (config, method, seed, ctx) => smartCommunityTask(resolveSmartCommunityExperimentConfig(config as Record<string, unknown>), method, seed, ctx),
  },
};
