// slixmpp's mobile plugins against Parley: xep_0198 (stream management, resumption after the
// Python side aborts its socket), xep_0280 (carbons), xep_0313 (MAM with XEP-0059 paging) and
// xep_0352 (CSI). The driver is slix_mobile.py; scripted TestClients play the other devices.
import type { TestClient, TestServer } from "@parley/server/testing";
import { afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { device, heldFor, isPresence } from "./support/devices";
import { chat, lovers, once, startMobileServer, tally } from "./support/mobile";
import { Cleanup } from "./support/server";
import { type MobileEvent, SlixDriver } from "./support/slix-driver";
import { assertSlixmppInstalled } from "./support/slixmpp";
import { WAIT_MS } from "./support/waits";

const ROMEO = "romeo@localhost";
const ORCHARD = "romeo@localhost/orchard";
const JULIET = "juliet@localhost";
const PY = "juliet@localhost/py";
const DESKTOP = "juliet@localhost/desktop";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());
beforeAll(() => {
  assertSlixmppInstalled();
});

interface Scene {
  t: TestServer;
  slix: SlixDriver;
  romeo: TestClient;
  login: Record<string, unknown>;
}

/** Server, romeo online (TestClient), slixmpp logged in as juliet/py and available. */
async function scene(smacks: Record<string, unknown> = {}): Promise<Scene> {
  const t = cleanup.add(await startMobileServer(smacks), (s) => s.stop());
  await lovers(t);
  const romeo = (await device(t, "romeo", "orchard")).client;
  const slix = cleanup.add(await SlixDriver.start("slix_mobile.py", "slixmpp"), (s) => s.stop());
  const login = await slix.command(
    "connect",
    {
      jid: PY,
      password: "juliet-pw",
      host: "127.0.0.1",
      port: t.ports.c2s,
      caFile: inject("caFile"),
    },
    WAIT_MS * 2,
  );
  await slix.command("presence");
  await romeo.expect((e) => isPresence(e, PY, ROMEO));
  await slix.expect((e) => e.event === "presence" && e.from === ORCHARD, "romeo's presence");
  await slix.expect((e) => e.event === "presence" && e.from === PY, "its own presence");
  return { t, slix, romeo, login };
}

const isMessage = (body: string) => (e: MobileEvent) => e.event === "message" && e.body === body;
const isCarbon = (direction: string, body: string) => (e: MobileEvent) =>
  e.event === "carbon" && e.direction === direction && e.body === body;

describe("slixmpp xep_0198 with mod-smacks", () => {
  it("enables resumption, aborts its socket, resumes and gets what was sent meanwhile once", async () => {
    const { t, slix, romeo, login } = await scene({ ackRequestDelayMs: 50 });
    expect(login).toMatchObject({ sm: "sm_enabled", jid: PY });
    expect(login.smId).toEqual(expect.any(String));
    romeo.send(chat(PY, "m1"));
    await slix.expect(isMessage("m1"), "m1");

    const hibernated = t.server.metrics.get("sessions.hibernated");
    const drop = await slix.command("drop");
    expect(drop.smId).toBe(login.smId);
    await vi.waitFor(() =>
      expect(t.server.metrics.get("sessions.hibernated")).toBe(hibernated + 1),
    );
    romeo.send(chat(PY, "m2"));
    romeo.send(chat(JULIET, "m3"));
    await romeo.sync();
    // Still available while hibernating (RFC 6121 §4.5.2): no unavailable presence reached Romeo.
    expect(romeo.received.some((e) => e.attr("type") === "unavailable")).toBe(false);

    const resumed = await slix.command("resume", {}, WAIT_MS * 2);
    expect(resumed.outcome).toBe("session_resumed");
    expect(t.server.metrics.get("sessions.resumed")).toBe(1);
    await slix.expect(isMessage("m2"), "m2 after resumption");
    await slix.expect(isMessage("m3"), "m3 after resumption");
    // The resumed stream works both ways.
    romeo.send(chat(PY, "m4"));
    await slix.expect(isMessage("m4"), "m4");
    await slix.command("message", { to: ORCHARD, body: "back" });
    await romeo.expect((e) => e.localName === "message" && e.getChildText("body") === "back");
    const messages = slix.events.seen.filter((e) => e.event === "message");
    expect(tally(messages.map((e) => ({ body: String(e.body) })))).toEqual(
      once(["m1", "m2", "m3", "m4"]),
    );
  });
});

