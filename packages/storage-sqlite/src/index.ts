// Public API of @parley/storage-sqlite.
export {};
