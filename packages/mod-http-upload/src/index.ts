// Public API of @parley/mod-http-upload.
export { UPLOAD_DEFAULTS, UPLOAD_PATH, type UploadConfig, readUploadConfig } from "./config";
export { UploadBodyError, UploadConfigError } from "./errors";
export { contentDisposition, mediaTypeOf, sanitizeFilename } from "./filename";
export { httpUploadModule } from "./upload";
