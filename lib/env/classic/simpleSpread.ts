// simple_spread — MPE cooperative navigation: N agents must cover N landmarks without colliding.
// Lowe et al. (2017), "Multi-Agent Actor-Critic for Mixed Cooperative-Competitive Environments"
// (MADDPG), arXiv:1706.02275, §5 "cooperative navigation"; code: openai/multiagent-particle-envs
// (`multiagent/core.py`, `multiagent/environment.py`, `multiagent/scenarios/simple_spread.py`) and
// PettingZoo's port (`pettingzoo/mpe/_mpe_utils/{core,simple_env}.py`, `pettingzoo/mpe/simple_spread`).
//
// World (both variants; PettingZoo's physics is the original's):
//   N agents (default 3) of radius 0.15, mass 1, movable and colliding; N landmarks of radius
//   0.05, fixed and NOT colliding; silent agents (comm channel dim_c = 2, always zero).
//   Reset: every agent's position ~ U[−1, 1]², then every landmark's, drawn x then y in entity
//   order from the env's own Rng; velocities 0.
//   One step (dt = 0.1 s, damping 0.25, no max speed, no motor noise):
//     u_i   = movement force from agent i's action (below), times sensitivity 5.0;
//     F_i   = u_i + Σ contact forces, added pair by pair for a < b in agent order, as core.py does:
//             penetration(d) = k·logaddexp(0, −(d − d_min)/k)          (softplus, k = contact margin 1e−3)
//             f_ab = contactForce·(p_a − p_b)/d · penetration(d),  f_a += f_ab, f_b += −f_ab
//             (contactForce 1e2, d = |p_a − p_b|, d_min = 0.15 + 0.15; the softplus is never exactly
//             0 near contact, so agents slightly apart still feel a tiny repulsion, as in the original);
//     v_i  ← v_i·(1 − damping) + (F_i / mass)·dt;      p_i ← p_i + v_i·dt   (new velocity).
// Observation of agent i (Box(−∞, ∞), length 6N = 18 for N = 3):
//   [v_i (2), p_i (2), landmark_j − p_i (2 per landmark), p_k − p_i for k ≠ i in agent order
//    (2·(N−1)), comm of each other agent (2·(N−1), always 0)].
// Actions (the original's 5-way movement vector a = [noop, +x, −x, +y, −y]):
//   u = sensitivity · (a[1] − a[2], a[3] − a[4])      (environment.py `_set_action`, one-hot path)
//   - continuous: false (default) — Discrete(5); action k is the one-hot vector e_k:
//       0 noop, 1 → +x, 2 → −x, 3 → +y, 4 → −y.
//     (The original's `discrete_action_input=True` integer path and PettingZoo's Discrete(5) use the
//     mirrored order 1 → −x, 2 → +x, 3 → −y, 4 → +y; we keep integer k ≡ one-hot e_k so the two
//     action modes agree. To replay PettingZoo actions, swap 1↔2 and 3↔4.)
//   - continuous: true — Box([0,0,0,0,0], [1,1,1,1,1]): the 5-vector itself, as MADDPG's agents emit
//     it through Gumbel-Softmax (`discrete_action_input=False`). PettingZoo's continuous mode uses
//     u = (a[2] − a[1], a[4] − a[3]) (mirrored); same remark.
// Reward, computed on the post-step state, D = Σ_landmarks min_agents |p_agent − p_landmark|:
//   - variant 'original' (openai/multiagent-particle-envs, `world.collaborative = True`):
//       per-agent r_i = −D − C_i, where C_i counts the agents a with |p_a − p_i| < 0.3 INCLUDING a = i
//       (the scenario loops over all agents and `is_collision(agent, agent)` is always true, distance
//       0 < 0.3, so every agent pays −1 every step for "colliding" with itself);
//       every agent then receives the shared sum R = Σ_i r_i (environment.py `shared_reward`),
//       added in agent order. Hence R = −N·D − N − 2P, with P the number of overlapping pairs
//       (each real collision is paid twice, once from each agent's loop). For N = 3: R = −3D − 3 − 2P.
//   - variant 'pettingzoo' (simple_spread_v3): r_i = (1 − localRatio)·(−D) + localRatio·(−c_i),
//       c_i = number of OTHER agents overlapping agent i (PettingZoo excludes the agent itself);
//       not summed over agents. localRatio defaults to 0.5.
// Episode end: never terminates; every agent is truncated on step 25 (`maxEpisodeSteps`; MADDPG's
//   `max_episode_len`, PettingZoo's `max_cycles`), after which `agents` is empty until reset.
// Infos (per agent, after each step): minDistSum = D; collisions = c_i (other agents overlapping
//   agent i; the original's `benchmark_data` reports c_i + 1 because it counts the agent itself);
//   occupiedLandmarks = landmarks whose closest agent is nearer than 0.1.
//
// Deviations (decided, not accidental):
//   - Float64 throughout (PettingZoo casts observations to float32).
//   - Invalid discrete actions are rejected (PettingZoo's AssertOutOfBoundsWrapper; the original
//     accepts anything). Continuous actions outside [0, 1] are clipped by default, as PettingZoo's
//     ClipOutOfBoundsWrapper does for MPE's continuous mode (`actionBounds: 'clip'`), or rejected
//     with `actionBounds: 'error'`; NaNs and wrong lengths always throw.
//   - Two agents at exactly the same point get no contact force (the original divides 0 by 0 and
//     produces NaN); this cannot happen from a random start except with probability 0.
//   - The shared sum is added left to right in agent order; NumPy's `np.sum` may associate the
//     three terms differently, so R can differ from the original in the last bit.
//   - No rendering, no agent colours, no PettingZoo `state()`.

