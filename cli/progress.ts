// Progress display: one bar per running job on a TTY (cli-progress), plain periodic lines
// otherwise (CI logs). The display never affects results.

import cliProgress from 'cli-progress';
import type { JobProgress } from './job.js';

export interface Progress {
  update(p: JobProgress): void;
  jobDone(method: string, seed: number, status: string): void;
  log(line: string): void;
  stop(): void;
}

/** Options of the plain-line display (not a TTY). */
export interface ProgressOptions {
  /** At most one line per job per this many ms (default 10 000), plus the job's last episode. */
  readonly intervalMs?: number;
  /** The clock (default Date.now; tests pass a fake one). */
  readonly now?: () => number;
}

/** Plain lines: at most one per job per `intervalMs` (default 10 s), plus each job's last episode and one per finished job. */
export const PROGRESS_INTERVAL_MS = 10_000;

export function createProgress(totalJobs: number, stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr, options: ProgressOptions = {}): Progress {
  const clock = options.now ?? Date.now, interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const t0 = clock();
  let done = 0;
  if (stream.isTTY === true) {
    const multi = new cliProgress.MultiBar({
      format: '{job} |{bar}| {value}/{total} episodes | ETA {eta_formatted} | reward {reward}',
      hideCursor: true, clearOnComplete: false, stream: stream as NodeJS.WriteStream,
    }, cliProgress.Presets.shades_classic);
    const bars = new Map<string, cliProgress.SingleBar>();
    return {
      update(p) {
        const key = `${p.method} seed ${p.seed}`;
        let bar = bars.get(key);
        if (bar === undefined) { bar = multi.create(p.episodes, 0, { job: key.padEnd(22), reward: '—' }); bars.set(key, bar); }
        bar.setTotal(p.episodes);
        bar.update(p.episode, { reward: p.reward === undefined ? '—' : p.reward.toFixed(3) });
      },
      jobDone(method, seed, status) {
        done++;
        multi.log(`[${done}/${totalJobs}] ${method} seed ${seed}: ${status}\n`);
      },
      log: (line) => multi.log(line + '\n'),
      stop: () => multi.stop(),
    };
  }
  const last = new Map<string, number>();
  return {
    update(p) {
      const key = `${p.method} seed ${p.seed}`, now = clock();
      const prev = last.get(key);
      if (p.episode !== p.episodes && prev !== undefined && now - prev < interval) return;
      last.set(key, now);
      stream.write(`${key}: episode ${p.episode}/${p.episodes}${p.reward === undefined ? '' : `, reward ${p.reward.toFixed(3)}`} (${((now - t0) / 1000).toFixed(0)} s)\n`);
    },
    jobDone(method, seed, status) {
      done++;
      stream.write(`[${done}/${totalJobs}] ${method} seed ${seed}: ${status} (${((clock() - t0) / 1000).toFixed(0)} s)\n`);
    },
    log: (line) => { stream.write(line + '\n'); },
    stop: () => undefined,
  };
}
