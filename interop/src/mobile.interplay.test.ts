// Issue 7's interplay scenario over real sockets: Juliet's phone (XEP-0198 with resumption,
// carbons XEP-0280, CSI XEP-0352) and desktop (carbons), Romeo writing to her bare JID and to
// each device. The phone drops and resumes, then drops for longer than the resumption window:
// its unacknowledged messages go to offline storage (XEP-0160) and arrive, delayed, on its next
// login; MAM (XEP-0313) holds every message exactly once under the stanza-id (XEP-0359) the
// devices saw. Nothing lost, nothing twice, on any device.
import type { TestServer } from "@parley/server/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mobileClientScenario } from "./support/client-phone";
import {
  askAck,
  clientState,
  device,
  dropConnection,
  heldFor,
  isPresence,
  isUnavailable,
  resume,
  settle,
} from "./support/devices";
import {
  type Seen,
  chat,
  expectBodies,
  lovers,
  once,
  seenBy,
  stanzasAfter,
  startMobileServer,
  tally,
  wholeArchive,
} from "./support/mobile";
import { Cleanup } from "./support/server";

const ROMEO = "romeo@localhost";
const ORCHARD = "romeo@localhost/orchard";
const JULIET = "juliet@localhost";
const PHONE = "juliet@localhost/phone";
const DESKTOP = "juliet@localhost/desktop";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Romeo writes to Juliet's bare JID, her phone and her desktop; each device writes back. */
function round(n: number): { fromRomeo: string[]; fromDesktop: string; fromPhone: string } {
  return {
    fromRomeo: [`r${n}-bare`, `r${n}-phone`, `r${n}-desktop`],
    fromDesktop: `d${n}-out`,
    fromPhone: `p${n}-out`,
  };
}