import type { RngState } from '../../random/index.js';
import { uniform } from '../../random/index.js';
import type { AgentRecord, EpisodeStatus, Info, ParallelEnv, ParallelResetResult, ParallelStepResult, ResetOptions, Space } from '../../rl/index.js';
import { agentRecord, Box, boundAction, checkActionBounds, checkAgentIds, Discrete, validateActions, type ActionBoundsMode } from '../../rl/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, record } from '../check.js';
import { Episode } from '../episode.js';
import { exp, log1p } from '../../math/index.js';

/** Env id, also the label of its random stream (the same for both variants and action modes). */
export const SIMPLE_SPREAD_ID = 'simple_spread';

/** Fixed constants of the MPE world and of simple_spread (core.py `World`/`Entity`, the scenario, environment.py). */
export const SIMPLE_SPREAD_CONSTANTS = Object.freeze({
  /** Integration step, s (`World.dt`). */
  dt: 0.1,
  /** Fraction of velocity lost per step (`World.damping`): v ← v·(1 − damping) + … */
  damping: 0.25,
  /** Agent mass (`Entity.initial_mass`). */
  mass: 1.0,
  /** Force per unit of action (environment.py `sensitivity`; `agent.accel` is None in simple_spread). */
  sensitivity: 5.0,
  /** Contact stiffness (`World.contact_force`). */
  contactForce: 1e2,
  /** Softplus width k of the penetration (`World.contact_margin`). */
  contactMargin: 1e-3,
  /** Agent radius (scenario `agent.size`). */
  agentSize: 0.15,
  /** Landmark radius (`Entity.size` default); landmarks do not collide, so it only matters for drawing. */
  landmarkSize: 0.05,
  /** Communication channel size (`world.dim_c`); agents are silent, so comm entries are 0. */
  dimC: 2,
  /** Initial positions ~ U[initLow, initHigh] per coordinate. */
  initLow: -1,
  initHigh: 1,
  /** A landmark counts as occupied when its closest agent is nearer than this (benchmark_data). */
  occupiedDistance: 0.1,
  /** Number of actions of the movement vector [noop, +x, −x, +y, −y]. */
  numActions: 5,
});

