// Typed errors of @parley/server. Protocol errors use StanzaError / StreamError of @parley/stanza.

/** The server options cannot work (missing certificate, unknown module dependency, …). */
export class ServerConfigError extends Error {
  override readonly name = "ServerConfigError";
}

/** A listener could not be opened (port in use, permission). */
export class ListenError extends Error {
  override readonly name = "ListenError";
}

/** `ctx.request` got no answer in time; the stack is that of the request. */
export class IqTimeoutError extends Error {
  override readonly name = "IqTimeoutError";
  readonly condition = "remote-server-timeout";
}
