// Service domains and HTTP handlers that modules add (module-api.ts: addComponent,
// addHttpHandler): `conference.<domain>` for MUC (XEP-0045), `upload.<domain>` for HTTP upload
// (XEP-0363), host-meta (XEP-0156) on the HTTP listener.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ComponentHandler, HttpHandler, Logger } from "../module-api";

export class Services {
  readonly components = new Map<string, ComponentHandler>();
  private readonly http: { prefix: string; handler: HttpHandler }[] = [];

  addComponent(domain: string, handler: ComponentHandler): void {
    if (this.components.has(domain))
      throw new Error(`component domain ${domain} is already served`);
    this.components.set(domain, handler);
  }

  addHttpHandler(prefix: string, handler: HttpHandler): void {
    if (!prefix.startsWith("/")) throw new Error(`HTTP path prefix must start with "/": ${prefix}`);
    this.http.push({ prefix, handler });
    // Longest prefix first, so /upload/x beats /upload.
    this.http.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** Runs the handler of the longest matching prefix; false when none matches. */
  async handleHttp(req: IncomingMessage, res: ServerResponse, log: Logger): Promise<boolean> {
    const path = (req.url ?? "/").split("?")[0]!;
    const match = this.http.find(
      (h) =>
        path === h.prefix || path.startsWith(h.prefix.endsWith("/") ? h.prefix : `${h.prefix}/`),
    );
    if (!match) return false;
    try {
      await match.handler(req, res);
    } catch (error) {
      log.error("HTTP handler failed", {
        path,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal server error\n");
    }
    return true;
  }
}
