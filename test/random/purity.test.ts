// lib/random imports nothing outside lib/random except lib/math (the layer below it: portable
// log/cos/exp) and uses no ambient randomness or clocks (STYLE §3.5): a source scan, so a
// regression is visible in review.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../lib/random');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('lib/random purity', () => {
  it('has the expected files', () => {
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'types.ts', 'xor4096.ts', 'streams.ts', 'distributions.ts']));
  });

  for (const file of files) {
    it(`${file}: relative imports only (lib/random, lib/math), no Math.random / Date / performance.now`, () => {
      const source = readFileSync(join(dir, file), 'utf8');
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const specifiers = [...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map(
        (m) => m[1] ?? m[2],
      );
      for (const spec of specifiers) expect(spec, `${file} imports ${spec}`).toMatch(/^(\.\/[\w-]+\.js|\.\.\/math\/index\.js)$/);
      expect(code).not.toMatch(/\brequire\s*\(/);
      expect(code).not.toMatch(/Math\.random/);
      expect(code).not.toMatch(/\bDate\b/);
      expect(code).not.toMatch(/performance\.now|process\.hrtime|crypto\./);
    });
  }
});
