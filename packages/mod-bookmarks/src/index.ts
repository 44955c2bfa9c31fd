// Public API of @parley/mod-bookmarks.
export { BookmarksStorageError } from "./errors";
export { fromLegacy, legacyUrls, toLegacy } from "./convert";
export { BOOKMARKS, COMPAT, COMPAT_PEP, LEGACY } from "./ns";
export { bookmarksModule } from "./module";