describe("slixmpp xep_0280 with mod-carbons", () => {
  it("gets a sent carbon of its other client's message and a received carbon of one to it", async () => {
    const { t, slix, romeo } = await scene();
    expect((await slix.command("carbons", { enable: true })).type).toBe("result");
    const desktop = (await device(t, "juliet", "desktop")).client;
    await slix.expect((e) => e.event === "presence" && e.from === DESKTOP, "desktop presence");

    // §6: what the desktop sends, slixmpp sees as <sent/>, with Juliet's archive id inside.
    desktop.send(chat(ORCHARD, "from the desktop"));
    const sent = await slix.expect(isCarbon("sent", "from the desktop"), "sent carbon");
    expect(sent).toMatchObject({ from: JULIET, to: PY, inner_from: DESKTOP, inner_to: ORCHARD });
    expect(sent.stanza_ids).toEqual([{ by: JULIET, id: expect.any(String) }]);

    // §5: a message to the desktop's full JID reaches slixmpp as <received/>.
    romeo.send(chat(DESKTOP, "to the desktop"));
    const received = await slix.expect(isCarbon("received", "to the desktop"), "received carbon");
    expect(received).toMatchObject({
      from: JULIET,
      to: PY,
      inner_from: ORCHARD,
      inner_to: DESKTOP,
    });
    const direct = await desktop.expect((e) => e.getChildText("body") === "to the desktop");
    const id = direct.getChildren("stanza-id", "urn:xmpp:sid:0")[0]?.attr("id");
    expect(received.stanza_ids).toEqual([{ by: JULIET, id }]);

    // To the bare JID both resources get the message itself (same priority): no carbon.
    romeo.send(chat(JULIET, "to both"));
    await slix.expect(isMessage("to both"), "bare message");
    await desktop.expect((e) => e.getChildText("body") === "to both");
    // Disabled: no more copies (the next message to slixmpp itself shows the stream is live).
    expect((await slix.command("carbons", { enable: false })).type).toBe("result");
    desktop.send(chat(ORCHARD, "unseen"));
    await desktop.sync();
    romeo.send(chat(PY, "marker"));
    await slix.expect(isMessage("marker"), "marker");
    const carbons = slix.events.seen.filter((e) => e.event === "carbon").map((e) => e.body);
    expect(carbons).toEqual(["from the desktop", "to the desktop"]);
    expect(slix.events.seen.filter((e) => e.event === "message").map((e) => e.body)).toEqual([
      "to both",
      "marker",
    ]);
  });
});

