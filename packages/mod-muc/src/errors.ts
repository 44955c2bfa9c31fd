// Typed errors of @parley/mod-muc (protocol errors are StanzaError from @parley/stanza).

/** The `modules.muc` config section is invalid; thrown from setup(), so the server won't start. */
export class MucConfigError extends Error {
  override readonly name = "MucConfigError";
}

/** A stored room record could not be read; the room is skipped at load (and logged). */
export class MucStoredRoomError extends Error {
  override readonly name = "MucStoredRoomError";
}
