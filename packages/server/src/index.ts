// Public API of @parley/server.
export { EventBus } from "./events";
export type { Handler } from "./events";
export { defineModule } from "./module-api";
export type {
  Destination,
  DiscoIdentity,
  IqAnswer,
  IqHandler,
  Logger,
  ModuleContext,
  ModuleDefinition,
  Session,
  SessionClosedEvent,
  SessionEvent,
  StanzaEvent,
  StanzaKind,
  StreamFeaturesEvent,
  TransportKind,
  UnauthenticatedIqEvent,
} from "./module-api";
