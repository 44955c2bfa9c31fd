// Tampering with every part of a SCRAM exchange, on the wire between our client and our server,
// and malformed messages written by hand.
import { describe, expect, it } from "vitest";
import { accounts, contextFor, exchange, text, utf8 } from "../../test/helpers.js";
import { encodeBase64 } from "../base64.js";
import { createClientMechanism } from "../client.js";
import { createServerMechanism } from "../server.js";
import type { SaslCondition } from "../errors.js";
import type { ServerMechanismContext } from "../types.js";

const store = await accounts({ juliet: "r0m3o!" });
const bindings = { "tls-exporter": utf8("exporter-bytes") };

/** Run SCRAM-SHA-256(-PLUS) with `edit` applied to the client message number `index`. */
async function tampered(
  index: number,
  edit: (message: string) => string,
  options: { plus?: boolean; ctx?: Partial<ServerMechanismContext>; authzid?: string } = {},
) {
  const name = options.plus ? "SCRAM-SHA-256-PLUS" : "SCRAM-SHA-256";
  const client = createClientMechanism(name, {
    username: "juliet",
    password: "r0m3o!",
    ...(options.authzid ? { authzid: options.authzid } : {}),
    ...(options.plus
      ? { channelBinding: { type: "tls-exporter", data: bindings["tls-exporter"] } }
      : {}),
  });
  const ctx = contextFor(store, { channelBindings: bindings, ...options.ctx });
  const result = await exchange(client, createServerMechanism(name, ctx), (m, i) =>
    i === index && m !== null ? utf8(edit(text(m)!)) : m,
  );
  return result.server;
}

const failure = (condition: SaslCondition) =>
  expect.objectContaining({ type: "failure", condition });

describe("tampered client-final-message", () => {
  it("altered proof → not-authorized", async () => {
    const flip = (m: string) => m.replace(/p=(.)/, (_a, c: string) => `p=${c === "A" ? "B" : "A"}`);
    expect(await tampered(1, flip)).toEqual(failure("not-authorized"));
  });

  it("altered nonce → not-authorized", async () => {
    expect(await tampered(1, (m) => m.replace(/,r=(.)/, ",r=X$1"))).toEqual(
      failure("not-authorized"),
    );
  });

  it("altered channel-binding data → not-authorized", async () => {
    const c = encodeBase64(new Uint8Array([...utf8("p=tls-exporter,,"), ...utf8("other-bytes")]));
    const edit = (m: string) => m.replace(/^c=[^,]*/, `c=${c}`);
    expect(await tampered(1, edit, { plus: true })).toEqual(failure("not-authorized"));
  });

  it("c= that drops the authzid of the GS2 header → not-authorized", async () => {
    const edit = (m: string) => m.replace(/^c=[^,]*/, `c=${encodeBase64(utf8("n,,"))}`);
    expect(await tampered(1, edit, { authzid: "juliet" })).toEqual(failure("not-authorized"));
  });

  it("bad base64 in c= or p= → incorrect-encoding", async () => {
    expect(await tampered(1, (m) => m.replace(/^c=[^,]*/, "c=bi ws"))).toEqual(
      failure("incorrect-encoding"),
    );
    expect(await tampered(1, (m) => m.replace(/p=.*$/, "p=@@@@"))).toEqual(
      failure("incorrect-encoding"),
    );
  });

  it("m= among the extensions → malformed-request (RFC 5802 §5.1), other extensions ignored", async () => {
    const withExtension = (ext: string) => (m: string) => m.replace(/,p=/, `,${ext},p=`);
    expect(await tampered(1, withExtension("m=must-understand"))).toEqual(
      failure("malformed-request"),
    );
    // An unknown optional extension is ignored; the proof then fails only because the client
    // computed it over a message without the extension.
    expect(await tampered(1, withExtension("x=optional"))).toEqual(failure("not-authorized"));
  });

  it("proof of the wrong length → malformed-request", async () => {
    expect(await tampered(1, (m) => m.replace(/p=.*$/, "p=AAAA"))).toEqual(
      failure("malformed-request"),
    );
  });

  it("wrong attribute order, missing proof, truncated or empty → malformed-request", async () => {
    const swap = (m: string) => {
      const [c, r, p] = m.split(",");
      return [r, c, p].join(",");
    };
    for (const edit of [
      swap,
      (m: string) => m.replace(/,p=.*$/, ""),
      (m: string) => m.replace(/,p=.*$/, ",p=x,e=1"),
      (m: string) => m.slice(0, 5),
      () => "",
      () => ",,,",
    ]) {
      expect(await tampered(1, edit)).toEqual(failure("malformed-request"));
    }
  });
});

