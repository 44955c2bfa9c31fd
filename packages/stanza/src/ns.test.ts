import { describe, expect, it } from "vitest";
import { NS } from "./index";

describe("NS", () => {
  it("has the RFC 6120 / RFC 7395 core namespaces", () => {
    expect(NS.CLIENT).toBe("jabber:client");
    expect(NS.SERVER).toBe("jabber:server");
    expect(NS.STREAM).toBe("http://etherx.jabber.org/streams");
    expect(NS.STREAMS).toBe("urn:ietf:params:xml:ns:xmpp-streams");
    expect(NS.STANZAS).toBe("urn:ietf:params:xml:ns:xmpp-stanzas");
    expect(NS.FRAMING).toBe("urn:ietf:params:xml:ns:xmpp-framing");
    expect(NS.SM).toBe("urn:xmpp:sm:3");
    expect(NS.MAM).toBe("urn:xmpp:mam:2");
    expect(NS.HTTP_UPLOAD).toBe("urn:xmpp:http:upload:0");
  });

  it("gives each namespace one name (except the documented XEP0440 alias)", () => {
    const values = Object.entries(NS)
      .filter(([k]) => k !== "XEP0440")
      .map(([, v]) => v);
    expect(new Set(values).size).toBe(values.length);
    expect(NS.XEP0440).toBe(NS.SASL_CB);
  });
});
