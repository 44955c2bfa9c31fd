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

/**
 * A handler of `event` failed (not with a StanzaError) and no later handler answered. The failure
 * was already logged and counted when it happened (events.ts); `cause` is the original error.
 */
export class EventHandlerError extends Error {
  override readonly name = "EventHandlerError";
  constructor(
    readonly event: string,
    cause: unknown,
  ) {
    super(
      `a handler of "${event}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** An error's stack (or message), for log records. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
