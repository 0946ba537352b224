#!/usr/bin/env node
// The `mecrl` command: runs the TypeScript CLI through tsx's loader (registered in this process;
// worker threads register it themselves, see cli/tsWorker.mjs). The CLI, the experiments and tsx
// live in a clone of the repository; the published package holds only the library (dist/lib).
import { existsSync } from 'node:fs';

const main = new URL('../cli/main.ts', import.meta.url);
let register;
try {
  if (existsSync(main)) ({ register } = await import('tsx/esm/api'));
} catch {
  register = undefined;
}
if (register === undefined) {
  process.stderr.write(
    'mecrl: the command-line tool runs from a clone of the repository (git clone, npm ci, npx mecrl …);\n' +
      'this installation has only the library (import from "mecrl"). See the README.\n',
  );
  process.exit(2);
}
register();
await import(main.href);
