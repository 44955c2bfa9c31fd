// Typed errors of @parley/mod-mam (protocol errors are StanzaError from @parley/stanza).

/** The `modules.mam` config section is invalid; thrown from setup(), so the server won't start. */
export class MamConfigError extends Error {
  override readonly name = "MamConfigError";
}

/** The server's storage has no `archive` store (XEP-0313 needs one); thrown from setup(). */
export class MamStorageError extends Error {
  override readonly name = "MamStorageError";
}
