// Locates ../shared (benchmarks only; `npm test` never reads it): MECRL_SHARED_DIR, else ../shared
// beside the repository.

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function sharedDir(): string {
  const fromEnv = process.env['MECRL_SHARED_DIR'];
  const candidates = fromEnv !== undefined && fromEnv !== '' ? [resolve(fromEnv)] : [resolve(ROOT, '..', 'shared')];
  for (const c of candidates) if (existsSync(resolve(c, 'bench', 'reference.cjs'))) return c;
  throw new Error(
    `cannot find shared/bench/reference.cjs: looked in ${candidates.join(', ')}. ` +
      'Set MECRL_SHARED_DIR to the folder that holds bench/reference.cjs (the shared/ folder beside this repository).',
  );
}
