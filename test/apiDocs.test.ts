// docs/api.md is generated from the public exports and their doc comments (cli/apiDocs.ts); this
// test fails when it is stale. Fix: `npm run docs:api` and commit docs/api.md.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateApiDocs } from '../cli/apiDocs.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

describe('docs/api.md', () => {
  it('is up to date with the exports and doc comments (else run `npm run docs:api`)', () => {
    const generated = generateApiDocs(ROOT);
    const onDisk = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
    // every entry point has a section, and a known export is documented with its doc comment
    for (const e of ['mecrl', 'mecrl/math', 'mecrl/random', 'mecrl/tensor', 'mecrl/nn', 'mecrl/rl', 'mecrl/env', 'mecrl/federated']) expect(generated).toContain(`\n## ${e}\n`);
    expect(generated).toContain('#### `loadPolicy`');
    expect(generated).toContain('function boundAction(space: Box, action: unknown, mode: ActionBoundsMode, what?: string): Float64Array');
    expect(generated.includes(ROOT)).toBe(false); // no machine paths
    expect(onDisk === generated, 'docs/api.md is stale: run `npm run docs:api` and commit it').toBe(true);
  }, 120_000);
});
