// Public API of @parley/mod-muc.
export {};
