// Public API of @parley/mod-pep.
export {};
