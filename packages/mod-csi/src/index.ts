// Public API of @parley/mod-csi.
export {};
