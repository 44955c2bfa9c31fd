// Public API of @parley/xml.
export {};
