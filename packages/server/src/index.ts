// Public API of @parley/server.
export { EventBus } from "./events";
export type { Handler } from "./events";
export { defineModule } from "./module-api";
export type {
  ComponentHandler,
  Destination,
  HttpHandler,
  DiscoIdentity,
  IqAnswer,
  IqHandler,
  Logger,
  ModuleContext,
  ModuleDefinition,
  NonzaEvent,
  NonzaHandler,
  OutboundFilter,
  OutboundHandle,
  ServerSettings,
  Session,
  SessionClosedEvent,
  SessionEvent,
  StanzaEvent,
  StanzaOrigin,
  StanzaKind,
  StreamControl,
  StreamFeaturesEvent,
  TransportKind,
  UnauthenticatedIqEvent,
} from "./module-api";
export { builtinModules, createServer } from "./server";
// RFC 6121 §8.5 delivery rules of the built-in message module, for modules that must know which
// sessions a message reaches (carbons, XEP-0280 §5).
export { availableSessions, messageTargets } from "./modules/im";
// Where built-in modules keep data in `storage.kv`, for modules that bridge to them (XEP-0402's
// private-storage bridge, XEP-0398's vCard conversion).
export { PRIVATE_STORE, privateStorageKey } from "./modules/basic/private-storage";
export { VCARD_KEY, VCARD_STORE } from "./modules/basic/vcard";
export type { XmppServer } from "./server";
export type { DiscoRegistry } from "./core/context";
export type { Metrics } from "./core/metrics";
export { DEFAULT_MECHANISMS, DEFAULT_SCRAM_HASHES, defaultLimits } from "./options";
export type { LimitOptions, ListenerOptions, ResolvedOptions, ServerOptions } from "./options";
export type { BoundAddress, ServerAddresses } from "./listeners";
export { WEBSOCKET_PATH } from "./listeners";
export { IqTimeoutError, ListenError, ServerConfigError } from "./errors";
export { childLogger, createConsoleLogger, silentLogger } from "./logger";
export type { LogLevel } from "./logger";
