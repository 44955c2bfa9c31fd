// Public API of @parley/stanza.
export type { Address, CommonInit } from "./address";
export {
  isStanzaErrorCondition,
  isStanzaErrorType,
  isStreamErrorCondition,
  STANZA_ERROR_CONDITIONS,
  STANZA_ERROR_DEFAULT_TYPES,
  STANZA_ERROR_TYPES,
  STREAM_ERROR_CONDITIONS,
} from "./conditions";
export type { StanzaErrorCondition, StanzaErrorType, StreamErrorCondition } from "./conditions";
export {
  capsAcceptable,
  capsHash,
  capsInput,
  capsInputOf,
  capsVerifies,
  discoInfoContent,
} from "./caps";
export type { CapsForm, CapsIdentity, DiscoInfoContent } from "./caps";
export { StanzaError, StreamError } from "./errors";
export type { StanzaErrorOptions, StreamErrorOptions } from "./errors";
export { generateId } from "./id";
export { IQ_TYPES, IqView, iq } from "./iq";
export type { IqInit, IqType } from "./iq";
export { MESSAGE_TYPES, MessageView, message } from "./message";
export type { MessageInit, MessageType } from "./message";
export { NS } from "./ns";
export type { Namespace } from "./ns";
export { PRESENCE_TYPES, PresenceView, SHOW_VALUES, presence } from "./presence";
export type { PresenceInit, PresenceType, Show } from "./presence";
export { errorReply, iqError, iqResult, messageError, presenceError } from "./reply";
export type { ErrorReplyOptions } from "./reply";
export { StanzaView } from "./stanza";
export type { StanzaKind } from "./stanza";
export { isStanza, viewOf } from "./view";
export type { AnyStanzaView } from "./view";