/** simple_spread configuration. */
export interface SimpleSpreadConfig {
  /** N, the number of agents and of landmarks. Integer in [1, 16]; default 3 (the paper's setting). */
  readonly numAgents: number;
  /** Every agent is truncated on this step. Integer in [1, 2^31 − 1]; default 25 (MADDPG, PettingZoo). */
  readonly maxEpisodeSteps: number;
  /** false: Discrete(5) actions (index k ≡ one-hot e_k); true: Box([0]*5, [1]*5) movement vectors. Default false. */
  readonly continuous: boolean;
  /** Reward: 'original' (shared sum with self-collisions, see header) or 'pettingzoo' (local_ratio mix). Default 'original'. */
  readonly variant: 'original' | 'pettingzoo';
  /** Weight of the local collision reward in the 'pettingzoo' variant, in [0, 1]; ignored by 'original'. Default 0.5. */
  readonly localRatio: number;
  /** Seed of the generator used until the first seeded `reset` (a safe integer). Default 0. */
  readonly seed: number;
  /** `continuous` only: out-of-range actions are clipped to [0, 1] ('clip', default, as PettingZoo) or rejected ('error'). */
  readonly actionBounds: ActionBoundsMode;
}

/** Defaults of `SimpleSpreadConfig`. */
export const SIMPLE_SPREAD_DEFAULTS: Readonly<SimpleSpreadConfig> = Object.freeze({
  numAgents: 3,
  maxEpisodeSteps: 25,
  continuous: false,
  variant: 'original',
  localRatio: 0.5,
  seed: 0,
  actionBounds: 'clip',
});

/** simple_spread has no reset options. */
export type SimpleSpreadResetOptions = Readonly<Record<string, never>>;

/** Per-agent info after a step (see the file header). */
export interface SimpleSpreadInfo {
  /** D = Σ over landmarks of the distance to the closest agent. */
  readonly minDistSum: number;
  /** Other agents overlapping this one (distance < 0.3). The original's benchmark count is this + 1. */
  readonly collisions: number;
  /** Landmarks whose closest agent is nearer than 0.1. */
  readonly occupiedLandmarks: number;
}

/** JSON-serialisable snapshot of a SimpleSpreadEnv. Vectors are flat: [x0, y0, x1, y1, …]. */
export interface SimpleSpreadState {
  readonly id: typeof SIMPLE_SPREAD_ID;
  readonly numAgents: number;
  /** Agent positions, length 2N. */
  readonly agentPos: readonly number[];
  /** Agent velocities, length 2N. */
  readonly agentVel: readonly number[];
  /** Landmark positions, length 2N. */
  readonly landmarkPos: readonly number[];
  /** Steps taken in the current episode. */
  readonly steps: number;
  readonly status: EpisodeStatus;
  /** The env generator's state. */
  readonly rng: RngState;
}

/**
 * Contact penetration of two discs at centre distance `dist` (core.py `get_collision_force`):
 * k·logaddexp(0, −(dist − distMin)/k), a softplus ≈ max(0, distMin − dist) smoothed over width k.
 * logaddexp is evaluated as NumPy does: x + log1p(e^−x) for x > 0, log1p(e^x) otherwise.
 * @param dist - centre distance ≥ 0; @param distMin - sum of radii; @param margin - k > 0.
 */
export function contactPenetration(dist: number, distMin: number, margin: number): number {
  const x = -(dist - distMin) / margin;
  const softplus = x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
  return softplus * margin;
}

/**
 * Contact force on entity a from entity b (b receives the negative), core.py `get_collision_force`:
 * contactForce·(p_a − p_b)/dist·penetration, evaluated in that order. Returns [0, 0] when the two
 * centres coincide (the original returns NaN there).
 * @param dx - x_a − x_b; @param dy - y_a − y_b.
 */
export function contactForce(dx: number, dy: number, distMin: number, stiffness: number, margin: number): [number, number] {
  const dist = Math.sqrt(dx * dx + dy * dy);
  if (dist === 0) return [0, 0];
  const penetration = contactPenetration(dist, distMin, margin);
  return [((stiffness * dx) / dist) * penetration, ((stiffness * dy) / dist) * penetration];
}

/**
 * Movement force of a 5-vector [noop, +x, −x, +y, −y] (environment.py `_set_action`):
 * u = (0 + (a[1] − a[2]), 0 + (a[3] − a[4]))·sensitivity. (Adding to a zero vector as the original
 * does also turns a −0 difference into +0.)
 */
