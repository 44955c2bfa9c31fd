import type { Element } from "@parley/xml";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { StreamFeaturesEvent, UnauthenticatedIqEvent } from "../../../module-api";
import {
  type FakeServer,
  FakeSession,
  createFakeServer,
  out,
  stanza,
} from "../test-support/fake-context";
import { registerModule } from "./index";

const R = "jabber:iq:register";
const ITER = 4096;
let server: FakeServer;

async function preAuth(session: FakeSession, text: string): Promise<string | undefined> {
  const reply = await server.bus.fire<UnauthenticatedIqEvent>("unauthenticated-iq", {
    session,
    stanza: stanza(text),
  });
  return reply === undefined ? undefined : out(reply as Element);
}

async function features(session: FakeSession): Promise<string[]> {
  const list: Element[] = [];
  await server.bus.fire<StreamFeaturesEvent>("stream-features", {
    session,
    stage: "pre-auth",
    features: list,
  } as StreamFeaturesEvent);
  return list.map(out);
}

describe("disabled by default", () => {
  it("offers nothing and answers nothing", async () => {
    server = createFakeServer();
    await registerModule.setup(server.ctx("register"));
    const s = new FakeSession("p", "example.com");
    expect(await features(s)).toEqual([]);
    expect(await preAuth(s, `<iq type='get' id='r'><query xmlns='${R}'/></iq>`)).toBeUndefined();
    expect(server.features.size).toBe(0);
  });
});

