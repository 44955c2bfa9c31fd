// The browser build of @parley/client (src/index.ts with the "browser" condition) contains nothing
// from Node, and the guard in build.mjs really rejects Node built-ins.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildBrowserBundle, clientEntry } from "./build.mjs";

const srcDir = fileURLToPath(new URL("../../src", import.meta.url));

describe("browser bundle of @parley/client", () => {
  it("builds from src/index.ts without any Node module or require", async () => {
    const js = await buildBrowserBundle(clientEntry);
    expect(js).not.toContain("node:");
    expect(js).not.toMatch(/\brequire\b/);
    // The Node transports (TCP, TLS, DNS SRV discovery, `ws`) were swapped out by `#transport`.
    expect(js).not.toContain("_xmpp-client._tcp");
    expect(js).not.toContain("_xmpps-client._tcp");
    // …and the browser one is in, with the public API as ESM exports.
    expect(js).toContain("no WebSocket in this runtime");
    expect(js).toMatch(/export\s*\{[^}]*\bcreateClient\b/);
  });

  it.each([
    ['import "node:net";', "node:net"],
    ['import { readFileSync } from "fs"; console.log(readFileSync);', "fs"],
    ['try { require("crypto"); } catch {}', "crypto"],
    ['try { require("stream"); } catch {}', "stream"],
    ['export { connect } from "node:tls";', "node:tls"],
  ])("fails the build on a Node built-in: %s", async (contents, name) => {
    await expect(buildBrowserBundle({ contents, resolveDir: srcDir })).rejects.toThrow(
      `Node built-in "${name}"`,
    );
  });

  it("still builds code that uses only browser globals", async () => {
    const js = await buildBrowserBundle({
      contents: "export const t = new TextEncoder().encode(String(globalThis.WebSocket));",
      resolveDir: srcDir,
    });
    expect(js).toContain("TextEncoder");
  });
});
