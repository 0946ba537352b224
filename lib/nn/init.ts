// Weight initialisers for dense layers. Each draws from the rng it is given, weights first
// (row-major over W [in, out]) then bias, so a network's initial values are a pure function of
// (sizes, init, rng state). Distributions, with fan_in = in, fan_out = out:
//   'pytorch' — torch.nn.Linear's default: W and b ~ U(−1/√fan_in, 1/√fan_in)
//               (kaiming_uniform_(a=√5) reduces to this bound).
//   'xavier'  — Glorot & Bengio (2010) uniform: W ~ U(±√(6/(fan_in+fan_out))), b = 0.
//   'he'      — He et al. (2015) normal, fan_in mode, ReLU gain: W ~ N(0, 2/fan_in), b = 0.
//   { uniform: s } — W and b ~ U(−s, s); DDPG's final layer uses s = 3e-3 (Lillicrap et al. 2016, §7).
// Uniforms come from lib/random's `fillUniform` ([lo, hi), one double each); normals from `fillNormal`.

import { fillNormal, fillUniform, type Rng } from '../random/index.js';
import type { ParameterInit } from './module.js';
import { checkNumber, fail } from './validate.js';

/** How a dense layer's weight and bias are initialised (see the file header for each scheme). */
export type Init = 'pytorch' | 'xavier' | 'he' | { readonly uniform: number };

/** The named schemes. */
export const INIT_SCHEMES: readonly ('pytorch' | 'xavier' | 'he')[] = ['pytorch', 'xavier', 'he'];

/** Validates an `Init` value, naming `field` in the error. */
export function checkInit(fn: string, field: string, init: unknown): Init {
  if (typeof init === 'string' && (INIT_SCHEMES as readonly string[]).includes(init)) return init as Init;
  if (typeof init === 'object' && init !== null && 'uniform' in init) {
    checkNumber(fn, `${field}.uniform`, (init as { uniform: unknown }).uniform, 'a finite number >= 0', (x) => Number.isFinite(x) && x >= 0);
    return init as Init;
  }
  return fail(fn, field, `one of ${INIT_SCHEMES.map((s) => `'${s}'`).join(', ')} or { uniform: bound }`, init, typeof init !== 'string');
}

/** Fills a weight block W [fanIn, fanOut]. */
export function weightInit(init: Init, fanIn: number, fanOut: number, rng: Rng): ParameterInit {
  return (w) => {
    if (init === 'pytorch') {
      const bound = 1 / Math.sqrt(fanIn);
      fillUniform(rng, w, -bound, bound);
    } else if (init === 'xavier') {
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      fillUniform(rng, w, -bound, bound);
    } else if (init === 'he') {
      fillNormal(rng, w, 0, Math.sqrt(2 / fanIn));
    } else {
      fillUniform(rng, w, -init.uniform, init.uniform);
    }
  };
}

/** Fills a bias block b [fanOut] (zeros for 'xavier' and 'he', drawing nothing). */
export function biasInit(init: Init, fanIn: number, rng: Rng): ParameterInit {
  return (b) => {
    if (init === 'pytorch') {
      const bound = 1 / Math.sqrt(fanIn);
      fillUniform(rng, b, -bound, bound);
    } else if (typeof init === 'object') {
      fillUniform(rng, b, -init.uniform, init.uniform);
    }
  };
}
