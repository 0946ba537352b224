// Batteries with energy harvesting (spec 00 §2): the clipped update shared by papers 03 and 05,
// RF harvesting from the AP's beams (03), and fixed energy packets (05). Units: J, W, s.

import { arrayLike, fail, inRange, integerIn, nonNegative, positive } from './validate.js';

/**
 * Battery update `b ← min(max(b + harvest − spend, 0), b_max)` in J. 05 eqs. (8)–(11) (harvest
 * `e_t`, spend the task's charged energy; idle ⇒ spend 0), 03 §2.4 step 4 (harvest `E_j^h` of eq. 8,
 * spend `t_a·p_a + φ_c·ℓ_c`). Harvest and spend are applied together, then clipped (so energy
 * harvested in the step can fund the step's spending).
 * Example: b = 100, harvest 40, spend 13.31, b_max = 120 ⇒ min(126.69, 120) = 120 J.
 *
 * @param levelJ - current level b, in [0, capacityJ].
 * @param harvestJ - energy harvested this step, finite and >= 0.
 * @param spendJ - energy charged this step, finite and >= 0.
 * @param capacityJ - capacity b_max, finite and > 0.
 * @returns the new level, in [0, capacityJ].
 */
export function updateBattery(levelJ: number, harvestJ: number, spendJ: number, capacityJ: number): number {
  positive('updateBattery', 'capacityJ', capacityJ);
  inRange('updateBattery', 'levelJ', levelJ, 0, capacityJ);
  nonNegative('updateBattery', 'harvestJ', harvestJ);
  nonNegative('updateBattery', 'spendJ', spendJ);
  const b = levelJ + harvestJ - spendJ;
  return b <= 0 ? 0 : b >= capacityJ ? capacityJ : b;
}

/**
 * RF harvested power `p^h = η·p·|h^H w|²` in W (03 §2.1, harvested power of user j in slot i).
 *
 * @param efficiency - conversion efficiency η, in [0, 1] (03: 0.6).
 * @param apPowerW - AP carrier power p in W, finite and >= 0.
 * @param beamGain - `|h_j^H w_i|²` (linear), finite and >= 0 (see `multiAntenna.beamGain`).
 */
export function rfHarvestPower(efficiency: number, apPowerW: number, beamGain: number): number {
  inRange('rfHarvestPower', 'efficiency', efficiency, 0, 1);
  nonNegative('rfHarvestPower', 'apPowerW', apPowerW);
  nonNegative('rfHarvestPower', 'beamGain', beamGain);
  return efficiency * apPowerW * beamGain;
}

/**
 * RF harvested energy `η·p·|h^H w|²·t` in J (03, one term of eq. 8).
 * Example: η = 0.6, p = 1 W, gain 5e−4, t = 0.5 s ⇒ 1.5e−4 J.
 *
 * @param efficiency - η, in [0, 1].
 * @param apPowerW - p in W, finite and >= 0.
 * @param beamGain - `|h^H w|²`, finite and >= 0.
 * @param durationS - harvesting time t in s (03: the other user's passive sub-slot t_b), finite and >= 0.
 */
export function rfHarvestEnergy(efficiency: number, apPowerW: number, beamGain: number, durationS: number): number {
  nonNegative('rfHarvestEnergy', 'durationS', durationS);
  return rfHarvestPower(efficiency, apPowerW, beamGain) * durationS;
}

/**
 * Energy user j harvests in one frame, 03 eq. (8): `E_j^h = η·Σ_{i≠j} p·t_{b,i}·|h_j^H w_i|²` — from
 * every other user's passive sub-slot, never its own ([R] A13).
 *
 * @param user - j, an index into the arrays.
 * @param efficiency - η, in [0, 1].
 * @param apPowerW - p in W, finite and >= 0.
 * @param passiveTimesS - per user i, passive sub-slot t_{b,i} in s (>= 0).
 * @param beamGainsToUser - per user i, `|h_j^H w_i|²` (>= 0), same length.
 */
export function rfHarvestEnergyFromOtherSlots(
  user: number,
  efficiency: number,
  apPowerW: number,
  passiveTimesS: ArrayLike<number>,
  beamGainsToUser: ArrayLike<number>,
): number {
  const fn = 'rfHarvestEnergyFromOtherSlots';
  arrayLike(fn, 'passiveTimesS', passiveTimesS);
  arrayLike(fn, 'beamGainsToUser', beamGainsToUser, passiveTimesS.length);
  integerIn(fn, 'user', user, 0, passiveTimesS.length - 1);
  inRange(fn, 'efficiency', efficiency, 0, 1);
  nonNegative(fn, 'apPowerW', apPowerW);
  let s = 0;
  for (let i = 0; i < passiveTimesS.length; i++) {
    if (i === user) continue;
    s += nonNegative(fn, `passiveTimesS[${i}]`, passiveTimesS[i] as number) * nonNegative(fn, `beamGainsToUser[${i}]`, beamGainsToUser[i] as number);
  }
  return efficiency * apPowerW * s;
}

/** When paper 05's energy packet arrives: every sub-slot (literal eq. 8) or once per time-slot. */
export type HarvestPer = 'subSlot' | 'slot';

/**
 * Fixed energy packet harvested in sub-slot t (05 eq. 8, `e_t`; [R] `harvestPer`, default
 * `subSlot`): `e_t` every sub-slot, or only at time-slot starts (`t mod T = 0`) with `slot`.
 *
 * @param packetJ - e_t in J, finite and >= 0 (05: 40 J).
 * @param subSlotIndex - t, an integer >= 0 (counted from the episode start).
 * @param subSlotsPerSlot - T, an integer >= 1 (05: 4).
 * @param harvestPer - `subSlot` (default) or `slot`.
 * @returns energy harvested in sub-slot t, J.
 */
export function energyPacketHarvest(packetJ: number, subSlotIndex: number, subSlotsPerSlot: number, harvestPer: HarvestPer = 'subSlot'): number {
  const fn = 'energyPacketHarvest';
  nonNegative(fn, 'packetJ', packetJ);
  integerIn(fn, 'subSlotIndex', subSlotIndex, 0, Number.MAX_SAFE_INTEGER);
  integerIn(fn, 'subSlotsPerSlot', subSlotsPerSlot, 1, Number.MAX_SAFE_INTEGER);
  if (harvestPer === 'subSlot') return packetJ;
  if (harvestPer === 'slot') return subSlotIndex % subSlotsPerSlot === 0 ? packetJ : 0;
  return fail(fn, 'harvestPer', "'subSlot' or 'slot'", harvestPer);
}
