// Fast variant of the kill-and-resume check of `npm run check:reliability` (reliability/killResume.ts):
// two trials on the cheapest smoke run (q-chain), plus the partial-file scanner on hand-made damage.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killAndResume, partialFiles } from '../../reliability/killResume.js';

describe('kill and resume (fast)', () => {
  it('q-chain smoke killed at random moments and resumed equals the uninterrupted run', async () => {
    const r = await killAndResume(2, 3, ['q-chain'], 1);
    expect(r.examples).toEqual([]);
    expect(r.trials).toBe(2);
  });
  it('the scanner finds truncated JSON, incomplete JSONL and broken checkpoints, and skips temporaries', () => {
    const d = mkdtempSync(join(tmpdir(), 'mecrl-partial-'));
    try {
      writeFileSync(join(d, 'summary.json'), '{"a": 1');
      mkdirSync(join(d, 'jobs', 'x-seed1', 'checkpoint'), { recursive: true });
      writeFileSync(join(d, 'jobs', 'x-seed1', 'checkpoint', 'manifest.json'), '{"format"');
      writeFileSync(join(d, 'jobs', 'x-seed1', 'rows.jsonl'), '{"a":1}\n{"a":');
      writeFileSync(join(d, 'jobs', 'x-seed1', 'result.json.tmp-12-0'), '{');
      const s = partialFiles(d);
      expect(s.temporaries).toBe(1);
      expect(s.partial).toHaveLength(3);
      const text = s.partial.join('\n');
      expect(text).toMatch(/summary.json: not complete JSON/);
      expect(text).toMatch(/rows.jsonl: last line incomplete/);
      expect(text).toMatch(/checkpoint: checkpoint .*manifest.json: not valid JSON/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
