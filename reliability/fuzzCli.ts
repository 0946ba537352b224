// CLI input fuzz: filled in by the next commit.
import type { Check } from './check.js';
export const CHECKS_CLI: readonly Check[] = [];
