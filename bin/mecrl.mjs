#!/usr/bin/env node
// The `mecrl` command: runs the TypeScript CLI through tsx's loader (registered in this process;
// worker threads register it themselves, see cli/tsWorker.mjs).
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