export function movementForce(a: ArrayLike<number>, sensitivity: number): [number, number] {
  const ux = 0 + ((a[1] as number) - (a[2] as number));
  const uy = 0 + ((a[3] as number) - (a[4] as number));
  return [ux * sensitivity, uy * sensitivity];
}

/** The one-hot vector e_k of the movement action k ∈ {0, …, 4} (how a Discrete(5) action is applied). */
export function oneHotAction(k: number): Float64Array {
  const a = new Float64Array(SIMPLE_SPREAD_CONSTANTS.numActions);
  a[k] = 1;
  return a;
}

/** Distance between points i of `p` and j of `q` (flat [x0, y0, …] arrays): sqrt(dx² + dy²) as NumPy's sqrt(sum(square)). */
function distance(p: ArrayLike<number>, i: number, q: ArrayLike<number>, j: number): number {
  const dx = (p[2 * i] as number) - (q[2 * j] as number);
  const dy = (p[2 * i + 1] as number) - (q[2 * j + 1] as number);
  return Math.sqrt(dx * dx + dy * dy);
}

/** Rewards and diagnostics of one simple_spread state (all per agent, in agent order). */
export interface SimpleSpreadRewards {
  /** The reward of each agent for the variant asked for. */
  readonly rewards: Float64Array;
  /** D = Σ_landmarks min_agents distance. */
  readonly minDistSum: number;
  /** c_i: other agents within 2·agentSize of agent i. */
  readonly collisions: Int32Array;
  /** Landmarks whose closest agent is nearer than `occupiedDistance`. */
  readonly occupiedLandmarks: number;
}

/**
 * simple_spread's rewards for agent positions `agentPos` and landmark positions `landmarkPos` (flat
 * [x0, y0, …] arrays with N points each), with the exact loop arithmetic of each variant (see the
 * file header):
 *   original:   r_i = ((0 − m_0) − m_1 − …) − [collision with each agent a, a = i included], then
 *               every agent gets Σ_i r_i (summed left to right);
 *   pettingzoo: g = (0 − m_0) − m_1 − …,  l_i = −c_i,  r_i = g·(1 − localRatio) + l_i·localRatio.
 * Here m_j = min over agents of the distance to landmark j, and a collision is distance < 2·agentSize.
 */
export function simpleSpreadRewards(
  agentPos: ArrayLike<number>,
  landmarkPos: ArrayLike<number>,
  variant: 'original' | 'pettingzoo',
  localRatio: number,
): SimpleSpreadRewards {
  const { agentSize, occupiedDistance } = SIMPLE_SPREAD_CONSTANTS;
  const n = agentPos.length / 2;
  const numLandmarks = landmarkPos.length / 2;
  let negD = 0; // the scenario's `rew = 0; rew -= min(dists)` for each landmark
  let minDistSum = 0; // benchmark_data's `min_dists += min(dists)`
  let occupiedLandmarks = 0;
  for (let j = 0; j < numLandmarks; j++) {
    let m = Infinity;
    for (let i = 0; i < n; i++) m = Math.min(m, distance(agentPos, i, landmarkPos, j));
    negD -= m;
    minDistSum += m;
    if (m < occupiedDistance) occupiedLandmarks += 1;
  }
  const distMin = agentSize + agentSize;
  const collisions = new Int32Array(n);
  const selfInclusive = new Int32Array(n); // the original's count, `is_collision(a, agent)` for every a
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < n; a++) {
      const hit = distance(agentPos, a, agentPos, i) < distMin; // a = i: 0 < 0.3, always true
      if (hit) selfInclusive[i] = (selfInclusive[i] as number) + 1;
      if (hit && a !== i) collisions[i] = (collisions[i] as number) + 1;
    }
  }
  const rewards = new Float64Array(n);
  if (variant === 'original') {
    let shared = 0;
    for (let i = 0; i < n; i++) {
      let r = negD;
      for (let c = 0; c < (selfInclusive[i] as number); c++) r -= 1;
      shared += r;
    }
    rewards.fill(shared);
  } else {
    for (let i = 0; i < n; i++) {
      const local = 0 - (collisions[i] as number);
      rewards[i] = negD * (1 - localRatio) + local * localRatio;
    }
  }
  return { rewards, minDistSum, collisions, occupiedLandmarks };
}

