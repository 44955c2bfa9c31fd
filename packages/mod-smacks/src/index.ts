// Public API of @parley/mod-smacks.
export { DEFAULT_SMACKS_CONFIG, type SmacksConfig, readSmacksConfig } from "./config";
export { H_MODULUS, addH, distanceH, parseH } from "./counter";
export { HandledCountTooHighError, SmacksConfigError, SmacksProtocolError } from "./errors";
export { SMACKS_FILTER_PRIORITY, smacksModule } from "./smacks";
