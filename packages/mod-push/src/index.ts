// Public API of @parley/mod-push.
export {};
