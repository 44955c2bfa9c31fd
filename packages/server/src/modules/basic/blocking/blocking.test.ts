import { beforeEach, describe, expect, it } from "vitest";
import type { ModuleContext, StanzaEvent } from "../../../module-api";
import {
  type FakeServer,
  type FakeSession,
  createFakeServer,
  out,
  stanza,
} from "../test-support/fake-context";
import { blockingModule } from "./index";

const B = "urn:xmpp:blocking";
let server: FakeServer;
let juliet: FakeSession;
let juliet2: FakeSession;
let romeo: FakeSession;
let delivered: string[];

/** The module's zero-delay timers not yet run: pushes follow the iq result on one (§3.3). */
const pending = new Set<Promise<void>>();

/** The context, with its zero-delay timers tracked in `pending`. */
function tracked(ctx: ModuleContext): ModuleContext {
  return {
    ...ctx,
    setTimeout(fn, ms) {
      if (ms > 0) return ctx.setTimeout(fn, ms);
      let ran = () => {};
      const done = new Promise<void>((resolve) => {
        ran = () => {
          pending.delete(done);
          resolve();
        };
      });
      pending.add(done);
      const cancel = ctx.setTimeout(() => {
        try {
          return fn();
        } finally {
          ran();
        }
      }, ms);
      return () => {
        cancel();
        ran();
      };
    },
  };
}

async function send(s: FakeSession, text: string): Promise<string[]> {
  await server.dispatch(stanza(text), s);
  while (pending.size > 0) await Promise.all(pending); // the pushes it caused have gone out
  return s.take().map(out);
}

beforeEach(async () => {
  server = createFakeServer();
  for (const u of ["juliet", "romeo"]) await server.storage.accounts.create(`${u}@example.com`, {});
  await blockingModule.setup(tracked(server.ctx("blocking")));
  delivered = [];
  for (const k of ["message", "presence", "iq"]) {
    for (const d of ["bare", "full"]) {
      server.bus.on<StanzaEvent>(`${k}/${d}`, (e) => {
        delivered.push(out(e.stanza));
        return true;
      });
    }
  }
  juliet = server.connect("juliet@example.com/balcony");
  juliet2 = server.connect("juliet@example.com/chamber");
  romeo = server.connect("romeo@example.com/orchard");
});

describe("blocklist commands (XEP-0191 §3.2-§3.5)", () => {
  it("get, block with pushes to resources that asked, unblock, unblock all", async () => {
    expect(await send(juliet, `<iq type='get' id='l1'><blocklist xmlns='${B}'/></iq>`)).toEqual([
      `<iq id="l1" to="juliet@example.com/balcony" type="result"><blocklist xmlns="${B}"/></iq>`,
    ]);
    const replies = await send(
      juliet,
      `<iq type='set' id='b1'><block xmlns='${B}'><item jid='Romeo@Example.com'/><item jid='iago@shakespeare.lit'/></block></iq>`,
    );
    expect(replies[0]).toBe('<iq id="b1" to="juliet@example.com/balcony" type="result"/>');
    // juliet/balcony asked for the list: it gets the push (with the prepared JIDs); chamber did not.
    expect(replies[1]).toMatch(
      new RegExp(
        `^<iq id="[^"]+" to="juliet@example.com/balcony" type="set"><block xmlns="${B}"><item jid="romeo@example.com"/><item jid="iago@shakespeare.lit"/></block></iq>$`,
      ),
    );
    expect(replies).toHaveLength(2);
    expect(juliet2.take()).toEqual([]);
    expect(await send(juliet2, `<iq type='get' id='l2'><blocklist xmlns='${B}'/></iq>`)).toEqual([
      `<iq id="l2" to="juliet@example.com/chamber" type="result"><blocklist xmlns="${B}"><item jid="iago@shakespeare.lit"/><item jid="romeo@example.com"/></blocklist></iq>`,
    ]);
    await send(
      juliet,
      `<iq type='set' id='u1'><unblock xmlns='${B}'><item jid='iago@shakespeare.lit'/></unblock></iq>`,
    );
    expect(juliet2.take().map(out)[0]).toContain(
      `<unblock xmlns="${B}"><item jid="iago@shakespeare.lit"/></unblock>`,
    );
    const all = await send(juliet, `<iq type='set' id='u2'><unblock xmlns='${B}'/></iq>`);
    expect(all[0]).toBe('<iq id="u2" to="juliet@example.com/balcony" type="result"/>');
    expect(all[1]).toContain(`type="set"><unblock xmlns="${B}"/></iq>`);
    expect(await server.storage.kv.entries("blocking", "juliet@example.com")).toEqual([]);
  });

  it("bad requests: no item, item without jid, malformed jid, someone else's list", async () => {
    const [none] = await send(juliet, `<iq type='set' id='x1'><block xmlns='${B}'/></iq>`);
    expect(none).toContain('<error type="modify"><bad-request');
    const [nojid] = await send(
      juliet,
      `<iq type='set' id='x2'><block xmlns='${B}'><item/></block></iq>`,
    );
    expect(nojid).toContain('<error type="modify"><bad-request');
    const [bad] = await send(
      juliet,
      `<iq type='set' id='x3'><block xmlns='${B}'><item jid='a@b@c'/></block></iq>`,
    );
    expect(bad).toContain('<error type="modify"><jid-malformed');
    const [other] = await send(
      romeo,
      `<iq type='get' id='x4' to='juliet@example.com'><blocklist xmlns='${B}'/></iq>`,
    );
    expect(other).toContain('<error type="auth"><forbidden');
    expect(await server.storage.kv.entries("blocking", "juliet@example.com")).toEqual([]);
  });

  it("sends unavailable presence to a subscribed contact on block, presence again on unblock", async () => {
    await server.storage.roster.setItem("juliet@example.com", {
      jid: "romeo@example.com",
      subscription: "both",
      groups: [],
    });
    juliet.presence = stanza("<presence id='p'><show>away</show></presence>");
    await send(
      juliet,
      `<iq type='set' id='b'><block xmlns='${B}'><item jid='romeo@example.com'/></block></iq>`,
    );
    expect(server.routed.map(out)).toEqual([
      '<presence type="unavailable" from="juliet@example.com/balcony" to="romeo@example.com"/>',
    ]);
    await send(
      juliet,
      `<iq type='set' id='u'><unblock xmlns='${B}'><item jid='romeo@example.com'/></unblock></iq>`,
    );
    expect(out(server.routed[1]!)).toBe(
      '<presence from="juliet@example.com/balcony" to="romeo@example.com"><show>away</show></presence>',
    );
  });

  it("no presence to a contact without a subscription", async () => {
    juliet.presence = stanza("<presence/>");
    await send(
      juliet,
      `<iq type='set' id='b'><block xmlns='${B}'><item jid='romeo@example.com'/></block></iq>`,
    );
    expect(server.routed).toEqual([]);
  });
});

