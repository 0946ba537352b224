// Fast variant of the hostile policy-file check of `npm run check:reliability`
// (reliability/hostilePolicies.ts), plus the regression for the defect it found.

import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../lib/rl/index.js';
import { GOOD_POLICIES, POLICY_MUTATION_NAMES, fuzzHostilePolicies, hostilePolicyTrial } from '../../reliability/hostilePolicies.js';

describe('hostile policy files (fast)', () => {
  it('the genuine documents load', () => {
    for (const t of GOOD_POLICIES) expect(() => loadPolicy(t)).not.toThrow();
  });
  it.each(POLICY_MUTATION_NAMES)('%s: rejected with a loadPolicy error', (name) => {
    for (const [base, u] of [[0, 0.21], [1, 0.64], [0, 0.93]] as const) {
      const r = hostilePolicyTrial(name, base, u);
      expect(r.ok, r.message).toBe(true);
    }
  });
  it('1 000 random damaged documents: all rejected', () => {
    expect(fuzzHostilePolicies(1000, 9).examples).toEqual([]);
  });
  it('a flipped bit outside the weights (metadata, decoding bounds) is caught by the document checksum (was silently loaded)', () => {
    const good = GOOD_POLICIES[0]!;
    expect(() => loadPolicy(good.replace('"seed":1', '"sged":1'))).toThrow(/^loadPolicy: the file fails its checksum: crc32 of the document is [0-9a-f]{8} but the file says/);
    expect(() => loadPolicy(good.replace('"high":[2]', '"high":[3]'))).toThrow(/fails its checksum/);
    const noSum = JSON.parse(good);
    delete noSum.crc32;
    expect(() => loadPolicy(JSON.stringify(noSum))).not.toThrow(); // files without the (optional) checksum still load
  });
});
