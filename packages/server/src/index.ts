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
  StanzaKind,
  StreamControl,
  StreamFeaturesEvent,
  TransportKind,
  UnauthenticatedIqEvent,
} from "./module-api";
export { builtinModules, createServer } from "./server";
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
