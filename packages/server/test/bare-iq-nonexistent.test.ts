// RFC 6121 §8.5.1: an iq get/set to the bare JID of an account that does not exist is answered
// with service-unavailable by the server, before any module that would answer for an account.
import { afterEach, describe, expect, it } from "vitest";
import { defineModule } from "../src";
import { builtinModules } from "../src/server";
import { startTestServer, type TestServer } from "../src/testing";

// A module that answers for any bare JID without looking at accounts (as a third-party one may).
const echoModule = defineModule({
  name: "bare-echo",
  setup(ctx) {
    ctx.handleIq("get", "urn:test:echo", "q", () => null, { destination: "bare" });
  },
});

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const condition = (iq: {
  getChild(n: string): { elements(): { localName: string }[] } | undefined;
}) => iq.getChild("error")?.elements()[0]?.localName;

describe("iq to a nonexistent account (RFC 6121 §8.5.1)", () => {
  it("a module's bare-JID handler never answers for a nonexistent account", async () => {
    t = await startTestServer({ modules: [...builtinModules, echoModule] });
    await t.addUser("juliet");
    const romeo = await t.login("romeo");
    const nobody = await romeo.iq(
      `<iq type="get" to="nobody@localhost"><q xmlns="urn:test:echo"/></iq>`,
    );
    expect(condition(nobody)).toBe("service-unavailable");
    const juliet = await romeo.iq(
      `<iq type="get" to="juliet@localhost"><q xmlns="urn:test:echo"/></iq>`,
    );
    expect(juliet.attr("type")).toBe("result");
  });

  it("vCard get: service-unavailable for nobody, an answer for an offline account", async () => {
    t = await startTestServer();
    const juliet = await t.login("juliet");
    const set = await juliet.iq(
      `<iq type="set"><vCard xmlns="vcard-temp"><FN>Juliet</FN></vCard></iq>`,
    );
    expect(set.attr("type")).toBe("result");
    await juliet.close();
    const romeo = await t.login("romeo");
    const nobody = await romeo.iq(
      `<iq type="get" to="nobody@localhost"><vCard xmlns="vcard-temp"/></iq>`,
    );
    expect(nobody.attr("type")).toBe("error");
    expect(condition(nobody)).toBe("service-unavailable");
    const offline = await romeo.iq(
      `<iq type="get" to="juliet@localhost"><vCard xmlns="vcard-temp"/></iq>`,
    );
    expect(offline.attr("type")).toBe("result");
    expect(offline.toString()).toContain("Juliet");
  });

  it("the sender's own bare JID and an unknown payload still behave as before", async () => {
    t = await startTestServer();
    const romeo = await t.login("romeo");
    const own = await romeo.iq(`<iq type="get"><query xmlns="jabber:iq:roster"/></iq>`);
    expect(own.attr("type")).toBe("result");
    const unknown = await romeo.iq(`<iq type="get" to="romeo@localhost"><x xmlns="urn:x"/></iq>`);
    expect(condition(unknown)).toBe("service-unavailable");
  });
});
