// Typed errors of @parley/mod-bookmarks. Protocol errors are StanzaErrors of @parley/stanza.

/** Stored private XML that should hold `<storage xmlns='storage:bookmarks'/>` does not parse. */
export class BookmarksStorageError extends Error {
  override readonly name = "BookmarksStorageError";
}
