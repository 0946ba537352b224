// A synthetic FedAvg task for the cross-process federated tests: client c fits a linear model to
// its own seeded data (6 + c samples, 5 features) with 3 gradient steps per round from the global
// model. Run as a client process: node --import tsx test/cli/fedFixture.ts <url> <runId> <client>
// (MECRL_REDIS_PASSWORD and MECRL_HMAC_KEY from the environment).

import { deriveStream, normal } from '../../lib/random/index.js';
import type { FederatedTask } from '../../cli/queue/federated.js';

export const DIM = 5;

export function syntheticTask(clients = 3, rounds = 4): FederatedTask {
  const data = Array.from({ length: clients }, (_, c) => {
    const rng = deriveStream(7, `client-${c}`);
    const n = 6 + c;
    const xs = Array.from({ length: n }, () => Float64Array.from({ length: DIM }, () => normal(rng)));
    const ys = xs.map((x) => x.reduce((s, v, i) => s + v * (i + 1 + c * 0.1), 0) + 0.1 * normal(rng));
    return { xs, ys };
  });
  return {
    clients, rounds,
    initialModel: () => new Float64Array(DIM),
    train(client, _round, global) {
      const w = Float64Array.from(global);
      const { xs, ys } = data[client]!;
      for (let step = 0; step < 3; step++) {
        const g = new Float64Array(DIM);
        xs.forEach((x, k) => { const err = x.reduce((s, v, i) => s + v * w[i]!, 0) - ys[k]!; for (let i = 0; i < DIM; i++) g[i] = g[i]! + (2 * err * x[i]!) / xs.length; });
        for (let i = 0; i < DIM; i++) w[i] = w[i]! - 0.05 * g[i]!;
      }
      return { params: w, weight: xs.length };
    },
  };
}

if (process.argv[1]?.endsWith('fedFixture.ts') && process.argv.length === 5) {
  const { connect, parseQueueUrl, readSecret } = await import('../../cli/queue/connection.js');
  const { runClient } = await import('../../cli/queue/federated.js');
  const [url, runId, client] = process.argv.slice(2) as [string, string, string];
  const redis = connect(parseQueueUrl(url));
  await runClient(redis, syntheticTask(), Number(client), runId, Buffer.from(readSecret('MECRL_HMAC_KEY')!, 'utf8'));
  redis.disconnect();
}