/** simple_spread as a `ParallelEnv` (see the file header for the world, actions, reward and deviations). */
export class SimpleSpreadEnv implements ParallelEnv<string, Float64Array, Float64Array | number, SimpleSpreadState, SimpleSpreadResetOptions> {
  readonly id = SIMPLE_SPREAD_ID;
  readonly config: Readonly<SimpleSpreadConfig>;
  /** 'agent_0', …, 'agent_{N−1}' (PettingZoo's names). */
  readonly possibleAgents: readonly string[];
  readonly maxEpisodeSteps: number;
  /** `continuous` actions outside [0, 1]: clipped ('clip', default) or rejected ('error'). */
  readonly actionBounds: ActionBoundsMode;
  private readonly obsSpace: Box;
  private readonly actSpace: Box | Discrete;
  private readonly n: number;
  /** Flat [x0, y0, x1, y1, …] state vectors. */
  private readonly agentPos: Float64Array;
  private readonly agentVel: Float64Array;
  private readonly landmarkPos: Float64Array;
  /** The env's Rng (reseeded by `reset({ seed })`), step counter and episode status. */
  private readonly episode: Episode;
  /** Whether a reset or setState has given the env a state (`observe` needs one). */
  private hasState = false;

  constructor(config: Partial<SimpleSpreadConfig> = {}) {
    this.config = resolveSimpleSpreadConfig(config);
    this.n = this.config.numAgents;
    this.possibleAgents = checkAgentIds(this.id, Array.from({ length: this.n }, (_, i) => `agent_${i}`));
    this.maxEpisodeSteps = this.config.maxEpisodeSteps;
    this.actionBounds = this.config.actionBounds;
    const { numActions, dimC } = SIMPLE_SPREAD_CONSTANTS;
    const obsDim = 2 + 2 + 2 * this.n + 2 * (this.n - 1) + dimC * (this.n - 1);
    this.obsSpace = new Box({ low: -Infinity, high: Infinity, shape: [obsDim] });
    this.actSpace = this.config.continuous ? new Box({ low: 0, high: 1, shape: [numActions] }) : new Discrete(numActions);
    this.agentPos = new Float64Array(2 * this.n);
    this.agentVel = new Float64Array(2 * this.n);
    this.landmarkPos = new Float64Array(2 * this.n);
    this.episode = new Episode(this.id, this.maxEpisodeSteps, this.config.seed);
  }

  /** All agents while an episode runs; empty before the first reset and after truncation. */
  get agents(): readonly string[] {
    return this.episode.status === 'running' ? this.possibleAgents : [];
  }

  /** Box(−∞, ∞) of length 6N (18 for N = 3), the same object for every agent. */
  observationSpace(agent: string): Space<Float64Array> {
    this.agentIndex(agent, 'observationSpace');
    return this.obsSpace;
  }

  /** Discrete(5), or Box([0]*5, [1]*5) when `continuous`; the same object for every agent. */
  actionSpace(agent: string): Space<Float64Array | number> {
    this.agentIndex(agent, 'actionSpace');
    return this.actSpace as Space<Float64Array | number>;
  }

  reset(opts: ResetOptions<SimpleSpreadResetOptions> = {}): ParallelResetResult<string, Float64Array> {
    const owner = `${this.id}.reset`;
    if (opts.options !== undefined) noUnknownKeys(owner, 'options', record(owner, 'options', opts.options), []);
    const rng = this.episode.begin(opts.seed); // validates and reseeds, or continues the current stream
    const { initLow, initHigh } = SIMPLE_SPREAD_CONSTANTS;
    // Draw order of the scenario's reset_world: each agent's (x, y), then each landmark's (x, y).
    for (let k = 0; k < 2 * this.n; k++) this.agentPos[k] = uniform(rng, initLow, initHigh);
    this.agentVel.fill(0);
    for (let k = 0; k < 2 * this.n; k++) this.landmarkPos[k] = uniform(rng, initLow, initHigh);
    const agents = this.possibleAgents;
    this.hasState = true;
    return { obs: agentRecord(agents, (_, i) => this.observeIndex(i)), infos: agentRecord(agents, (): Info => ({})) };
  }

