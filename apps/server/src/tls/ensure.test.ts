import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate";
import { loadOrCreateTls } from "./ensure";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "parley-tls-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (env: Record<string, string> = {}) => validateConfig({ raw: {}, env, cwd: dir });

describe("loadOrCreateTls", () => {
  it("makes a self-signed pair in data/tls on first start, private key 0600, then reuses it", async () => {
    const first = await loadOrCreateTls(config());
    expect(first.generated).toBe("first start");
    expect(readFileSync(join(dir, "data/tls/localhost.crt"), "utf8")).toBe(first.cert);
    expect(statSync(join(dir, "data/tls/localhost.key")).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateTls(config());
    expect(again.generated).toBeUndefined();
    expect(again.cert).toBe(first.cert);
  });

  it("makes a new one when the domains change or it is about to expire", async () => {
    const first = await loadOrCreateTls(config());
    const moved = await loadOrCreateTls(config({ PARLEY_DOMAIN: "localhost,example.net" }));
    expect(moved.generated).toMatch(/does not cover the domain example.net/);
    expect(new X509Certificate(moved.cert).checkHost("example.net")).toBe("example.net");
    expect(moved.cert).not.toBe(first.cert);
    const late = await loadOrCreateTls(
      config({ PARLEY_DOMAIN: "localhost,example.net" }),
      new Date(Date.now() + 350 * 86_400_000),
    );
    expect(late.generated).toMatch(/expires in \d+ days/);
  });

  it("reads configured files and names the key of one it cannot read", async () => {
    const made = await loadOrCreateTls(config());
    writeFileSync(join(dir, "c.pem"), made.cert);
    writeFileSync(join(dir, "k.pem"), made.key);
    const own = await loadOrCreateTls(
      config({ PARLEY_TLS_CERT: "c.pem", PARLEY_TLS_KEY: "k.pem" }),
    );
    expect(own).toEqual({ cert: made.cert, key: made.key });
    await expect(
      loadOrCreateTls(config({ PARLEY_TLS_CERT: "c.pem", PARLEY_TLS_KEY: "missing.pem" })),
    ).rejects.toThrow(/^config: tls.key: cannot read .*missing.pem \(ENOENT\)$/);
  });
});
