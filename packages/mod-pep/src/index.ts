// Public API of @parley/mod-pep.
export { DEFAULT_PEP_CONFIG, type PepConfig, readPepConfig } from "./config";
export { PepConfigError, pubsubCondition, pubsubError } from "./errors";
export {
  type AccountFeatureEvent,
  type DeleteNodeEvent,
  type ItemsEvent,
  PEP_EVENTS,
  type PepApi,
  type PepChange,
  type PepItem,
  type PublishEvent,
  type PublishOptions,
  type RetractEvent,
  pepApi,
} from "./events";
export { capsString, readCaps, type CapsRef } from "./caps";
export { type AccessModel, type NodeConfig, defaultNodeConfig } from "./node-config";
export { ITEMS_STORE, NODES_STORE } from "./store";
export { pepModule } from "./module";
export { VCARD_SOURCE } from "./pep-to-vcard";
export { PEP_VCARD_CONVERSION } from "./ns";
