// Public API of @parley/mod-ping.
export {};
