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

export function createProgress(totalJobs: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const t0 = Date.now();
  let done = 0;
  if (stream.isTTY === true) {
    const multi = new cliProgress.MultiBar({
      format: '{job} |{bar}| {value}/{total} episodes | ETA {eta_formatted} | reward {reward}',
      hideCursor: true, clearOnComplete: false, stream,
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
      const key = `${p.method} seed ${p.seed}`, now = Date.now();
      if (p.episode !== p.episodes && now - (last.get(key) ?? 0) < 10_000) return;
      last.set(key, now);
      stream.write(`${key}: episode ${p.episode}/${p.episodes}${p.reward === undefined ? '' : `, reward ${p.reward.toFixed(3)}`} (${((now - t0) / 1000).toFixed(0)} s)\n`);
    },
    jobDone(method, seed, status) {
      done++;
      stream.write(`[${done}/${totalJobs}] ${method} seed ${seed}: ${status} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    },
    log: (line) => { stream.write(line + '\n'); },
    stop: () => undefined,
  };
}