describe("phone + desktop: stream management, carbons, CSI, offline storage and MAM together", () => {
  let t: TestServer;
  beforeEach(async () => {
    // A short resumption window (the scenario waits for it once); the server asks for acks soon, never drops for a missing one.
    const smacks = { resumeTimeoutMs: 5000, ackRequestDelayMs: 50, ackTimeoutMs: 0 };
    t = cleanup.add(await startMobileServer(smacks), (s) => s.stop());
    await lovers(t);
  });

  it("a scripted phone that drops, resumes, then times out: every device sees everything once", async () => {
    const romeo = (await device(t, "romeo", "orchard")).client;
    const desktop = (await device(t, "juliet", "desktop", { carbons: true })).client;
    const { client: phone1, enabled } = await device(t, "juliet", "phone", {
      sm: true,
      carbons: true,
    });
    const smId = enabled!.attr("id")!;
    await romeo.expect((e) => isPresence(e, PHONE, ROMEO));
    await desktop.expect((e) => isPresence(e, PHONE, DESKTOP));
    await settle(romeo, desktop, phone1);

    // CSI (XEP-0352 §3.2, §4.2): an inactive phone is not woken by a presence update; <active/>
    // delivers it.
    clientState(phone1, "inactive");
    romeo.send("<presence><show>away</show></presence>");
    await desktop.expect((e) => isPresence(e, ORCHARD, DESKTOP, "away"));
    await vi.waitFor(() => expect(heldFor(t, PHONE)).toBe(1));
    expect(phone1.received.some((e) => isPresence(e, ORCHARD, PHONE, "away"))).toBe(false);
    clientState(phone1, "active");
    await phone1.expect((e) => isPresence(e, ORCHARD, PHONE, "away"));
    expect(heldFor(t, PHONE)).toBe(0);
    clientState(phone1, "inactive");

    // Round 1, everyone connected. Messages with a body are never held back by CSI.
    const r1 = round(1);
    for (const [to, body] of zip([JULIET, PHONE, DESKTOP], r1.fromRomeo)) {
      romeo.send(chat(to, body));
    }
    desktop.send(chat(ORCHARD, r1.fromDesktop));
    phone1.send(chat(ORCHARD, r1.fromPhone));
    await expectBodies(phone1, JULIET, [...r1.fromRomeo, r1.fromDesktop]);
    await expectBodies(desktop, JULIET, [...r1.fromRomeo, r1.fromPhone]);
    await expectBodies(romeo, ROMEO, [r1.fromDesktop, r1.fromPhone]);
    // A presence update the inactive phone does not get yet: it must survive the drop.
    romeo.send("<presence><show>xa</show></presence>");
    await desktop.expect((e) => isPresence(e, ORCHARD, DESKTOP, "xa"));
    await vi.waitFor(() => expect(heldFor(t, PHONE)).toBe(1));

    // The phone's network goes away (XEP-0198 §5): no stream close. What it got so far is its 'h'.
    const serverH = await askAck(phone1);
    const h1 = stanzasAfter(phone1, enabled!);
    await dropConnection(t, phone1);
    const r2 = round(2);
    for (const [to, body] of zip([JULIET, PHONE, DESKTOP], r2.fromRomeo)) {
      romeo.send(chat(to, body));
    }
    desktop.send(chat(ORCHARD, r2.fromDesktop));
    await expectBodies(desktop, JULIET, r2.fromRomeo);
    await expectBodies(romeo, ROMEO, [r2.fromDesktop]);

    // Resumption on a new connection: the server's 'h' is what the phone sent; what the phone
    // missed comes once, and the held presence with it (a resumed stream is active, §5.2).
    const { client: phone2, answer: resumed } = await resume(t, "juliet", smId, h1);
    expect(resumed.localName).toBe("resumed");
    expect(resumed.attr("h")).toBe(String(serverH));
    await expectBodies(phone2, JULIET, [...r2.fromRomeo, r2.fromDesktop]);
    await phone2.expect((e) => isPresence(e, ORCHARD, PHONE, "xa"));

    // Round 3 on the resumed stream.
    const r3 = round(3);
    for (const [to, body] of zip([JULIET, PHONE, DESKTOP], r3.fromRomeo)) {
      romeo.send(chat(to, body));
    }
    desktop.send(chat(ORCHARD, r3.fromDesktop));
    phone2.send(chat(ORCHARD, r3.fromPhone));
    await expectBodies(phone2, JULIET, [...r3.fromRomeo, r3.fromDesktop]);
    await expectBodies(desktop, JULIET, [...r3.fromRomeo, r3.fromPhone]);
    await expectBodies(romeo, ROMEO, [r3.fromDesktop, r3.fromPhone]);

    // The phone acknowledges everything, then loses its network for longer than the window.
    await settle(romeo, desktop, phone2);
    phone2.send(`<a xmlns="urn:xmpp:sm:3" h="${h1 + stanzasAfter(phone2, resumed)}"/>`);
    await askAck(phone2);
    await dropConnection(t, phone2);
    const r4 = round(4);
    for (const [to, body] of zip([JULIET, PHONE, DESKTOP], r4.fromRomeo)) {
      romeo.send(chat(to, body));
    }
    desktop.send(chat(ORCHARD, r4.fromDesktop));
    await expectBodies(desktop, JULIET, r4.fromRomeo);
    await expectBodies(romeo, ROMEO, [r4.fromDesktop]);
    // The window ends: unavailable presence only now (RFC 6121 §4.5.2), and the four messages
    // the phone never acknowledged (two direct, two carbons) are in offline storage.
    await romeo.expect((e) => isUnavailable(e, PHONE), { timeoutMs: 20_000 });
    await desktop.expect((e) => isUnavailable(e, PHONE), { timeoutMs: 20_000 });
    await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(4), {
      timeout: 15_000,
    });
    // The phone's full JID is gone: a chat to it goes to the bare JID (RFC 6121 §8.5.3.2.1).
    romeo.send(chat(PHONE, "r5-phone"));
    await expectBodies(desktop, JULIET, ["r5-phone"]);
    expect(await t.storage.offline.count(JULIET)).toBe(4);

    // Next login of the phone: the stored messages, each with a XEP-0203 delay, once.
    const { client: phone3, enabled: enabled3 } = await device(t, "juliet", "phone", {
      sm: true,
      carbons: true,
    });
    const late = await expectBodies(phone3, JULIET, [...r4.fromRomeo, r4.fromDesktop]);
    expect(late.map((s) => `${s.body}:${s.kind}:${s.delayed}`)).toEqual([
      "r4-bare:direct:true",
      "r4-phone:direct:true",
      "r4-desktop:received:true",
      "d4-out:sent:true",
    ]);
    // Offline messages leave storage once the phone acknowledged them (XEP-0198 <a/>), not before.
    expect(await t.storage.offline.count(JULIET)).toBe(4);
    phone3.send(`<a xmlns="urn:xmpp:sm:3" h="${stanzasAfter(phone3, enabled3!)}"/>`);
    await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(0));

    // MAM: every message Romeo and Juliet exchanged, once, under the stanza-id the devices saw.
    const archive = await wholeArchive(phone3, 4);
    await settle(romeo, desktop, phone3);
    const rounds = [r1, r2, r3, r4];
    const exchanged = [
      ...rounds.flatMap((r) => [...r.fromRomeo, r.fromDesktop]),
      r1.fromPhone,
      r3.fromPhone,
      "r5-phone",
    ];
    expect(tally(archive.map((a) => ({ body: a.body ?? "(no body)" })))).toEqual(once(exchanged));
    const ids = new Map(archive.map((a) => [a.body!, a.id]));
    expect(new Set(ids.values()).size).toBe(exchanged.length);

    const phoneSaw = seenBy([phone1, phone2, phone3], JULIET);
    const desktopSaw = seenBy([desktop], JULIET);
    expect(tally(phoneSaw)).toEqual(once(rounds.flatMap((r) => [...r.fromRomeo, r.fromDesktop])));
    expect(tally(desktopSaw)).toEqual(
      once([...rounds.flatMap((r) => r.fromRomeo), r1.fromPhone, r3.fromPhone, "r5-phone"]),
    );
    expect(tally(seenBy([romeo], ROMEO))).toEqual(
      once([...rounds.map((r) => r.fromDesktop), r1.fromPhone, r3.fromPhone]),
    );
    expectStableIds([...phoneSaw, ...desktopSaw], ids);
  });

  it("the same scenario with @parley/client as the phone (SM resumption, carbons, queryArchive)", async () => {
    await mobileClientScenario(t, cleanup);
  });
});

/** XEP-0359: each delivered copy carries its archive id (by = the account), stable everywhere. */
function expectStableIds(saw: readonly Seen[], ids: ReadonlyMap<string, string>): void {
  const wrong = saw
    .filter((s) => s.stanzaId !== ids.get(s.body))
    .map((s) => `${s.body} (${s.kind}): stanza-id ${s.stanzaId}, archive id ${ids.get(s.body)}`);
  expect(wrong).toEqual([]);
}

function zip<A, B>(a: readonly A[], b: readonly B[]): Array<[A, B]> {
  return a.map((x, i) => [x, b[i]!]);
}
