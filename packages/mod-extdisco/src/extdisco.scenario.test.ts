// XEP-0215 and XEP-0156 over real sockets (XMPP and HTTP).
import { createHmac } from "node:crypto";
import { type ModuleDefinition, defineModule } from "@parley/server";
import { type TestServer, startTestServer } from "@parley/server/testing";
import { xml } from "@parley/xml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ExtdiscoConfigError, extdiscoModule } from "./index";

const EXT = "urn:xmpp:extdisco:2";
const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const running: TestServer[] = [];

const SERVICES = [
  { type: "stun", host: "stun.example.com", port: 3478, transport: "udp" },
  {
    type: "turn",
    host: "turn.example.com",
    port: 3478,
    transport: "udp",
    secret: "s3cret",
    ttl: 600,
  },
  {
    type: "turn",
    host: "static.example.com",
    port: 3479,
    transport: "tcp",
    username: "u",
    password: "p",
    restricted: true,
  },
];

async function server(
  config: Record<string, unknown> = { services: SERVICES },
  extra: ModuleDefinition[] = [],
) {
  const t = await startTestServer({
    extraModules: [extdiscoModule, ...extra],
    moduleConfig: { extdisco: config },
  });
  running.push(t);
  return t;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

describe("services (XEP-0215 §3.1)", () => {
  it("lists every service; TURN REST credentials inline, restricted ones marked", async () => {
    const t = await server();
    const c = await t.login("romeo", { resource: "r" });
    const before = Math.floor(Date.now() / 1000);
    c.send(`<iq type="get" id="e1" to="localhost"><services xmlns="${EXT}"/></iq>`);
    const reply = await c.expect(
      `<iq type="result" id="e1" from="localhost" to="romeo@localhost/r">
        <services xmlns="${EXT}">
          <service type="stun" host="stun.example.com" port="3478" transport="udp"/>
          <service type="turn" host="turn.example.com" port="3478" transport="udp" username="*" password="*" expires="*"/>
          <service type="turn" host="static.example.com" port="3479" transport="tcp" restricted="true"/>
        </services>
      </iq>`,
    );
    const turn = reply.getChild("services")!.getChildren("service")[1]!;
    const [expiry, user] = turn.attr("username")!.split(/:(.*)/s);
    expect(user).toBe("romeo@localhost");
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 600);
    // draft-uberti-behave-turn-rest §2.2: password = base64(HMAC-SHA1(secret, username)).
    expect(turn.attr("password")).toBe(
      createHmac("sha1", "s3cret").update(turn.attr("username")!).digest("base64"),
    );
    expect(Date.parse(turn.attr("expires")!) / 1000).toBe(Number(expiry));
  });

  it("filters by type, and answers an iq without 'to' (the user's own account)", async () => {
    const t = await server();
    const c = await t.login("romeo", { resource: "r" });
    c.send(`<iq type="get" id="e2"><services xmlns="${EXT}" type="stun"/></iq>`);
    await c.expect(
      `<iq type="result" id="e2" to="romeo@localhost/r">
        <services xmlns="${EXT}" type="stun">
          <service type="stun" host="stun.example.com" port="3478" transport="udp"/>
        </services>
      </iq>`,
    );
    const none = await c.iq(
      `<iq type="get" to="localhost"><services xmlns="${EXT}" type="ftp"/></iq>`,
    );
    expect(none.getChild("services")!.elements()).toEqual([]);
  });

  it("is advertised in the server's disco#info", async () => {
    const t = await server();
    const c = await t.login("romeo");
    const info = await c.iq(
      `<iq type="get" to="localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const features = info
      .getChild("query")!
      .getChildren("feature")
      .map((f) => f.attr("var"));
    expect(features).toContain(EXT);
  });
});

describe("credentials (XEP-0215 §3.2)", () => {
  it("gives the credentials of a restricted service", async () => {
    const t = await server();
    const c = await t.login("romeo", { resource: "r" });
    c.send(
      `<iq type="get" id="c1" to="localhost"><credentials xmlns="${EXT}"><service host="static.example.com" type="turn"/></credentials></iq>`,
    );
    await c.expect(
      `<iq type="result" id="c1" from="localhost" to="romeo@localhost/r">
        <credentials xmlns="${EXT}">
          <service type="turn" host="static.example.com" port="3479" transport="tcp" username="u" password="p"/>
        </credentials>
      </iq>`,
    );
  });

  it("unknown service: item-not-found; no service named: bad-request", async () => {
    const t = await server();
    const c = await t.login("romeo");
    const unknown = await c.iq(
      `<iq type="get" to="localhost"><credentials xmlns="${EXT}"><service host="nope.example.com"/></credentials></iq>`,
    );
    expect(unknown.getChild("error")?.getChild("item-not-found", STANZAS)).toBeDefined();
    const empty = await c.iq(`<iq type="get" to="localhost"><credentials xmlns="${EXT}"/></iq>`);
    expect(empty.getChild("error")?.getChild("bad-request", STANZAS)).toBeDefined();
  });
});

describe("only for authenticated local users", () => {
  it("an iq before authentication ends the stream (nothing is disclosed)", async () => {
    const t = await server();
    const c = await t.connect();
    await c.openStream();
    c.send(`<iq type="get" id="u1" to="localhost"><services xmlns="${EXT}"/></iq>`);
    await c.expectStreamError("not-authorized");
    expect(c.received.some((e) => e.getChild("services", EXT))).toBe(false);
  });

  it("another entity (a service domain) and another user's bare JID: forbidden", async () => {
    const answers: string[] = [];
    const probe = defineModule({
      name: "probe",
      setup(ctx) {
        ctx.addComponent("svc.localhost", (event) => {
          if (event.kind === "iq") answers.push(event.stanza.toString());
          return true;
        });
        ctx.on("server-started", () => {
          void ctx.route(
            xml(
              "iq",
              { type: "get", id: "p1", from: "svc.localhost", to: "localhost" },
              xml("services", { xmlns: EXT }),
            ),
          );
          return undefined;
        });
      },
    });
    const t = await server({ services: SERVICES }, [probe]);
    const c = await t.login("romeo");
    await t.login("juliet");
    const other = await c.iq(
      `<iq type="get" to="juliet@localhost"><services xmlns="${EXT}"/></iq>`,
    );
    expect(other.getChild("error")?.getChild("forbidden", STANZAS)).toBeDefined();
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    expect(answers[0]).toContain("forbidden");
    expect(answers[0]).not.toContain('stun.example.com"');
  });
});

describe("host-meta (XEP-0156)", () => {
  it("serves the XRD with the WebSocket endpoint of the listener, and CORS", async () => {
    const t = await server();
    const res = await fetch(`http://127.0.0.1:${t.ports.http}/.well-known/host-meta`, {
      headers: { host: `localhost:${t.ports.http}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xrd+xml; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.text()).toBe(
      `<?xml version="1.0" encoding="utf-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n` +
        `  <Link rel="urn:xmpp:alt-connections:websocket" href="ws://localhost:${t.ports.http}/xmpp-websocket"/>\n</XRD>\n`,
    );
  });

  it("serves the JSON form, with configured URLs (wss, BOSH)", async () => {
    const t = await server({
      websocket_url: "wss://chat.example.com/xmpp-websocket",
      bosh_url: "https://chat.example.com/http-bind",
    });
    const res = await fetch(`http://127.0.0.1:${t.ports.http}/.well-known/host-meta.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual({
      links: [
        {
          rel: "urn:xmpp:alt-connections:websocket",
          href: "wss://chat.example.com/xmpp-websocket",
        },
        { rel: "urn:xmpp:alt-connections:xbosh", href: "https://chat.example.com/http-bind" },
      ],
    });
  });

  it("wss behind a TLS-terminating proxy; preflight; other methods and paths refused", async () => {
    const t = await server();
    const base = `http://127.0.0.1:${t.ports.http}/.well-known/host-meta`;
    const proxied = await fetch(`${base}.json`, { headers: { "x-forwarded-proto": "https" } });
    const json = (await proxied.json()) as { links: { href: string }[] };
    expect(json.links[0]!.href).toBe(`wss://localhost:${t.ports.http}/xmpp-websocket`);
    const pre = await fetch(base, { method: "OPTIONS" });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    const post = await fetch(base, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    await post.text();
    const sub = await fetch(`${base}/x`);
    expect(sub.status).toBe(404);
    await sub.text();
  });
});

describe("config", () => {
  it("bad services stop the server from starting", async () => {
    for (const bad of [
      { services: "stun" },
      { services: [{ host: "x" }] },
      { services: [{ type: "stun" }] },
      { services: [{ type: "stun", host: "x", port: 70000 }] },
      { services: [{ type: "turn", host: "x", transport: "sctp" }] },
      { services: [{ type: "turn", host: "x", secret: "a", username: "b" }] },
      { services: [{ type: "turn", host: "x", expires: "soon" }] },
      { websocket_url: "http://x/ws" },
    ]) {
      await expect(
        startTestServer({ extraModules: [extdiscoModule], moduleConfig: { extdisco: bad } }),
        JSON.stringify(bad),
      ).rejects.toThrow(ExtdiscoConfigError);
    }
  });
});
