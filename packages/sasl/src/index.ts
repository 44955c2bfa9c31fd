// Public API of @parley/sasl.
export {};
