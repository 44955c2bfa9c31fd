// A Parley test server for the CLI tests, and the flags that point the CLI at it.
import { type TestServer, type TestServerOptions, startTestServer } from "@parley/server/testing";

export interface CliServer {
  t: TestServer;
  /** STARTTLS on the c2s port, self-signed certificate accepted. */
  flags: string[];
  /** Account flags for `local`. */
  as(local: string, password?: string): string[];
}

export async function cliServer(options: TestServerOptions = {}): Promise<CliServer> {
  const t = await startTestServer(options);
  return {
    t,
    flags: ["--host", "127.0.0.1", "--port", String(t.ports.c2s), "--insecure", "--timeout", "10"],
    as: (local, password = "password") => ["--jid", `${local}@${t.domain}`, "--password", password],
  };
}
