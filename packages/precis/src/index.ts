// Public API of @parley/precis.
export {};