describe("in-band registration (XEP-0077)", () => {
  beforeEach(async () => {
    server = createFakeServer();
    await registerModule.setup(server.ctx("register", { enabled: true, iterations: ITER }));
  });

  it("pre-auth feature only on encrypted streams (unless allowInsecure)", async () => {
    const secure = new FakeSession("p1", "example.com");
    expect(await features(secure)).toEqual([
      '<register xmlns="http://jabber.org/features/iq-register"/>',
    ]);
    const plain = new FakeSession("p2", "example.com");
    plain.secure = false;
    expect(await features(plain)).toEqual([]);
    expect(
      await preAuth(plain, `<iq type='get' id='r'><query xmlns='${R}'/></iq>`),
    ).toBeUndefined();
  });

  it("form, registration with SCRAM credentials only, conflict on a second try", async () => {
    const s = new FakeSession("p", "example.com");
    expect(await preAuth(s, `<iq type='get' id='reg1'><query xmlns='${R}'/></iq>`)).toBe(
      `<iq id="reg1" type="result"><query xmlns="${R}"><instructions>Choose a username and password to register with this server.</instructions><username/><password/></query></iq>`,
    );
    expect(
      await preAuth(
        s,
        `<iq type='set' id='reg2'><query xmlns='${R}'><username>Bill</username><password>Calliope</password></query></iq>`,
      ),
    ).toBe('<iq id="reg2" type="result"/>');
    const account = await server.storage.accounts.get("bill@example.com");
    expect(Object.keys(account!.credentials).sort()).toEqual([
      "SCRAM-SHA-1",
      "SCRAM-SHA-256",
      "SCRAM-SHA-512",
    ]);
    expect(JSON.stringify(account)).not.toContain("Calliope");
    const other = new FakeSession("p2", "example.com");
    expect(
      await preAuth(
        other,
        `<iq type='set' id='reg3'><query xmlns='${R}'><username>bill</username><password>x</password></query></iq>`,
      ),
    ).toBe(
      '<iq id="reg3" type="error"><error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    );
  });

  it.each([
    ["no password", "<username>a</username>"],
    ["an empty password", "<username>a</username><password/>"],
    ["no username", "<password>p</password>"],
    ["a username PRECIS refuses", "<username>a b</username><password>p</password>"],
    ["a username with @", "<username>a@b</username><password>p</password>"],
    ["a password PRECIS refuses", "<username>a</username><password>\u0080</password>"],
  ])("%s → not-acceptable, nothing created", async (_n, fields) => {
    const s = new FakeSession("p", "example.com");
    // The error does not echo the query (it holds a password).
    expect(
      await preAuth(s, `<iq type='set' id='x'><query xmlns='${R}'>${fields}</query></iq>`),
    ).toMatch(
      /^<iq id="x" type="error"><error type="modify"><not-acceptable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"\/>(<text [^>]+>[^<]+<\/text>)?<\/error><\/iq>$/,
    );
    expect(await server.storage.accounts.count()).toBe(0);
  });

  it("one registration per stream; <remove/> before auth is unexpected", async () => {
    const s = new FakeSession("p", "example.com");
    await preAuth(
      s,
      `<iq type='set' id='a'><query xmlns='${R}'><username>a</username><password>p</password></query></iq>`,
    );
    expect(
      await preAuth(
        s,
        `<iq type='set' id='b'><query xmlns='${R}'><username>b</username><password>p</password></query></iq>`,
      ),
    ).toContain("<not-acceptable");
    expect(
      await preAuth(s, `<iq type='set' id='c'><query xmlns='${R}'><remove/></query></iq>`),
    ).toContain("<unexpected-request");
    expect(
      await preAuth(s, "<iq type='get' id='d'><query xmlns='jabber:iq:roster'/></iq>"),
    ).toBeUndefined();
  });

  describe("after authentication", () => {
    let bill: FakeSession;
    async function send(text: string): Promise<string[]> {
      await server.dispatch(stanza(text), bill);
      return bill.take().map(out);
    }
    beforeEach(async () => {
      await preAuth(
        new FakeSession("p", "example.com"),
        `<iq type='set' id='a'><query xmlns='${R}'><username>bill</username><password>old</password></query></iq>`,
      );
      bill = server.connect("bill@example.com/globe");
    });

    it("get says registered", async () => {
      expect(
        await send(`<iq type='get' id='g' to='example.com'><query xmlns='${R}'/></iq>`),
      ).toEqual([
        `<iq from="example.com" id="g" to="bill@example.com/globe" type="result"><query xmlns="${R}"><registered/><username>bill</username><password/></query></iq>`,
      ]);
    });

    it("changes the password; refuses an empty one, another user's, an insecure stream", async () => {
      const before = (await server.storage.accounts.get("bill@example.com"))!.credentials;
      expect(
        await send(
          `<iq type='set' id='c1' to='example.com'><query xmlns='${R}'><username>bill</username><password/></query></iq>`,
        ),
      ).toEqual([
        '<iq from="example.com" id="c1" to="bill@example.com/globe" type="error"><error type="modify"><bad-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">username and password are required</text></error></iq>',
      ]);
      const [other] = await send(
        `<iq type='set' id='c2' to='example.com'><query xmlns='${R}'><username>romeo</username><password>x</password></query></iq>`,
      );
      expect(other).toContain("<not-allowed");
      bill.secure = false;
      const [insecure] = await send(
        `<iq type='set' id='c3' to='example.com'><query xmlns='${R}'><username>bill</username><password>new</password></query></iq>`,
      );
      expect(insecure).toContain('<error type="modify"><not-authorized');
      expect((await server.storage.accounts.get("bill@example.com"))!.credentials).toEqual(before);
      bill.secure = true;
      expect(
        await send(
          `<iq type='set' id='c4'><query xmlns='${R}'><username>bill</username><password>new</password></query></iq>`,
        ),
      ).toEqual(['<iq id="c4" to="bill@example.com/globe" type="result"/>']);
      expect((await server.storage.accounts.get("bill@example.com"))!.credentials).not.toEqual(
        before,
      );
    });

    it("<remove/> deletes the account and closes its sessions; extra children are bad-request", async () => {
      const [bad] = await send(
        `<iq type='set' id='u0'><query xmlns='${R}'><remove/><username>bill</username></query></iq>`,
      );
      expect(bad).toContain("<bad-request");
      expect(
        await send(`<iq type='set' id='u1'><query xmlns='${R}'><remove/></query></iq>`),
      ).toEqual(['<iq id="u1" to="bill@example.com/globe" type="result"/>']);
      expect(await server.storage.accounts.exists("bill@example.com")).toBe(false);
      await vi.waitFor(() => expect(bill.closed).toBe(true)); // once the result is on its way
      expect(String(bill.closeError)).toContain("not-authorized");
    });
  });
});
