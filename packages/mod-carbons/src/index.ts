// Public API of @parley/mod-carbons.
export {};
