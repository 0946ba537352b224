// Fixtures of the iot-multi-rat tests: the tiny hand-computable case (2 users, 1 LoRa + 1 WiFi
// sub-channel, 2 power levels per RAT). Round numbers come from the config: path-loss exponent 2 at
// 1000 m (d^−2 = 1e−6), LoRa noise −150 dBm/Hz over 1e5 Hz (1e−13 W), WiFi −140 dBm/Hz over 1e6 Hz (1e−11 W).

import { IotMultiRatEnv, type IotMultiRatConfigInput } from '../../../lib/env/iot-multi-rat/index.js';

export const TINY: IotMultiRatConfigInput = {
  numUsers: 2,
  loraSubchannels: 1,
  wifiSubchannels: 1,
  loraBandwidthHz: 1e5,
  wifiBandwidthHz: 1e6,
  loraNoisePsdDbmPerHz: -150,
  wifiNoisePsdDbmPerHz: -140,
  loraPowerLevelsW: [0.1, 0.2],
  wifiPowerLevelsW: [0.5, 1.0],
  pathLossExponent: 2,
  episodeLength: 10,
};

/** A tiny env with hand-set distances 1000 m, CPUs f_0 = 5e8, f_1 = 1e9, tasks d_0 = 1e6, d_1 = 2e6 and the given |g|² `[g0L, g0W, g1L, g1W]`. */
export function tinyEnv(fading: readonly number[], extra: IotMultiRatConfigInput = {}): IotMultiRatEnv {
  const env = new IotMultiRatEnv({ ...TINY, ...extra });
  env.reset({ seed: 1 });
  env.setState({ ...env.getState(), distances: [1000, 1000], userCpuHz: [5e8, 1e9], fading: [...fading], taskBits: [1e6, 2e6] });
  return env;
}