  step(actions: AgentRecord<string, Float64Array | number>): ParallelStepResult<string, Float64Array> {
    const owner = `${this.id}.step`;
    this.episode.checkCanStep();
    const acting = this.agents;
    validateActions(owner, acting, this.possibleAgents, (a) => this.actionSpace(a), actions, this.actionBounds); // throws before any state changes

    const { sensitivity, agentSize, contactForce: stiffness, contactMargin, damping, mass, dt } = SIMPLE_SPREAD_CONSTANTS;
    const n = this.n;
    // Forces: the agents' movement forces, then contact forces pair by pair (a < b), in core.py's order.
    const force = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const a = actions[acting[i] as string] as Float64Array | number;
      const [ux, uy] = movementForce(typeof a === 'number' ? oneHotAction(a) : boundAction(this.actSpace as Box, a, this.actionBounds), sensitivity);
      force[2 * i] = ux;
      force[2 * i + 1] = uy;
    }
    const distMin = agentSize + agentSize;
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const dx = (this.agentPos[2 * a] as number) - (this.agentPos[2 * b] as number);
        const dy = (this.agentPos[2 * a + 1] as number) - (this.agentPos[2 * b + 1] as number);
        const [fx, fy] = contactForce(dx, dy, distMin, stiffness, contactMargin);
        force[2 * a] = fx + (force[2 * a] as number);
        force[2 * a + 1] = fy + (force[2 * a + 1] as number);
        force[2 * b] = -fx + (force[2 * b] as number);
        force[2 * b + 1] = -fy + (force[2 * b + 1] as number);
      }
    }
    // Integration (core.py integrate_state): damp, accelerate, then move with the NEW velocity.
    for (let k = 0; k < 2 * n; k++) {
      let v = (this.agentVel[k] as number) * (1 - damping);
      v += ((force[k] as number) / mass) * dt;
      this.agentVel[k] = v;
      this.agentPos[k] = (this.agentPos[k] as number) + v * dt;
    }

    const truncated = this.episode.finishStep(false); // MPE never terminates
    const r = simpleSpreadRewards(this.agentPos, this.landmarkPos, this.config.variant, this.config.localRatio);
    return {
      obs: agentRecord(acting, (_, i) => this.observeIndex(i)),
      rewards: agentRecord(acting, (_, i) => r.rewards[i] as number),
      terminations: agentRecord(acting, () => false),
      truncations: agentRecord(acting, () => truncated),
      infos: agentRecord(acting, (_, i): Info => ({
        minDistSum: r.minDistSum,
        collisions: r.collisions[i] as number,
        occupiedLandmarks: r.occupiedLandmarks,
      } satisfies SimpleSpreadInfo)),
    };
  }

  /** The current observation of `agent` (a fresh array; layout in the file header); throws before the first reset/setState. */
  observe(agent: string): Float64Array {
    const i = this.agentIndex(agent, 'observe');
    if (!this.hasState) throw new Error(`${this.id}.observe: call reset() or setState() before observe()`);
    return this.observeIndex(i);
  }

  getState(): SimpleSpreadState {
    return {
      id: this.id,
      numAgents: this.n,
      agentPos: Array.from(this.agentPos),
      agentVel: Array.from(this.agentVel),
      landmarkPos: Array.from(this.landmarkPos),
      ...this.episode.toJSON(),
    };
  }

  setState(state: SimpleSpreadState): void {
    const owner = `${this.id}.setState`;
    const s = record(owner, 'state', state);
    if (s['id'] !== this.id) fail(owner, 'state.id', JSON.stringify(this.id), s['id']);
    integerIn(owner, 'state.numAgents', s['numAgents'], this.n, this.n);
    const agentPos = finiteVector(owner, 'state.agentPos', s['agentPos'], 2 * this.n);
    const agentVel = finiteVector(owner, 'state.agentVel', s['agentVel'], 2 * this.n);
    const landmarkPos = finiteVector(owner, 'state.landmarkPos', s['landmarkPos'], 2 * this.n);
    this.episode.restore(owner, s); // validates steps, status and rng before changing anything
    // Everything validated; now apply.
    this.agentPos.set(agentPos);
    this.agentVel.set(agentVel);
    this.landmarkPos.set(landmarkPos);
    this.hasState = true;
  }

  private agentIndex(agent: string, method: string): number {
    const i = this.possibleAgents.indexOf(agent);
    if (i < 0) {
      throw new RangeError(`${this.id}.${method}: unknown agent ${JSON.stringify(agent)}; agents are ${this.possibleAgents.join(', ')}`);
    }
    return i;
  }

  /** [v_i, p_i, landmarks − p_i, other agents − p_i, comm of other agents (zeros)]. */
  private observeIndex(i: number): Float64Array {
    const n = this.n;
    const out = new Float64Array(this.obsSpace.size); // comm slots stay 0: agents are silent
    const px = this.agentPos[2 * i] as number;
    const py = this.agentPos[2 * i + 1] as number;
    out[0] = this.agentVel[2 * i] as number;
    out[1] = this.agentVel[2 * i + 1] as number;
    out[2] = px;
    out[3] = py;
    let k = 4;
    for (let j = 0; j < n; j++) {
      out[k++] = (this.landmarkPos[2 * j] as number) - px;
      out[k++] = (this.landmarkPos[2 * j + 1] as number) - py;
    }
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      out[k++] = (this.agentPos[2 * j] as number) - px;
      out[k++] = (this.agentPos[2 * j + 1] as number) - py;
    }
    return out;
  }
}

