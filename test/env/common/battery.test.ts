// Batteries with energy harvesting (03, 05), by hand.
import { describe, expect, it } from 'vitest';
import {
  updateBattery,
  rfHarvestPower,
  rfHarvestEnergy,
  rfHarvestEnergyFromOtherSlots,
  energyPacketHarvest,
  type HarvestPer,
} from '../../../lib/env/common/index.js';
import { expectRel } from './helpers.js';

describe('b ← min(max(b + harvest − spend, 0), b_max)', () => {
  it('clips at capacity, at zero, and passes values in between (05 eqs. 8–11)', () => {
    // 100 + 40 − 13.31 = 126.69 > 120 ⇒ 120
    expect(updateBattery(100, 40, 13.31, 120)).toBe(120);
    // 10 + 0 − 20 = −10 < 0 ⇒ 0 (a task that needs more than the battery)
    expect(updateBattery(10, 0, 20, 120)).toBe(0);
    // 50 + 40 − 55 = 35
    expect(updateBattery(50, 40, 55, 120)).toBe(35);
    // idle ED (eq. 8): spend 0 ⇒ min(b + e_t, b_max) = min(70 + 40, 120) = 110
    expect(updateBattery(70, 40, 0, 120)).toBe(110);
  });

  it('harvest in the same step funds spending (03 §2.4 step 4)', () => {
    // E = 2e−4, harvest 5.4e−4, spend 7e−4 ⇒ 2e−4 + 5.4e−4 − 7e−4 = 4e−5 J (cap 1e−3)
    expectRel(updateBattery(2e-4, 5.4e-4, 7e-4, 1e-3), 4e-5, 1e-9);
  });
});

describe('RF harvesting η·p·|h^H w|²·t (03)', () => {
  it('power and energy', () => {
    // η = 0.6, p = 1 W, |h^H w|² = 5e−4 ⇒ 3e−4 W; over t_b = 0.5 s ⇒ 1.5e−4 J
    expectRel(rfHarvestPower(0.6, 1, 5e-4), 3e-4, 1e-12);
    expectRel(rfHarvestEnergy(0.6, 1, 5e-4, 0.5), 1.5e-4, 1e-12);
  });

  it('eq. (8): user j harvests only in the other users’ passive sub-slots', () => {
    // j = 1, t_b = [0.5, 0.9, 0.2] s, |h_1^H w_i|² = [1e−3, 5, 2e−3]:
    // E = 0.6 · 1 W · (0.5·1e−3 + 0.2·2e−3) = 0.6 · 9e−4 = 5.4e−4 J (own slot i = 1 excluded)
    expectRel(rfHarvestEnergyFromOtherSlots(1, 0.6, 1, [0.5, 0.9, 0.2], [1e-3, 5, 2e-3]), 5.4e-4, 1e-12);
  });
});

describe('fixed energy packets e_t (05)', () => {
  it("'subSlot' (literal eq. 8): e_t every sub-slot; 'slot': only when t mod T = 0", () => {
    expect([0, 1, 2, 3, 4].map((t) => energyPacketHarvest(40, t, 4))).toEqual([40, 40, 40, 40, 40]);
    expect([0, 1, 2, 3, 4, 5].map((t) => energyPacketHarvest(40, t, 4, 'slot'))).toEqual([40, 0, 0, 0, 40, 0]);
  });
});

describe('argument errors', () => {
  it.each([
    [() => updateBattery(130, 0, 0, 120), /^updateBattery: levelJ must be a number in \[0, 120\], got 130$/],
    [() => updateBattery(10, -1, 0, 120), /^updateBattery: harvestJ must be a finite number >= 0, got -1$/],
    [() => updateBattery(10, 0, 0, 0), /^updateBattery: capacityJ must be a finite number > 0, got 0$/],
    [() => rfHarvestPower(1.2, 1, 1), /^rfHarvestPower: efficiency must be a number in \[0, 1\], got 1.2$/],
    [() => rfHarvestEnergy(0.6, 1, 1, -1), /^rfHarvestEnergy: durationS must be a finite number >= 0, got -1$/],
    [() => rfHarvestEnergyFromOtherSlots(3, 0.6, 1, [1, 1, 1], [1, 1, 1]), /^rfHarvestEnergyFromOtherSlots: user must be an integer in \[0, 2\], got 3$/],
    [() => energyPacketHarvest(40, 1, 0), /^energyPacketHarvest: subSlotsPerSlot must be an integer in \[1, 9007199254740991\], got 0$/],
    [() => energyPacketHarvest(40, 1, 4, 'frame' as HarvestPer), /^energyPacketHarvest: harvestPer must be 'subSlot' or 'slot', got "frame"$/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
