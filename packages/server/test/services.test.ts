// Component domains and HTTP handlers added by modules (module-api.ts addComponent,
// addHttpHandler), over real sockets.
import { xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { builtinModules, defineModule } from "../src/index";
import { STANZAS, server } from "./helpers";

const echo = defineModule({
  name: "echo",
  setup(ctx) {
    ctx.addComponent("echo.localhost", async (event) => {
      if (event.kind !== "message") return undefined; // iq get/set → service-unavailable
      await ctx.route(
        xml(
          "message",
          { from: event.to.toString(), to: event.from.toString(), type: "chat" },
          xml("body", null, `echo: ${event.stanza.getChildText("body") ?? ""}`),
        ),
      );
      return true;
    });
    ctx.addHttpHandler("/hello", (req, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).end(`hi ${req.url}`);
    });
    ctx.addHttpHandler("/broken", () => {
      throw new Error("boom");
    });
  },
});

describe("component domains", () => {
  it("hands stanzas for the domain and JIDs at it to the module, and routes its answers", async () => {
    const t = await server({ modules: [echo] });
    await t.addUser("juliet", "pw");
    const c = await t.login("juliet", { password: "pw", resource: "r" });
    c.send(`<message to="room@echo.localhost/nick" type="chat"><body>hello</body></message>`);
    const reply = await c.expect((e) => e.localName === "message");
    expect(reply.attr("from")).toBe("room@echo.localhost/nick");
    expect(reply.attr("to")).toBe("juliet@localhost/r");
    expect(reply.getChildText("body")).toBe("echo: hello");
  });

  it("answers an iq get the component leaves unhandled with service-unavailable", async () => {
    const t = await server({ modules: [echo] });
    await t.addUser("juliet", "pw");
    const c = await t.login("juliet", { password: "pw", resource: "r" });
    c.send(`<iq type="get" id="q1" to="echo.localhost"><query xmlns="urn:example"/></iq>`);
    const reply = await c.expect((e) => e.localName === "iq" && e.attr("id") === "q1");
    expect(reply.attr("type")).toBe("error");
    expect(reply.getChild("error")?.getChild("service-unavailable", STANZAS)).toBeDefined();
  });
});

describe("HTTP handlers", () => {
  it("serves a prefix and its sub-paths, 500 for a failing handler, 404 elsewhere", async () => {
    const t = await server({ modules: [echo] });
    const base = `http://127.0.0.1:${t.ports.http}`;
    const hello = await fetch(`${base}/hello/there?x=1`);
    expect(hello.status).toBe(200);
    expect(await hello.text()).toBe("hi /hello/there?x=1");
    const broken = await fetch(`${base}/broken`);
    expect(broken.status).toBe(500);
    await broken.text();
    const other = await fetch(`${base}/helloworld`);
    expect(other.status).toBe(404);
    await other.text();
  });
});

describe("account disco features", () => {
  it("lists what modules add for accounts in disco#info of an account's bare JID", async () => {
    const pepLike = defineModule({
      name: "pep-like",
      setup(ctx) {
        ctx.addAccountFeature("urn:example:account-feature");
        ctx.addAccountIdentity({ category: "pubsub", type: "pep" });
        ctx.addDiscoItem({ jid: "rooms.localhost", name: "Rooms" });
      },
    });
    const t = await server({ modules: [...builtinModules, pepLike] });
    await t.addUser("juliet", "pw");
    const c = await t.login("juliet", { password: "pw", resource: "r" });
    c.send(
      `<iq type="get" id="d1" to="juliet@localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const reply = await c.expect((e) => e.localName === "iq" && e.attr("id") === "d1");
    const query = reply.getChild("query", "http://jabber.org/protocol/disco#info")!;
    const identities = query
      .getChildren("identity")
      .map((i) => `${i.attr("category")}/${i.attr("type")}`);
    const features = query.getChildren("feature").map((f) => f.attr("var"));
    expect(identities).toEqual(["account/registered", "pubsub/pep"]);
    expect(features).toContain("urn:example:account-feature");
    c.send(
      `<iq type="get" id="d2" to="localhost"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>`,
    );
    const items = await c.expect((e) => e.localName === "iq" && e.attr("id") === "d2");
    expect(items.getChild("query")?.toString()).toBe(
      '<query xmlns="http://jabber.org/protocol/disco#items"><item jid="rooms.localhost" name="Rooms"/></query>',
    );
  });
});