describe("slixmpp xep_0313 with mod-mam", () => {
  it("pages through the archive with RSM, by hand and with slixmpp's own iterator", async () => {
    const { slix, romeo } = await scene();
    const bodies = ["a1", "a2", "a3", "a4", "a5", "a6", "a7"];
    for (const body of bodies) romeo.send(chat(PY, body));
    const live = [];
    for (const body of bodies) live.push(await slix.expect(isMessage(body), body));
    const liveIds = live.map((e) => (e.stanza_ids as Array<{ by: string; id: string }>)[0]?.id);

    const page1 = await slix.command("mam_page", { max: 3 });
    expect(page1).toMatchObject({ complete: false, count: 7, index: 0 });
    expect(results(page1)).toEqual(bodies.slice(0, 3));
    const page2 = await slix.command("mam_page", { max: 3, after: page1.last });
    expect(results(page2)).toEqual(bodies.slice(3, 6));
    const page3 = await slix.command("mam_page", { max: 3, after: page2.last });
    expect(page3).toMatchObject({ complete: true });
    expect(results(page3)).toEqual(["a7"]);
    // XEP-0359: the archive ids are the stanza-ids stamped on the live messages.
    const ids = [page1, page2, page3].flatMap((p) =>
      (p.results as Array<{ id: string }>).map((r) => r.id),
    );
    expect(ids).toEqual(liveIds);
    expect(new Set(ids).size).toBe(7);
    const before = await slix.command("mam_page", { max: 3, before: page3.first });
    expect(results(before)).toEqual(bodies.slice(3, 6));

    const forward = await slix.command("mam_all", { max: 3 });
    const pages = forward.pages as Array<{ results: unknown[] }>;
    expect(pages.map((p) => results(p))).toEqual([bodies.slice(0, 3), bodies.slice(3, 6), ["a7"]]);
    // Backwards from the last page (an empty <before/>, XEP-0059 §2.5): slixmpp 1.8.3's iterator
    // stops after it, because it reads "index + items = count" as the end in both directions;
    // the pages before it are asked by hand.
    const backward = await slix.command("mam_all", { max: 3, reverse: true });
    const lastPage = (backward.pages as Array<Record<string, unknown>>)[0]!;
    expect(lastPage).toMatchObject({ index: 4, count: 7 });
    expect(results(lastPage)).toEqual(bodies.slice(4));
    const middle = await slix.command("mam_page", { max: 3, before: lastPage.first });
    expect(middle).toMatchObject({ index: 1, complete: false });
    expect(results(middle)).toEqual(bodies.slice(1, 4));
    const head = await slix.command("mam_page", { max: 3, before: middle.first });
    expect(head).toMatchObject({ index: 0, complete: true });
    expect(results(head)).toEqual(["a1"]);
    const filtered = await slix.command("mam_page", { max: 10, with: ROMEO });
    expect(results(filtered)).toEqual(bodies);
    expect(filtered).toMatchObject({ complete: true, count: 7 });
  });
});

describe("slixmpp xep_0352 with mod-csi", () => {
  it("an inactive slixmpp gets presence updates only after <active/>, messages at once", async () => {
    const { t, slix, romeo } = await scene();
    const inactive = async () => {
      expect((await slix.command("csi", { state: "inactive" })).enabled).toBe(true);
      await slix.command("sync"); // the server handled <inactive/> (an iq answer flushes nothing)
    };
    const shows = () => slix.events.seen.filter((e) => e.event === "presence").map((e) => e.show);
    const before = shows().length;
    await inactive();
    romeo.send("<presence><show>dnd</show></presence>");
    romeo.send("<presence><show>away</show></presence>");
    await romeo.sync();
    await vi.waitFor(() => expect(heldFor(t, PY)).toBe(1)); // collapsed: the latest per sender
    expect(slix.events.seen.filter((e) => e.event === "presence").slice(before)).toEqual([]);
    await slix.command("csi", { state: "active" });
    const away = await slix.expect((e) => e.event === "presence" && e.show === "away", "away");
    expect(away.from).toBe(ORCHARD);
    expect(heldFor(t, PY)).toBe(0);
    expect(shows().slice(before)).toEqual(["away"]);

    // Inactive again: a message is important and comes at once (XEP-0352 §3.2), right after
    // what was held, so that the client's view stays in order.
    await inactive();
    romeo.send("<presence><show>xa</show></presence>");
    await romeo.sync();
    await vi.waitFor(() => expect(heldFor(t, PY)).toBe(1));
    romeo.send(chat(PY, "wake up"));
    await slix.expect(isMessage("wake up"), "message while inactive");
    const order = slix.events.seen.map((e) => (e.event === "message" ? e.body : e.show));
    expect(order.slice(-2)).toEqual(["xa", "wake up"]);
    expect(heldFor(t, PY)).toBe(0);
  });
});

function results(page: Record<string, unknown>): string[] {
  return (page.results as Array<{ body: string }>).map((r) => r.body);
}
