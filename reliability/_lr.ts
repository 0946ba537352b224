import { longRun } from './longRun.js';
console.log(longRun(Number(process.argv[2] ?? 0.5), 5, 2000));
