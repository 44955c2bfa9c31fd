// Public API of @parley/mod-extdisco.
export {};
