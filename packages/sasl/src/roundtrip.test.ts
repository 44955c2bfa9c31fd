// Our client against our server, for every mechanism and every channel-binding type.
import { describe, expect, it } from "vitest";
import { accounts, contextFor, exchange, utf8 } from "../test/helpers.js";
import { createClientMechanism } from "./client.js";
import { deriveScramCredentials } from "./scram/credentials.js";
import { createServerMechanism } from "./server.js";
import type { ChannelBindingType, ScramHash } from "./types.js";

const store = await accounts({ juliet: "r0m3o!", "user,=x": "pässwörd" });
const hashes: ScramHash[] = ["SHA-1", "SHA-256", "SHA-512"];
const bindingTypes: ChannelBindingType[] = ["tls-exporter", "tls-server-end-point", "tls-unique"];
const bindings = {
  "tls-exporter": utf8("exporter-bytes"),
  "tls-server-end-point": utf8("cert-hash"),
  "tls-unique": utf8("client-finished"),
};

describe("SCRAM without channel binding", () => {
  it.each(hashes)("SCRAM-%s succeeds and the client verifies the server", async (hash) => {
    const name = `SCRAM-${hash}` as const;
    const client = createClientMechanism(name, { username: "juliet", password: "r0m3o!" });
    const result = await exchange(client, createServerMechanism(name, contextFor(store)));
    expect(result.clientError).toBeUndefined();
    expect(result.server).toMatchObject({ type: "success", authcid: "juliet", authzid: null });
  });

  it("escapes ',' and '=' in usernames and handles non-ASCII passwords", async () => {
    const client = createClientMechanism("SCRAM-SHA-256", {
      username: "user,=x",
      password: "pässwörd",
    });
    const result = await exchange(
      client,
      createServerMechanism("SCRAM-SHA-256", contextFor(store)),
    );
    expect(result.server).toMatchObject({ type: "success", authcid: "user,=x" });
    expect(new TextDecoder().decode(result.transcript[0]![1]!)).toContain("n=user=2C=3Dx,");
  });

  it("case-maps the username like a JID localpart (RFC 7622 §3.3)", async () => {
    const client = createClientMechanism("SCRAM-SHA-1", { username: "JULIET", password: "r0m3o!" });
    const result = await exchange(client, createServerMechanism("SCRAM-SHA-1", contextFor(store)));
    expect(result.server).toMatchObject({ type: "success", authcid: "juliet" });
  });

  it("refuses a wrong password with not-authorized", async () => {
    const client = createClientMechanism("SCRAM-SHA-256", {
      username: "juliet",
      password: "wrong",
    });
    const result = await exchange(
      client,
      createServerMechanism("SCRAM-SHA-256", contextFor(store)),
    );
    expect(result.server).toMatchObject({ type: "failure", condition: "not-authorized" });
  });

  it("answers an unknown user like a wrong password, with a stable salt", async () => {
    const salts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const client = createClientMechanism("SCRAM-SHA-256", { username: "nobody", password: "x" });
      const result = await exchange(
        client,
        createServerMechanism("SCRAM-SHA-256", contextFor(store)),
      );
      expect(result.server).toMatchObject({ type: "failure", condition: "not-authorized" });
      salts.push(/s=([^,]+)/.exec(new TextDecoder().decode(result.transcript[1]![1]!))![1]!);
    }
    expect(salts[0]).toBe(salts[1]);
  });

  it("fails with not-authorized when the account lacks that hash", async () => {
    const only1 = new Map([
      [
        "juliet",
        { "SCRAM-SHA-1": await deriveScramCredentials("r0m3o!", "SHA-1", { iterations: 4096 }) },
      ],
    ]);
    const client = createClientMechanism("SCRAM-SHA-512", {
      username: "juliet",
      password: "r0m3o!",
    });
    const result = await exchange(
      client,
      createServerMechanism("SCRAM-SHA-512", contextFor(only1)),
    );
    expect(result.server).toMatchObject({ type: "failure", condition: "not-authorized" });
  });

  it("sends flag y when it can bind but the server offered no -PLUS, and the server accepts it", async () => {
    const client = createClientMechanism("SCRAM-SHA-256", {
      username: "juliet",
      password: "r0m3o!",
      channelBinding: { type: "tls-exporter", data: bindings["tls-exporter"] },
      serverSupportsChannelBinding: false,
    });
    const result = await exchange(
      client,
      createServerMechanism("SCRAM-SHA-256", contextFor(store)),
    );
    expect(new TextDecoder().decode(result.transcript[0]![1]!)).toMatch(/^y,,/);
    expect(result.server.type).toBe("success");
  });
});

