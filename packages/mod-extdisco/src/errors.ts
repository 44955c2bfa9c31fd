// Typed errors of @parley/mod-extdisco (protocol errors are StanzaError from @parley/stanza).

/** The `modules.extdisco` config section is invalid; thrown from setup(), so the server won't start. */
export class ExtdiscoConfigError extends Error {
  override readonly name = "ExtdiscoConfigError";
}
