// A custom MEC environment in ~100 lines, built from mecrl's public pieces and checked with
// `checkEnv` (determinism under a seed, observations in the space, state round trip, rejection of
// invalid actions, observe()):
//
//   One user device with a task per slot (d bits, c cycles/bit) decides the fraction α ∈ [0, 1]
//   offloaded over a Rayleigh-faded uplink; the rest runs locally. Reward = −(slot delay + λ·energy),
//   delay = max(local time, upload + edge time) (both parts run in parallel).
//
//   npx tsx examples/custom-env.ts

import { pathToFileURL } from 'node:url';
import { fromState, uniform, type Rng, type RngState } from '../lib/random/index.js';
import { Box, checkEnv, boundAction, envStream, type ActionBoundsMode, type Env, type EpisodeStatus, type ResetOptions, type ResetResult, type StepResult } from '../lib/rl/index.js';
import { computeDelay, dbmToWatts, inverseDistanceGain, noisePowerW, perCycleEnergy, rayleighPowerGain, shannonRate, sinr, transmissionEnergy, transmissionTime } from '../lib/env/index.js';

const ID = 'tiny-offload';
const BANDWIDTH = 1e6, TX_POWER = dbmToWatts(20), NOISE = noisePowerW(-174, BANDWIDTH), GAIN = inverseDistanceGain(100) ** 2;
const F_LOCAL = 1e9, F_EDGE = 1e10, J_PER_CYCLE = 1e-9, LAMBDA = 1;

interface TinyState { id: string; slot: number[]; steps: number; status: EpisodeStatus; rng: RngState }

/** The environment: obs = [task Mbit, cycles/bit / 1000, fading gain]; action = [α]. */
export class TinyOffloadEnv implements Env<Float64Array, Float64Array, TinyState> {
  readonly id = ID;
  readonly observationSpace = new Box({ low: [0, 0, 0], high: [1, 1, Infinity] });
  readonly actionSpace = new Box({ low: [0], high: [1] });
  readonly maxEpisodeSteps = 20;
  /** A paper-style env: out-of-range actions are errors (the mecrl convention). */
  readonly actionBounds: ActionBoundsMode = 'error';
  private rng: Rng;
  private slot = new Float64Array(3); // d (bits), c (cycles/bit), |h|²
  private steps = 0;
  private status: EpisodeStatus = 'needs-reset';
  private hasState = false;

  constructor(seed = 0) {
    this.rng = envStream(seed, ID);
  }

  reset(opts: ResetOptions<Readonly<Record<string, unknown>>> = {}): ResetResult<Float64Array> {
    if (opts.seed !== undefined) this.rng = envStream(opts.seed, ID);
    this.steps = 0;
    this.status = 'running';
    this.hasState = true;
    this.draw();
    return { obs: this.observe(), info: {} };
  }

  step(action: Float64Array): StepResult<Float64Array> {
    if (this.status !== 'running') throw new Error(`${ID}.step: call reset() first (status ${this.status})`);
    const alpha = boundAction(this.actionSpace, action, this.actionBounds)[0]!; // throws before any change
    const [d, c, h] = this.slot as unknown as [number, number, number];
    const rate = shannonRate(BANDWIDTH, sinr(TX_POWER, GAIN * h, NOISE));
    const local = computeDelay((1 - alpha) * d * c, F_LOCAL);
    const edge = transmissionTime(alpha * d, rate) + computeDelay(alpha * d * c, F_EDGE);
    const energy = perCycleEnergy((1 - alpha) * d * c, J_PER_CYCLE) + transmissionEnergy(TX_POWER, alpha * d, rate);
    const reward = -(Math.max(local, edge) + LAMBDA * energy);
    this.steps += 1;
    const truncated = this.steps >= this.maxEpisodeSteps;
    if (truncated) this.status = 'ended';
    this.draw();
    return { obs: this.observe(), reward, terminated: false, truncated, info: { rate, alpha } };
  }

  observe(): Float64Array {
    if (!this.hasState) throw new Error(`${ID}.observe: call reset() or setState() first`);
    return Float64Array.of(this.slot[0]! / 1e6, this.slot[1]! / 1000, this.slot[2]!);
  }

  getState(): TinyState {
    return { id: ID, slot: Array.from(this.slot), steps: this.steps, status: this.status, rng: this.rng.getState() };
  }

  setState(s: TinyState): void {
    if (s.id !== ID || s.slot.length !== 3) throw new RangeError(`${ID}.setState: not a ${ID} state`);
    this.rng = fromState(s.rng);
    this.slot = Float64Array.from(s.slot);
    this.steps = s.steps;
    this.status = s.status;
    this.hasState = true;
  }

  /** The next slot's task and fading, from the env's own generator. */
  private draw(): void {
    this.slot[0] = uniform(this.rng, 0.2e6, 1e6);
    this.slot[1] = uniform(this.rng, 100, 1000);
    this.slot[2] = rayleighPowerGain(this.rng);
  }
}

/** Checks the env and compares two fixed policies; returns what it printed. */
export function main(steps = 300): { report: ReturnType<typeof checkEnv>; local: number; offload: number } {
  const report = checkEnv(() => new TinyOffloadEnv(), { steps, seed: 7 });
  const score = (alpha: number): number => {
    const env = new TinyOffloadEnv();
    env.reset({ seed: 1 });
    let total = 0;
    for (let t = 0; t < env.maxEpisodeSteps; t++) total += env.step(Float64Array.of(alpha)).reward;
    return total;
  };
  const local = score(0), offload = score(1);
  console.log(`checkEnv(${report.id}): ${report.steps} steps, ${report.episodes} episodes, ${report.rejectedActions.length} invalid actions rejected`);
  console.log(`episode return (seed 1): all local ${local.toFixed(3)}, all offloaded ${offload.toFixed(3)}`);
  return { report, local, offload };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
