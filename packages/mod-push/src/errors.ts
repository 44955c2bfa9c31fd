// Typed errors of @parley/mod-push (protocol errors are StanzaError from @parley/stanza).

/** The `modules.push` config section is invalid; thrown from setup(), so the server won't start. */
export class PushConfigError extends Error {
  override readonly name = "PushConfigError";
}