describe("tampered client-first-message", () => {
  it("cbind flag y while the server binds (downgrade) → not-authorized", async () => {
    expect(await tampered(0, (m) => m.replace(/^n,/, "y,"))).toEqual(failure("not-authorized"));
  });

  it("flag y rewritten on the wire is caught by the c= check when the server cannot bind", async () => {
    const edit = (m: string) => m.replace(/^n,/, "y,");
    // The client still computes c= from "n,,", so the binding check must catch the change too.
    const step = await tampered(0, edit, { ctx: { channelBindings: {} } });
    expect(step).toEqual(failure("not-authorized"));
    expect((step as { text?: string }).text).toMatch(/channel bindings/);
  });

  it("flag p with a non-PLUS mechanism, or n with a -PLUS one → malformed-request", async () => {
    expect(await tampered(0, (m) => m.replace(/^n,/, "p=tls-exporter,"))).toEqual(
      failure("malformed-request"),
    );
    const downgrade = (m: string) => m.replace(/^p=tls-exporter,/, "n,");
    expect(await tampered(0, downgrade, { plus: true })).toEqual(failure("malformed-request"));
  });

  it("authzid injected in the GS2 header → refused", async () => {
    const edit = (m: string) => m.replace(/^n,,/, "n,a=romeo,");
    // The client's c= still carries "n,,", so the binding check refuses it.
    expect(await tampered(0, edit)).toEqual(failure("not-authorized"));
  });

  it("m= extension, bad saslname escapes, bad flags, missing attributes → malformed-request", async () => {
    for (const message of [
      "n,,m=ext,n=juliet,r=abc",
      "n,,n=juliet,r=abc,m=ext",
      "n,,n=juliet,r=abc,x=1,m=ext",
      "n,,n=jul=2Ciet=,r=abc",
      "n,,n=jul=41iet,r=abc",
      "n,,n=jul=2ciet,r=abc",
      "n,,n=,r=abc",
      "x,,n=juliet,r=abc",
      "p=,,n=juliet,r=abc",
      "n,b=juliet,n=juliet,r=abc",
      "n,,r=abc,n=juliet",
      "n,,n=juliet",
      "n,,n=juliet,r=",
      "n,,n=juliet,r=a b",
      "n,n=juliet,r=abc",
      "n",
      "",
    ]) {
      const step = await createServerMechanism("SCRAM-SHA-256", contextFor(store)).step(
        utf8(message),
      );
      expect({ message, step }).toEqual({ message, step: failure("malformed-request") });
    }
  });

  it("invalid UTF-8 → malformed-request", async () => {
    const step = await createServerMechanism("SCRAM-SHA-1", contextFor(store)).step(
      new Uint8Array([0x6e, 0x2c, 0x2c, 0x6e, 0x3d, 0xff, 0x2c, 0x72, 0x3d, 0x61]),
    );
    expect(step).toEqual(failure("malformed-request"));
  });

  it("the exchange is over after a failure or a success", async () => {
    const server = createServerMechanism("SCRAM-SHA-1", contextFor(store));
    await server.step(utf8("garbage"));
    expect(await server.step(utf8("n,,n=juliet,r=abc"))).toEqual(failure("malformed-request"));
  });
});

describe("client refuses a bad server", () => {
  const client = () =>
    createClientMechanism("SCRAM-SHA-256", { username: "juliet", password: "r0m3o!" });
  const nonceOf = (first: Uint8Array | null) => /r=([^,]+)/.exec(text(first)!)![1]!;
  const refuses = async (serverFirst: (nonce: string) => string, condition: SaslCondition) => {
    const c = client();
    const nonce = nonceOf(await c.start());
    await expect(c.challenge(utf8(serverFirst(nonce)))).rejects.toMatchObject({ condition });
  };
  const salt = encodeBase64(utf8("salty"));

  it("a server nonce that does not extend ours", async () => {
    await refuses(() => `r=someoneelse,s=${salt},i=4096`, "not-authorized");
    await refuses((n) => `r=${n},s=${salt},i=4096`, "not-authorized");
  });

  it("an iteration count below 4096 or absurdly high", async () => {
    await refuses((n) => `r=${n}x,s=${salt},i=4095`, "mechanism-too-weak");
    await refuses((n) => `r=${n}x,s=${salt},i=1`, "mechanism-too-weak");
    await refuses((n) => `r=${n}x,s=${salt},i=99999999`, "malformed-request");
  });

  it("m=, wrong order, bad salt encoding, empty salt", async () => {
    await refuses((n) => `m=x,r=${n}x,s=${salt},i=4096`, "malformed-request");
    await refuses((n) => `r=${n}x,s=${salt},i=4096,m=x`, "malformed-request");
    await refuses((n) => `s=${salt},r=${n}x,i=4096`, "malformed-request");
    await refuses((n) => `r=${n}x,s=%%%,i=4096`, "incorrect-encoding");
    await refuses((n) => `r=${n}x,s=,i=4096`, "malformed-request");
    await refuses((n) => `r=${n}x,s=${salt},i=04096`, "malformed-request");
  });

  it("a server error e= in server-first or server-final", async () => {
    await refuses(() => "e=invalid-encoding", "incorrect-encoding");
    await refuses(() => "e=other-error", "not-authorized");
    const store2 = contextFor(store);
    const c = client();
    const server = createServerMechanism("SCRAM-SHA-256", store2);
    const first = await server.step(await c.start());
    await c.challenge(first.type === "challenge" ? first.data : new Uint8Array());
    await expect(c.success(utf8("e=unknown-user"))).rejects.toMatchObject({
      condition: "not-authorized",
      text: "server error: unknown-user",
    });
  });

  it("a wrong server signature, or none at all", async () => {
    const c = client();
    const server = createServerMechanism("SCRAM-SHA-256", contextFor(store));
    const first = await server.step(await c.start());
    const final = await server.step(
      await c.challenge(first.type === "challenge" ? first.data : new Uint8Array()),
    );
    expect(final.type).toBe("success");
    await expect(c.success(utf8(`v=${encodeBase64(new Uint8Array(32))}`))).rejects.toMatchObject({
      condition: "not-authorized",
    });
    await expect(c.success(null)).rejects.toMatchObject({ condition: "not-authorized" });
    // The genuine signature, sent as a challenge, then an empty success: accepted.
    expect(await c.challenge(final.type === "success" ? final.data! : new Uint8Array())).toEqual(
      new Uint8Array(0),
    );
    await expect(c.success(null)).resolves.toBeUndefined();
  });
});
