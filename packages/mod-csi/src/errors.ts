// Typed errors of @parley/mod-csi.

/** The `modules.csi` config section is invalid; thrown from setup(), so the server won't start. */
export class CsiConfigError extends Error {
  override readonly name = "CsiConfigError";
}
