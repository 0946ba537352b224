// Hostile checkpoint folders: filled in by a later commit.
import type { Check } from './check.js';
export const CHECKS_CHECKPOINTS: readonly Check[] = [];
