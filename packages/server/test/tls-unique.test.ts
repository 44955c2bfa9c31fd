// tls-unique channel binding (RFC 5929 §3) for SCRAM -PLUS: announced with XEP-0440 on TLS 1.2,
// accepted but not announced on TLS 1.3 (RFC 9266 §3), where slixmpp 1.8 still uses it.
import { describe, expect, it } from "vitest";
import { SaslFailure } from "../src/testing";
import { SASL, server } from "./helpers";

const announced = (features: { getChild(name: string, ns?: string): unknown }) =>
  (
    features.getChild("sasl-channel-binding", "urn:xmpp:sasl-cb:0") as
      | { getChildren(name: string): { attr(name: string): string | undefined }[] }
      | undefined
  )
    ?.getChildren("channel-binding")
    .map((c) => c.attr("type"));

describe("tls-unique channel binding", () => {
  it("TLS 1.3: not announced, yet SCRAM-SHA-256-PLUS with tls-unique logs in (the client's Finished)", async () => {
    const t = await server();
    await t.addUser("juliet", "s3cret");
    const c = await t.connect();
    await c.openStream();
    const features = await c.starttls();
    expect(announced(features)).toEqual(["tls-exporter", "tls-server-end-point"]);
    await c.authenticate("juliet", "s3cret", "SCRAM-SHA-256-PLUS", { bindingType: "tls-unique" });
    expect(await c.bind("balcony")).toBe("juliet@localhost/balcony");
  });

  it("TLS 1.2: announced next to tls-server-end-point, and SCRAM-SHA-1-PLUS with it logs in", async () => {
    const t = await server();
    await t.addUser("juliet", "s3cret");
    const c = await t.connect();
    await c.openStream();
    const features = await c.starttls({ maxVersion: "TLSv1.2" });
    expect(announced(features)).toEqual(["tls-server-end-point", "tls-unique"]);
    await c.authenticate("juliet", "s3cret", "SCRAM-SHA-1-PLUS", { bindingType: "tls-unique" });
    expect(await c.bind("balcony")).toBe("juliet@localhost/balcony");
  });

  it("over direct TLS (XEP-0368) too", async () => {
    const t = await server();
    await t.addUser("juliet", "s3cret");
    const c = await t.connect("tls");
    await c.openStream();
    await c.authenticate("juliet", "s3cret", "SCRAM-SHA-512-PLUS", { bindingType: "tls-unique" });
    expect(await c.bind("r")).toBe("juliet@localhost/r");
  });

  it.each(["TLSv1.3", "TLSv1.2"] as const)(
    "%s: refuses a tls-unique value that differs from the connection's, then a right one logs in",
    async (maxVersion) => {
      const t = await server();
      await t.addUser("juliet", "s3cret");
      const c = await t.connect();
      await c.openStream();
      await c.starttls({ maxVersion });
      const wrong = new Uint8Array(c.channelBinding("tls-unique")!);
      wrong[0]! ^= 1;
      const failure = await c
        .authenticate("juliet", "s3cret", "SCRAM-SHA-256-PLUS", {
          bindingType: "tls-unique",
          bindingData: wrong,
        })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SaslFailure);
      expect((failure as SaslFailure).condition).toBe("not-authorized");
      await c.authenticate("juliet", "s3cret", "SCRAM-SHA-256-PLUS", { bindingType: "tls-unique" });
      expect(await c.bind("r")).toBe("juliet@localhost/r");
    },
  );

  it("refuses tls-unique on plain TCP: no -PLUS is offered there", async () => {
    const t = await server();
    const c = await t.connect();
    await c.openStream();
    c.send(
      `<auth xmlns="${SASL}" mechanism="SCRAM-SHA-256-PLUS">${btoa("p=tls-unique,,n=juliet,r=abcdefgh")}</auth>`,
    );
    const failure = await c.expect((e) => e.localName === "failure");
    expect(failure.elements()[0]?.localName).toBe("invalid-mechanism");
  });
});
