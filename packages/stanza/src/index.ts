// Public API of @parley/stanza.
export {};
