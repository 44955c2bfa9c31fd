// Public API of @parley/mod-bookmarks.
export {};
