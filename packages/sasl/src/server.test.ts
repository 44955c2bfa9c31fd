import { describe, expect, it } from "vitest";
import { createServerMechanism, serverMechanismNames } from "./server.js";
import type { ServerMechanismContext } from "./types.js";

const base: ServerMechanismContext = { encrypted: true, lookupCredentials: async () => undefined };

describe("serverMechanismNames", () => {
  it("offers SCRAM always, -PLUS only with binding data, PLAIN only over TLS", () => {
    expect(serverMechanismNames({ encrypted: false })).toEqual([
      "SCRAM-SHA-512",
      "SCRAM-SHA-256",
      "SCRAM-SHA-1",
    ]);
    expect(serverMechanismNames({ encrypted: false, allowPlainWithoutTls: true })).toContain(
      "PLAIN",
    );
    expect(
      serverMechanismNames({
        encrypted: true,
        channelBindings: { "tls-exporter": new Uint8Array([1]) },
        scramHashes: ["SHA-256"],
        anonymousUsername: () => "a",
        verifyExternal: async () => undefined,
      }),
    ).toEqual(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "PLAIN", "EXTERNAL", "ANONYMOUS"]);
  });
});

describe("createServerMechanism", () => {
  it.each([
    ["X-UNKNOWN", base, "invalid-mechanism"],
    ["scram-sha-1", base, "invalid-mechanism"],
    ["SCRAM-SHA-256-PLUS", base, "invalid-mechanism"],
    ["SCRAM-SHA-512", { ...base, scramHashes: ["SHA-256"] as const }, "invalid-mechanism"],
    ["EXTERNAL", base, "invalid-mechanism"],
    ["PLAIN", { ...base, encrypted: false }, "encryption-required"],
  ])("%s not offered → %s", async (name, ctx, condition) => {
    const mechanism = createServerMechanism(name, ctx);
    expect(mechanism.name).toBe(name);
    expect(await mechanism.step(null)).toEqual({ type: "failure", condition });
  });

  it("turns a failing credential store into temporary-auth-failure", async () => {
    const ctx = { ...base, lookupCredentials: () => Promise.reject(new Error("db down")) };
    const step = await createServerMechanism("SCRAM-SHA-1", ctx).step(
      new TextEncoder().encode("n,,n=a,r=b"),
    );
    expect(step).toEqual({ type: "failure", condition: "temporary-auth-failure" });
  });

  it("refuses oversized messages with malformed-request", async () => {
    const step = await createServerMechanism("PLAIN", base).step(new Uint8Array(20_000));
    expect(step).toMatchObject({ type: "failure", condition: "malformed-request" });
  });
});
