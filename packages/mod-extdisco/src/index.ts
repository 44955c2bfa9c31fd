// Public API of @parley/mod-extdisco.
export {
  DEFAULT_TTL,
  type ExternalService,
  type ExtdiscoConfig,
  readExtdiscoConfig,
} from "./config";
export { type TurnCredentials, turnRestCredentials } from "./credentials";
export { ExtdiscoConfigError } from "./errors";
export { extdiscoModule } from "./extdisco";
export { HOST_META_PATH, REL_BOSH, REL_WEBSOCKET, hostMetaJson, hostMetaXrd } from "./host-meta";
export { NS_EXTDISCO } from "./services";
