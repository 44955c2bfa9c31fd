import { describe, expect, it } from "vitest";
import { createFakeServer, out, stanza } from "./test-support/fake-context";
import { formatTzo, timeModule } from "./time";
import { versionModule } from "./version";
import { PARLEY_VERSION } from "./product";

describe("version (XEP-0092)", () => {
  it("answers with name and version, no os unless configured", async () => {
    const server = createFakeServer();
    await versionModule.setup(server.ctx("version"));
    const s = server.connect("juliet@example.com/balcony");
    await server.dispatch(
      stanza("<iq type='get' id='v1' to='example.com'><query xmlns='jabber:iq:version'/></iq>"),
      s,
    );
    expect(s.take().map(out)).toEqual([
      `<iq from="example.com" id="v1" to="juliet@example.com/balcony" type="result"><query xmlns="jabber:iq:version"><name>Parley</name><version>${PARLEY_VERSION}</version></query></iq>`,
    ]);
    expect(server.features.has("jabber:iq:version")).toBe(true);
  });

  it("takes name, version and os from the config", async () => {
    const server = createFakeServer();
    await versionModule.setup(server.ctx("version", { name: "X", version: "9", os: "Linux" }));
    const s = server.connect("juliet@example.com/balcony");
    await server.dispatch(
      stanza("<iq type='get' id='v1' to='example.com'><query xmlns='jabber:iq:version'/></iq>"),
      s,
    );
    expect(out(s.take()[0]!)).toContain(
      '<query xmlns="jabber:iq:version"><name>X</name><version>9</version><os>Linux</os></query>',
    );
  });
});

describe("time (XEP-0202)", () => {
  it("formats offsets east of UTC", () => {
    expect(formatTzo(0)).toBe("+00:00");
    expect(formatTzo(-360)).toBe("-06:00");
    expect(formatTzo(330)).toBe("+05:30");
  });

  it("answers with tzo and a UTC time", async () => {
    const server = createFakeServer();
    await timeModule.setup(server.ctx("time"));
    const s = server.connect("juliet@example.com/balcony");
    const before = Date.now();
    await server.dispatch(
      stanza("<iq type='get' id='t1' to='example.com'><time xmlns='urn:xmpp:time'/></iq>"),
      s,
    );
    const reply = s.take()[0]!;
    expect(reply.attr("type")).toBe("result");
    const time = reply.getChild("time", "urn:xmpp:time")!;
    expect(time.getChildText("tzo")).toMatch(/^[+-]\d\d:\d\d$/);
    const utc = time.getChildText("utc")!;
    expect(utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Date.parse(utc)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("a time set is not handled (service-unavailable)", async () => {
    const server = createFakeServer();
    await timeModule.setup(server.ctx("time"));
    const s = server.connect("juliet@example.com/balcony");
    await server.dispatch(
      stanza("<iq type='set' id='t2' to='example.com'><time xmlns='urn:xmpp:time'/></iq>"),
      s,
    );
    expect(out(s.take()[0]!)).toContain("<service-unavailable");
  });
});
