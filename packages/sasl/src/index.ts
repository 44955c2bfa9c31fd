// Public API of @parley/sasl: SASL mechanisms for XMPP, client and server side, bytes in and
// bytes out (the RFC 6120 §6 XML wrapping belongs to the caller).
export { decodeBase64, decodeSaslPayload, encodeBase64, encodeSaslPayload } from "./base64.js";
export { type ClientMechanismOptions, createClientMechanism } from "./client.js";
export { type SaslCondition, SaslError } from "./errors.js";
export {
  type DeriveOptions,
  DEFAULT_ITERATIONS,
  MIN_ITERATIONS,
  deriveAllCredentials,
  deriveScramCredentials,
} from "./scram/credentials.js";
export { type MechanismChoice, type SelectOptions, selectClientMechanism } from "./select.js";
export { createServerMechanism, serverMechanismNames } from "./server.js";
export type {
  ChannelBindingType,
  ClientMechanism,
  FakeCredentialsOptions,
  MechanismName,
  ScramCredentials,
  ScramHash,
  ScramMechanismName,
  ServerMechanism,
  ServerMechanismContext,
  ServerPolicy,
  ServerStep,
  StoredCredentials,
} from "./types.js";
