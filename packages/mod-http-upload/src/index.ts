// Public API of @parley/mod-http-upload.
export {};
