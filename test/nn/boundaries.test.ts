// Architecture guard for lib/nn: imports only lib/tensor, lib/random and lib/math public surfaces (plus its
// own files), no ambient randomness or time, no console/file output, and a header on every file.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../lib/nn');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('lib/nn boundaries', () => {
  it('has the expected files', () => {
    expect(files).toContain('index.ts');
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const f of files) {
    it(`${f}: imports, globals and header`, () => {
      const src = readFileSync(join(DIR, f), 'utf8');
      const specs = [...src.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)';/gm)].map((m) => m[1]!);
      if (f === 'index.ts') expect(specs.length, 'the regex finds the re-exports').toBeGreaterThan(5);
      for (const s of specs) expect(s, `${f} imports ${s}`).toMatch(/^(\.\/[A-Za-z]+\.js|\.\.\/tensor\/index\.js|\.\.\/random\/index\.js|\.\.\/math\/index\.js)$/);
      const code = src.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      expect(code).not.toMatch(/Math\.random|Date\b|performance\.|console\.|process\.|require\(/);
      expect(src.startsWith('//'), `${f} starts with a header comment`).toBe(true);
    });
  }
});