describe("enforcement (XEP-0191 §3.3)", () => {
  beforeEach(async () => {
    await send(
      juliet,
      `<iq type='set' id='b'><block xmlns='${B}'><item jid='romeo@example.com'/></block></iq>`,
    );
    delivered.length = 0;
  });

  it("outbound message to a blocked contact: not-acceptable with <blocked/>", async () => {
    expect(
      await send(
        juliet,
        "<message to='romeo@example.com' type='chat' id='m1'><body>hi</body></message>",
      ),
    ).toEqual([
      '<message from="romeo@example.com" id="m1" to="juliet@example.com/balcony" type="error"><error type="modify"><not-acceptable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><blocked xmlns="urn:xmpp:blocking:errors"/></error></message>',
    ]);
    const [iq] = await send(
      juliet,
      "<iq to='romeo@example.com/orchard' type='get' id='q'><ping xmlns='urn:xmpp:ping'/></iq>",
    );
    expect(iq).toContain('<blocked xmlns="urn:xmpp:blocking:errors"/>');
    expect(await send(juliet, "<presence to='romeo@example.com'/>")).toEqual([]);
    expect(delivered).toEqual([]);
  });

  it("inbound: message bounced with service-unavailable, presence and iq results dropped", async () => {
    expect(
      await send(
        romeo,
        "<message to='juliet@example.com' type='chat' id='m2'><body>hi</body></message>",
      ),
    ).toEqual([
      '<message from="juliet@example.com" id="m2" to="romeo@example.com/orchard" type="error"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>',
    ]);
    expect(await send(romeo, "<presence to='juliet@example.com' type='subscribe'/>")).toEqual([]);
    expect(await send(romeo, "<iq to='juliet@example.com/balcony' type='result' id='r'/>")).toEqual(
      [],
    );
    const [iq] = await send(
      romeo,
      "<iq to='juliet@example.com/balcony' type='get' id='g'><ping xmlns='urn:xmpp:ping'/></iq>",
    );
    expect(iq).toContain("<service-unavailable");
    expect(delivered).toEqual([]);
  });

  it("the user's broadcast presence does not reach the blocked contact; others pass", async () => {
    await server.dispatch(
      stanza("<presence from='juliet@example.com/balcony' to='romeo@example.com'/>"),
    );
    expect(delivered).toEqual([]);
    await server.dispatch(
      stanza("<presence from='juliet@example.com/balcony' to='nurse@example.com'/>"),
    );
    expect(delivered).toHaveLength(1);
    await send(romeo, "<message to='nurse@example.com' id='n'><body>x</body></message>");
    expect(delivered).toHaveLength(2);
  });

  it("unblocking lets stanzas through again", async () => {
    await send(juliet, `<iq type='set' id='u'><unblock xmlns='${B}'/></iq>`);
    expect(
      await send(romeo, "<message to='juliet@example.com' id='m3'><body>hi</body></message>"),
    ).toEqual([]);
    expect(delivered).toHaveLength(1);
  });
});
