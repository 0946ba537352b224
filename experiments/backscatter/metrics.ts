// Per-episode metrics of paper 3 (spec 03 §5): reward (11) (mean and median over frames), outage
// (overall and per user), workload and time splits per user-frame, energy efficiency, E_o and its
// parts (AP carrier p·t_b, AP reception, MEC φ_o·ℓ_o; users' local φ_c·ℓ_c, reviewer note "local
// computing is free in E_o"), the fraction of frames with E_o < 0.01 J (reviewer note on the
// unbounded reward), and — for the optimiser — Newton steps per solve, round-off stops and how
// often the users' own actions were executed.

import type { BackscatterPhysics, FrameOutcome } from '../../lib/env/backscatter/index.js';
import { mean, median } from '../stats.js';

/** E_o below this counts as a "near-zero-energy" frame (J). */
export const LOW_ENERGY_J = 0.01;

export class FrameStats {
  private readonly rewards: number[] = [];
  private readonly efficiency: number[] = [];
  private readonly apEnergy: number[] = [];
  private readonly outage: number[];
  private frames = 0;
  private lowEnergy = 0;
  private sums = { la: 0, lb: 0, lc: 0, ta: 0, tb: 0, workload: 0, carrier: 0, rx: 0, mec: 0, local: 0 };
  private solves = 0;
  private newton = 0;
  private roundoff = 0;
  private stalled = 0;
  private decisions = 0;
  private usersExecuted = 0;

  constructor(private readonly numUsers: number, private readonly physics: BackscatterPhysics) {
    this.outage = new Array<number>(numUsers).fill(0);
  }

  add(o: FrameOutcome): void {
    this.frames++;
    this.rewards.push(o.apReward);
    this.efficiency.push(o.efficiency);
    this.apEnergy.push(o.apEnergy);
    if (o.apEnergy < LOW_ENERGY_J) this.lowEnergy++;
    const s = this.sums, p = this.physics;
    o.users.forEach((u, i) => {
      if (u.success === 0) this.outage[i]!++;
      const d = u.decision;
      s.la += d.la; s.lb += d.lb; s.lc += d.lc; s.ta += d.ta; s.tb += d.tb;
      s.workload += d.la + d.lb + d.lc;
      const carrier = p.apPower * d.tb, mec = p.phiMec * u.offloaded;
      s.carrier += carrier;
      s.mec += mec;
      s.rx += Math.max(0, u.apEnergy - carrier - mec);
      s.local += p.phiLocal * d.lc;
    });
  }

  solver(newtonSteps: number, roundoffStops: number, stalledStops: number): void {
    this.solves++;
    this.newton += newtonSteps;
    this.roundoff += roundoffStops;
    this.stalled += stalledStops;
  }

  execution(usersExecuted: boolean): void {
    this.decisions++;
    if (usersExecuted) this.usersExecuted++;
  }

  values(): Record<string, number> {
    const n = Math.max(1, this.frames), uf = Math.max(1, this.frames * this.numUsers), s = this.sums;
    const v: Record<string, number> = {
      reward: mean(this.rewards),
      rewardMedian: median(this.rewards),
      outage: this.outage.reduce((a, b) => a + b, 0) / uf,
      efficiency: mean(this.efficiency),
      efficiencyMedian: median(this.efficiency),
      apEnergy: mean(this.apEnergy),
      lowEnergyFrac: this.lowEnergy / n,
      la: s.la / uf, lb: s.lb / uf, lc: s.lc / uf, ta: s.ta / uf, tb: s.tb / uf,
      shareActive: s.workload > 0 ? s.la / s.workload : 0,
      sharePassive: s.workload > 0 ? s.lb / s.workload : 0,
      shareLocal: s.workload > 0 ? s.lc / s.workload : 0,
      energyCarrier: s.carrier / n, energyRx: s.rx / n, energyMec: s.mec / n, energyLocal: s.local / n,
    };
    this.outage.forEach((k, i) => { v[`outage.${i}`] = k / n; });
    if (this.solves > 0) {
      v['newtonSteps'] = this.newton / this.solves;
      v['roundoffStops'] = this.roundoff / this.solves;
      v['stalledSolves'] = this.stalled / this.solves;
    }
    if (this.decisions > 0) v['usersExecutedFrac'] = this.usersExecuted / this.decisions;
    return v;
  }
}

/** Mean of every value over episodes (keys of the first episode). */
export function reduceEpisodes(eps: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (eps.length === 0) return out;
  for (const k of Object.keys(eps[0]!)) out[k] = mean(eps.map((e) => e[k] ?? NaN));
  return out;
}
