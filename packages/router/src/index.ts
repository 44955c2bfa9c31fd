// Public API of @parley/router.
export {};
