// Typed errors of @parley/mod-ping (protocol errors are StanzaError / StreamError).

/** The `modules.ping` config section is invalid; thrown from setup(), so the server won't start. */
export class PingConfigError extends Error {
  override readonly name = "PingConfigError";
}
