// Public API of @parley/mod-smacks.
export {};
