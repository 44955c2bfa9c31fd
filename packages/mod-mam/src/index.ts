// Public API of @parley/mod-mam.
export {};