describe("SCRAM-PLUS", () => {
  for (const hash of hashes) {
    it.each(bindingTypes)(`SCRAM-${hash}-PLUS with %s`, async (type) => {
      const name = `SCRAM-${hash}-PLUS` as const;
      const client = createClientMechanism(name, {
        username: "juliet",
        password: "r0m3o!",
        channelBinding: { type, data: bindings[type] },
      });
      const ctx = contextFor(store, { channelBindings: bindings });
      const result = await exchange(client, createServerMechanism(name, ctx));
      expect(new TextDecoder().decode(result.transcript[0]![1]!)).toMatch(
        new RegExp(`^p=${type},,`),
      );
      expect(result.clientError).toBeUndefined();
      expect(result.server).toMatchObject({ type: "success", authcid: "juliet" });
    });
  }

  it("refuses when the client's binding data differs (a man in the middle)", async () => {
    const client = createClientMechanism("SCRAM-SHA-256-PLUS", {
      username: "juliet",
      password: "r0m3o!",
      channelBinding: { type: "tls-exporter", data: utf8("mitm-exporter") },
    });
    const ctx = contextFor(store, { channelBindings: bindings });
    const result = await exchange(client, createServerMechanism("SCRAM-SHA-256-PLUS", ctx));
    expect(result.server).toMatchObject({ type: "failure", condition: "not-authorized" });
  });

  it("refuses a binding type the server does not have", async () => {
    const client = createClientMechanism("SCRAM-SHA-256-PLUS", {
      username: "juliet",
      password: "r0m3o!",
      channelBinding: { type: "tls-server-end-point", data: bindings["tls-server-end-point"] },
    });
    const ctx = contextFor(store, {
      channelBindings: { "tls-exporter": bindings["tls-exporter"] },
    });
    const result = await exchange(client, createServerMechanism("SCRAM-SHA-256-PLUS", ctx));
    expect(result.server).toMatchObject({ type: "failure", condition: "not-authorized" });
  });

  it("cannot be created on the client without binding data", () => {
    expect(() =>
      createClientMechanism("SCRAM-SHA-1-PLUS", { username: "a", password: "b" }),
    ).toThrow(expect.objectContaining({ condition: "invalid-mechanism" }));
  });
});

describe("authzid", () => {
  const run = async (authzid: string, extra = {}) => {
    const client = createClientMechanism("SCRAM-SHA-256", {
      username: "juliet",
      password: "r0m3o!",
      authzid,
    });
    return exchange(client, createServerMechanism("SCRAM-SHA-256", contextFor(store, extra)));
  };

  it("accepts the user's own bare JID when the domain is known", async () => {
    const result = await run("Juliet@Example.COM", { domain: "example.com" });
    expect(result.server).toMatchObject({ type: "success", authzid: "Juliet@Example.COM" });
  });

  it("refuses another identity with invalid-authzid, even with a valid password", async () => {
    for (const authzid of [
      "romeo@example.com",
      "juliet@evil.example",
      "juliet@example.com/res",
      "romeo",
    ]) {
      const result = await run(authzid, { domain: "example.com" });
      expect(result.server).toMatchObject({ type: "failure", condition: "invalid-authzid" });
    }
  });

  it("lets the authorize policy allow another identity", async () => {
    const calls: string[][] = [];
    const authorize = async (authcid: string, authzid: string) => {
      calls.push([authcid, authzid]);
      return authzid === "romeo@example.com";
    };
    expect((await run("romeo@example.com", { authorize })).server).toMatchObject({
      type: "success",
      authcid: "juliet",
      authzid: "romeo@example.com",
    });
    expect(calls).toEqual([["juliet", "romeo@example.com"]]);
  });

  it("checks PLAIN's authzid too", async () => {
    const client = createClientMechanism("PLAIN", {
      username: "juliet",
      password: "r0m3o!",
      authzid: "romeo",
    });
    const result = await exchange(client, createServerMechanism("PLAIN", contextFor(store)));
    expect(result.server).toMatchObject({ type: "failure", condition: "invalid-authzid" });
  });
});