function finiteVector(owner: string, field: string, value: unknown, length: number): Float64Array {
  const range = `an array of ${length} finite numbers`;
  if (!Array.isArray(value)) fail(owner, field, range, value, true);
  if (value.length !== length) fail(owner, field, range, value);
  const out = new Float64Array(length);
  value.forEach((v: unknown, i) => {
    out[i] = finiteWhere(owner, `${field}[${i}]`, v, 'a finite number');
  });
  return out;
}

/** Validate a partial config against `SIMPLE_SPREAD_DEFAULTS`; errors name the field and its allowed range. */
export function resolveSimpleSpreadConfig(partial: Partial<SimpleSpreadConfig>): SimpleSpreadConfig {
  const owner = SIMPLE_SPREAD_ID;
  noUnknownKeys(owner, 'config', record(owner, 'config', partial), Object.keys(SIMPLE_SPREAD_DEFAULTS));
  const c = { ...SIMPLE_SPREAD_DEFAULTS, ...partial };
  const continuous: unknown = c.continuous;
  if (typeof continuous !== 'boolean') fail(owner, 'continuous', 'true or false', continuous, true);
  const variant: unknown = c.variant;
  if (variant !== 'original' && variant !== 'pettingzoo') fail(owner, 'variant', '"original" or "pettingzoo"', variant, typeof variant !== 'string');
  return {
    numAgents: integerIn(owner, 'numAgents', c.numAgents, 1, 16),
    maxEpisodeSteps: integerIn(owner, 'maxEpisodeSteps', c.maxEpisodeSteps, 1, 2 ** 31 - 1),
    continuous,
    variant,
    localRatio: finiteWhere(owner, 'localRatio', c.localRatio, 'a finite number in [0, 1]', (v) => v >= 0 && v <= 1),
    seed: integerIn(owner, 'seed', c.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    actionBounds: checkActionBounds(owner, c.actionBounds),
  };
}

/** Create a simple_spread env (`new SimpleSpreadEnv(config)`). */
export function simpleSpread(config: Partial<SimpleSpreadConfig> = {}): SimpleSpreadEnv {
  return new SimpleSpreadEnv(config);
}
