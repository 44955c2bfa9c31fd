// Public API of @parley/jid.
export {};
