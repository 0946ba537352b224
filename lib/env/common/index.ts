// Public surface of lib/env/common: the MEC building blocks shared by papers 01–05 (spec 00 §2).
// Every export is a small pure function (or a tiny data structure) whose TSDoc cites the paper and
// equation, the units and the valid ranges. Imports only lib/random.

export {
  dbmToWatts,
  wattsToDbm,
  dbToLinear,
  linearToDb,
  noisePowerW,
  kiloBytesToBits,
  megaBytesToBits,
  gigaHertzToCyclesPerSecond,
  megaHertzToCyclesPerSecond,
  megaHertzToHertz,
  gigaCyclesToCycles,
  megaCyclesToCycles,
  joulesPerGigaCycleToJoulesPerCycle,
} from './units.js';
export type { KiloByteBits } from './units.js';

export {
  okumuraHataPathLossDb,
  logDistancePathLossDb,
  macro3gppPathLossDb,
  gainFromPathLossDb,
  powerLawGain,
  inverseDistanceGain,
  minDistanceGuard,
} from './pathLoss.js';

export {
  rayleighPowerGain,
  fillRayleighPowerGains,
  rayleighMeanPowerFromScale,
  fillComplexGaussian,
  complexGaussianVector,
} from './fading.js';

export {
  IDLE_CHANNEL,
  sinr,
  spectralEfficiency,
  shannonRate,
  coChannelInterference,
  interferencePerChannel,
  sinrSuccess,
} from './rate.js';

export {
  computeDelay,
  perCycleEnergy,
  dynamicPowerEnergy,
  workloadEnergy,
  powerTimeEnergy,
  transmissionTime,
  transmissionEnergy,
} from './compute.js';

export {
  fcfsOrder,
  edgeQueueTimesPaper,
  edgeQueueTimesEvent,
  loadFactor,
  drainBacklog,
  eventBacklogAfterStep,
  waitingTimeToStart,
  createTaskBuffer,
} from './queue.js';
export type { FcfsTimes, FcfsEventTimes, BufferedTask, TaskBuffer } from './queue.js';

export {
  updateBattery,
  rfHarvestPower,
  rfHarvestEnergy,
  rfHarvestEnergyFromOtherSlots,
  energyPacketHarvest,
} from './battery.js';
export type { HarvestPer } from './battery.js';

export {
  BEAM_NORM_FLOOR,
  complexVector,
  complexVectorFrom,
  squaredNorm,
  innerProduct,
  beamGain,
  scaleComplexVector,
  normalizeComplexVector,
  decodeBeam,
  decodeBeams,
} from './multiAntenna.js';
export type { Complex, ComplexVector, BeamLayout } from './multiAntenna.js';

export {
  NO_CHANNEL,
  ratioFromSigmoid,
  ratioFromTanh,
  indexFromUnit,
  binaryFromTanh,
  binaryFromUnit,
  snapAlpha,
  powerWithFloor,
  normalizeShares,
  greedyChannelMatching,
  indexChannelMatching,
} from './decoders.js';
export type { ShareMode, ShareOptions, ScoreLayout } from './decoders.js';
