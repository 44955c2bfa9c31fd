// Public API of @parley/client.
import { Client } from "./client";
import type { ClientOptions } from "./options";
import { connect } from "#transport";

/** A client using this platform's transports (TCP/TLS/WebSocket in Node, WebSocket in browsers). */
export function createClient(options: ClientOptions): Client {
  return new Client({ ...options, connector: options.connector ?? connect });
}

export { Client } from "./client";
export type { ClientEvents, ClientStatus } from "./client";
export type { ClientOptions } from "./options";
export {
  ClientError,
  ConnectionError,
  DisconnectedError,
  NegotiationError,
  TimeoutError,
  TlsError,
} from "./errors";
export type { ClientErrorCondition } from "./errors";
export { SaslError } from "@parley/sasl";
export { StanzaError, StreamError } from "@parley/stanza";
export type { IqContext, IqHandler } from "./iq/callee";
export type { RequestOptions } from "./iq/caller";
export type {
  RosterCache,
  RosterItem,
  RosterPush,
  RosterSnapshot,
  Subscription,
} from "./im/roster";
export type { BackoffOptions } from "./reconnect";
export { backoffDelay } from "./reconnect";
export type {
  ChannelBinding,
  ConnectRequest,
  Connector,
  TlsMode,
  Transport,
  TransportEvents,
} from "./transport/types";
export { disableCarbons, enableCarbons, onCarbon, unwrapCarbon } from "./carbons";
export type { Carbon } from "./carbons";
export { queryArchive, queryArchivePage } from "./mam";
export type { ArchivedMessage, ArchivePage, ArchiveQueryOptions } from "./mam";