describe("PLAIN", () => {
  it.each(hashes)("verifies against stored SCRAM-%s credentials alone", async (hash) => {
    const creds = await deriveScramCredentials("r0m3o!", hash, { iterations: 4096 });
    const only = new Map([["juliet", { [`SCRAM-${hash}`]: creds }]]);
    const client = createClientMechanism("PLAIN", { username: "juliet", password: "r0m3o!" });
    const result = await exchange(client, createServerMechanism("PLAIN", contextFor(only)));
    expect(result.server).toEqual({
      type: "success",
      data: null,
      authcid: "juliet",
      authzid: null,
    });
  });

  it("refuses a wrong password and an unknown user alike", async () => {
    for (const [username, password] of [
      ["juliet", "nope"],
      ["nobody", "r0m3o!"],
    ] as const) {
      const client = createClientMechanism("PLAIN", { username, password });
      const result = await exchange(client, createServerMechanism("PLAIN", contextFor(store)));
      expect(result.server).toEqual({ type: "failure", condition: "not-authorized" });
    }
  });

  it("is refused on an unencrypted stream with encryption-required", async () => {
    const client = createClientMechanism("PLAIN", { username: "juliet", password: "r0m3o!" });
    const ctx = contextFor(store, { encrypted: false });
    const result = await exchange(client, createServerMechanism("PLAIN", ctx));
    expect(result.server).toMatchObject({ type: "failure", condition: "encryption-required" });
  });

  it("accepts the message after an empty challenge when there was no initial response", async () => {
    const server = createServerMechanism("PLAIN", contextFor(store));
    expect(await server.step(null)).toEqual({ type: "challenge", data: new Uint8Array(0) });
    const step = await server.step(utf8("\0juliet\0r0m3o!"));
    expect(step).toMatchObject({ type: "success", authcid: "juliet" });
  });
});

describe("ANONYMOUS", () => {
  const ctx = contextFor(store, { anonymousUsername: () => "anon-42" });

  it("succeeds with and without trace", async () => {
    for (const trace of [undefined, "sirhc@example.com"]) {
      const client = createClientMechanism("ANONYMOUS", trace ? { trace } : {});
      const result = await exchange(client, createServerMechanism("ANONYMOUS", ctx));
      expect(result.server).toEqual({
        type: "success",
        data: null,
        authcid: "anon-42",
        authzid: null,
      });
    }
  });

  it("is invalid-mechanism when the server does not allow it", async () => {
    const step = await createServerMechanism("ANONYMOUS", contextFor(store)).step(null);
    expect(step).toMatchObject({ type: "failure", condition: "invalid-mechanism" });
  });
});

describe("EXTERNAL (XEP-0178)", () => {
  const verifyExternal = async (authzid: string | null) =>
    authzid === null || authzid === "juliet@example.com" || authzid === "nurse@example.com"
      ? { authcid: authzid ?? "juliet@example.com" }
      : undefined;

  it("succeeds with the certificate's identity when no authzid is sent ('=')", async () => {
    const client = createClientMechanism("EXTERNAL");
    expect(await client.start()).toEqual(new Uint8Array(0));
    const result = await exchange(
      client,
      createServerMechanism("EXTERNAL", contextFor(store, { verifyExternal })),
    );
    expect(result.server).toEqual({
      type: "success",
      data: null,
      authcid: "juliet@example.com",
      authzid: null,
    });
  });

  it("succeeds with an authzid the certificate proves", async () => {
    const client = createClientMechanism("EXTERNAL", { authzid: "nurse@example.com" });
    const result = await exchange(
      client,
      createServerMechanism("EXTERNAL", contextFor(store, { verifyExternal })),
    );
    expect(result.server).toMatchObject({
      type: "success",
      authcid: "nurse@example.com",
      authzid: "nurse@example.com",
    });
  });

  it("fails with not-authorized when the certificate does not prove the authzid", async () => {
    const client = createClientMechanism("EXTERNAL", { authzid: "romeo@example.com" });
    const result = await exchange(
      client,
      createServerMechanism("EXTERNAL", contextFor(store, { verifyExternal })),
    );
    expect(result.server).toMatchObject({ type: "failure", condition: "not-authorized" });
  });

  it("refuses an authzid other than the proved identity unless authorized", async () => {
    const ctx = contextFor(store, {
      verifyExternal: async () => ({ authcid: "juliet@example.com" }),
    });
    const client = createClientMechanism("EXTERNAL", { authzid: "romeo@example.com" });
    const result = await exchange(client, createServerMechanism("EXTERNAL", ctx));
    expect(result.server).toMatchObject({ type: "failure", condition: "invalid-authzid" });
  });

  it("asks with an empty challenge when there is no initial response", async () => {
    const server = createServerMechanism("EXTERNAL", contextFor(store, { verifyExternal }));
    expect(await server.step(null)).toEqual({ type: "challenge", data: new Uint8Array(0) });
    expect(await server.step(new Uint8Array(0))).toMatchObject({
      type: "success",
      authcid: "juliet@example.com",
    });
  });
});
