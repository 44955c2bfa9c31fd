// Errors of the listening servers themselves: an accept() that fails (EMFILE, ENFILE when the
// process or the system is out of file descriptors), and TLS handshakes that fail before a
// stream exists. Each is counted; the log gets a rate-limited line (refusal-log.ts).
import type { Server as NetServer } from "node:net";
import type { RefusalLog } from "./refusal-log";

export function watchListenerErrors(server: NetServer, what: string, refusals: RefusalLog): void {
  server.on("error", (error: NodeJS.ErrnoException) => {
    const code = error.code ?? "unknown";
    refusals.record(
      `listener.errors.${code}`,
      `${what} listener error`,
      { code, error: error.message },
      "error",
    );
  });
  // A failed handshake concerns that client only (an old client, a port scanner, a connection
  // refused by the limits): counted, logged at info.
  server.on("tlsClientError", (error: NodeJS.ErrnoException) => {
    refusals.record(
      "listener.tls-client-errors",
      `${what}: TLS handshake failed`,
      { code: error.code, error: error.message },
      "info",
    );
  });
}
