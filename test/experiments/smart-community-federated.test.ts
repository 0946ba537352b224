// Paper 5's federated methods split into one client per community and a coordinator
// (experiments/smart-community/federated.ts): the split run equals the in-process job bit for bit
// (rows, metrics, saved policy), for pfr-oa and mcf-td3 on the smoke preset; a client rebuilt from
// its state mid-run (a restarted process) continues identically; misuse fails with clear errors.

import { describe, expect, it } from 'vitest';
import { SMART_COMMUNITY_PRESETS, resolveSmartCommunityExperimentConfig, smartCommunityExperiment } from '../../experiments/smart-community/index.js';
import { SmartCommunityClient, SmartCommunityCoordinator, TRACE_WIDTH, runSplitInProcess } from '../../experiments/smart-community/federated.js';
import type { MetricRow } from '../../experiments/types.js';
import { runJobInMemory, throughDisk } from './jobHelpers.js';

const SMOKE = resolveSmartCommunityExperimentConfig(SMART_COMMUNITY_PRESETS['smoke']!.config);
/** Exact serialisation: every number by its shortest round-trip string, arrays element-wise. */
const exact = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof Float64Array ? Array.from(x).map(String) : typeof x === 'number' ? String(x) : x));

describe('smart-community split into clients and a coordinator (smoke)', () => {
  for (const method of ['pfr-oa', 'mcf-td3']) {
    it(`${method}: the split run is bit-identical to the in-process job`, () => {
      const ref = runJobInMemory(smartCommunityExperiment, SMOKE, method, 1);
      const rows: MetricRow[] = [];
      const res = runSplitInProcess(SMOKE, method, 1, { emit: (r) => rows.push(r), progress: () => undefined });
      expect(exact(rows)).toBe(exact(ref.rows));
      expect(exact(res)).toBe(exact(ref.result));
      expect(rows.filter((r) => r.phase === 'train' && r.values['round'] !== undefined).length).toBe(2); // rounds at epochs 0 and 2
    });
  }

  it('a client rebuilt from its state after round 1 (a restarted process) continues identically', () => {
    const method = 'pfr-oa';
    const rows: MetricRow[] = [];
    const co = new SmartCommunityCoordinator(SMOKE, method, 2, { emit: (r) => rows.push(r), progress: () => undefined });
    const clients = Array.from({ length: co.clients }, (_, i) => new SmartCommunityClient(SMOKE, method, 2, i));
    for (let e = 0; e < co.rounds; e++) {
      const cmd = co.command(e);
      co.absorb(e, clients.map((cl) => cl.train(e, cmd)));
      if (e === 1) {
        const fresh = new SmartCommunityClient(SMOKE, method, 2, 1);
        fresh.setState(throughDisk(clients[1]!.getState()));
        expect(fresh.round).toBe(2);
        clients[1] = fresh;
      }
    }
    const res = co.finish();
    const ref = runJobInMemory(smartCommunityExperiment, SMOKE, method, 2);
    expect(exact(rows)).toBe(exact(ref.rows));
    expect(exact(res)).toBe(exact(ref.result));
  });

  it('errors name the method, the client, the round and the trace length', () => {
    expect(() => new SmartCommunityClient(SMOKE, 'td3', 1, 0)).toThrow("SmartCommunityClient: method 'td3' has no federated rounds; allowed: pfr-oa, mcf-td3");
    expect(() => new SmartCommunityClient(SMOKE, 'pfr-oa', 1, 3)).toThrow('SmartCommunityClient: client must be an integer in [0, 2] (one per community), got 3');
    const cl = new SmartCommunityClient(SMOKE, 'mcf-td3', 1, 0);
    expect(() => cl.train(1, { round: null })).toThrow('SmartCommunityClient 0: got round 1, expected round 0');
    const co = new SmartCommunityCoordinator(SMOKE, 'mcf-td3', 1, { emit: () => undefined, progress: () => undefined });
    const cmd = co.command(0);
    const ups = [0, 1, 2].map((i) => new SmartCommunityClient(SMOKE, 'mcf-td3', 1, i).train(0, cmd));
    expect(() => co.absorb(0, ups.slice(0, 2))).toThrow('SmartCommunityCoordinator: round 0 needs 3 uploads (one per community), got 2');
    expect(() => co.absorb(0, [{ ...ups[0]!, trace: new Float64Array(5) }, ups[1]!, ups[2]!])).toThrow(`SmartCommunityCoordinator: client 0's trace has 5 numbers, expected ${co.traceLength}`);
    expect(co.traceLength).toBe(12 * TRACE_WIDTH); // smoke: 3 slots × 4 sub-slots per epoch
    expect(() => co.finish()).toThrow('SmartCommunityCoordinator: finish after 0 of 4 rounds');
  });
});
