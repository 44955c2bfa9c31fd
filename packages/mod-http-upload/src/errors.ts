// Typed errors of @parley/mod-http-upload (protocol errors are StanzaError from @parley/stanza;
// HTTP failures are answered with a status code, see http.ts).

/** The `modules.http_upload` config section is invalid; thrown from setup(), so the server won't start. */
export class UploadConfigError extends Error {
  override readonly name = "UploadConfigError";
}

/**
 * A PUT body was refused while it was read (more bytes than the slot allows, or fewer than
 * announced). `status` is the HTTP status the upload gets.
 */
export class UploadBodyError extends Error {
  override readonly name = "UploadBodyError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
