// The interplay scenario with @parley/client as Juliet's phone: its own XEP-0198 acks and
// resumption (reconnecting by itself), enableCarbons/onCarbon and queryArchive. The phone's
// "network" is a gate in front of the client's connector, so an outage lasts exactly as long as
// the test wants: shorter than the resumption window once, longer the second time.
import {
  type Carbon,
  type Client,
  ConnectionError,
  createClient,
  enableCarbons,
  onCarbon,
  queryArchive,
} from "@parley/client";
import { connect } from "@parley/client/transport";
import type { TestServer } from "@parley/server/testing";
import { type Element, xml } from "@parley/xml";
import { expect, vi } from "vitest";
import { device, heldFor, isPresence, isUnavailable, settle } from "./devices";
import { NS_CSI, chat, expectBodies, once, seen, seenBy, stanzaIdOf, tally } from "./mobile";
import type { Cleanup } from "./server";
import { Inbox, within } from "./waits";

const ROMEO = "romeo@localhost";
const ORCHARD = "romeo@localhost/orchard";
const JULIET = "juliet@localhost";
const PHONE = "juliet@localhost/phone";
const DESKTOP = "juliet@localhost/desktop";

interface Phone {
  client: Client;
  /** Every stanza the phone received, over all its connections. */
  stanzas: Inbox<Element>;
  carbons: Carbon[];
  online: Inbox<{ resumed: boolean }>;
  errors: Error[];
  network: { up: boolean };
}

async function startPhone(t: TestServer, cleanup: Cleanup): Promise<Phone> {
  const network = { up: true };
  const client = createClient({
    jid: JULIET,
    password: "juliet-pw",
    resource: "phone",
    host: "127.0.0.1",
    port: t.ports.c2s,
    tls: "starttls",
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    connector: (request) =>
      network.up
        ? connect(request)
        : Promise.reject(new ConnectionError("connection-failed", "no network (test)")),
  });
  cleanup.add(client, (c) => c.stop());
  const phone: Phone = {
    client,
    stanzas: new Inbox(String),
    carbons: [],
    online: new Inbox((o) => JSON.stringify(o)),
    errors: [],
    network,
  };
  client.on("stanza", (el) => phone.stanzas.push(el));
  client.on("online", ({ resumed }) => phone.online.push({ resumed }));
  client.on("error", (e) => phone.errors.push(e));
  onCarbon(client, (c) => phone.carbons.push(c));
  await within(client.start(), "@parley/client phone: start");
  await phone.online.take((o) => !o.resumed, "phone online");
  await enableCarbons(client);
  client.send(xml("presence"));
  await phone.stanzas.take((e) => isPresence(e, PHONE, PHONE), "own presence");
  return phone;
}

function say(phone: Phone, to: string, body: string): void {
  phone.client.send(xml("message", { to, type: "chat", id: body }, xml("body", null, body)));
}

async function phoneGot(phone: Phone, bodies: readonly string[]) {
  const out = [];
  for (const body of bodies) {
    const el = await phone.stanzas.take((e) => seen(e, JULIET)?.body === body, `phone: ${body}`);
    out.push(seen(el, JULIET)!);
  }
  return out;
}

/** Stanzas the server still waits to have acknowledged by the phone (XEP-0198, server side). */
function unackedOnServer(t: TestServer): number {
  const session = t.server.sessions().find((s) => s.jid?.toString() === PHONE);
  const state = session?.data.get("smacks") as { out: { size: number } } | undefined;
  if (!state) throw new Error("the phone's session has no stream management state");
  return state.out.size;
}

/** Cuts the phone's network and drops its socket; resolves once the server hibernated it. */
async function outage(t: TestServer, phone: Phone): Promise<void> {
  const before = t.server.metrics.get("sessions.hibernated");
  phone.network.up = false;
  phone.client.dropConnection();
  await vi.waitFor(() => expect(t.server.metrics.get("sessions.hibernated")).toBe(before + 1), {
    timeout: 15_000,
  });
}

export async function mobileClientScenario(t: TestServer, cleanup: Cleanup): Promise<void> {
  const romeo = (await device(t, "romeo", "orchard")).client;
  const desktop = (await device(t, "juliet", "desktop", { carbons: true })).client;
  const phone = await startPhone(t, cleanup);
  await romeo.expect((e) => isPresence(e, PHONE, ROMEO));
  await desktop.expect((e) => isPresence(e, PHONE, DESKTOP));
  await settle(romeo, desktop);

  // CSI from the client: held while inactive, delivered on <active/>.
  phone.client.send(xml("inactive", { xmlns: NS_CSI }));
  romeo.send("<presence><show>away</show></presence>");
  await desktop.expect((e) => isPresence(e, ORCHARD, DESKTOP, "away"));
  await vi.waitFor(() => expect(heldFor(t, PHONE)).toBe(1));
  expect(phone.stanzas.seen.some((e) => isPresence(e, ORCHARD, PHONE, "away"))).toBe(false);
  phone.client.send(xml("active", { xmlns: NS_CSI }));
  await phone.stanzas.take((e) => isPresence(e, ORCHARD, PHONE, "away"), "presence on active");

  const send = (n: number, phoneToo: boolean) => {
    romeo.send(chat(JULIET, `r${n}-bare`));
    romeo.send(chat(PHONE, `r${n}-phone`));
    romeo.send(chat(DESKTOP, `r${n}-desktop`));
    desktop.send(chat(ORCHARD, `d${n}-out`));
    if (phoneToo) say(phone, ORCHARD, `p${n}-out`);
  };
  const fromRomeo = (n: number) => [`r${n}-bare`, `r${n}-phone`, `r${n}-desktop`];

  send(1, true);
  await phoneGot(phone, [...fromRomeo(1), "d1-out"]);
  await expectBodies(desktop, JULIET, [...fromRomeo(1), "p1-out"]);
  await expectBodies(romeo, ROMEO, ["d1-out", "p1-out"]);

  // A short outage: the client reconnects by itself and resumes (XEP-0198 §5).
  await outage(t, phone);
  send(2, false);
  await expectBodies(desktop, JULIET, fromRomeo(2));
  await expectBodies(romeo, ROMEO, ["d2-out"]);
  phone.network.up = true;
  expect(await phone.online.take(() => true, "phone back online", 20_000)).toEqual({
    resumed: true,
  });
  await phoneGot(phone, [...fromRomeo(2), "d2-out"]);

  send(3, true);
  await phoneGot(phone, [...fromRomeo(3), "d3-out"]);
  await expectBodies(desktop, JULIET, [...fromRomeo(3), "p3-out"]);
  await expectBodies(romeo, ROMEO, ["d3-out", "p3-out"]);
  // The client answers the server's <r/> on its own: wait until everything is acknowledged.
  await vi.waitFor(() => expect(unackedOnServer(t)).toBe(0), { timeout: 15_000 });

  // A long outage: the window ends, the unacknowledged messages go offline.
  await outage(t, phone);
  send(4, false);
  await expectBodies(desktop, JULIET, fromRomeo(4));
  await expectBodies(romeo, ROMEO, ["d4-out"]);
  await romeo.expect((e) => isUnavailable(e, PHONE), { timeoutMs: 20_000 });
  await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(4), {
    timeout: 15_000,
  });
  romeo.send(chat(PHONE, "r5-phone"));
  await expectBodies(desktop, JULIET, ["r5-phone"]);

  // Network back: resumption fails (<failed/>), the client binds anew and sends its presence
  // again, which brings the offline messages, delayed. The app enables carbons again.
  phone.network.up = true;
  expect(await phone.online.take(() => true, "phone online again", 20_000)).toEqual({
    resumed: false,
  });
  await enableCarbons(phone.client);
  const late = await phoneGot(phone, [...fromRomeo(4), "d4-out"]);
  expect(late.map((s) => `${s.body}:${s.kind}:${s.delayed}`)).toEqual([
    "r4-bare:direct:true",
    "r4-phone:direct:true",
    "r4-desktop:received:true",
    "d4-out:sent:true",
  ]);
  // Offline messages leave storage once the phone acknowledged them (XEP-0198 <a/>).
  await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(0));

  // The archive through queryArchive (XEP-0313 with RSM paging, 4 per page).
  const archived: Array<{ id: string; body: string }> = [];
  let pages = 0;
  for await (const page of queryArchive(phone.client, { max: 4 })) {
    pages++;
    for (const m of page.messages) {
      archived.push({ id: m.id, body: m.message.getChildText("body") ?? "(no body)" });
    }
  }
  await settle(romeo, desktop);
  const rounds = [1, 2, 3, 4];
  const exchanged = [
    ...rounds.flatMap((n) => [...fromRomeo(n), `d${n}-out`]),
    "p1-out",
    "p3-out",
    "r5-phone",
  ];
  expect(tally(archived)).toEqual(once(exchanged));
  expect(pages).toBe(Math.ceil(exchanged.length / 4));
  const ids = new Map(archived.map((a) => [a.body, a.id]));

  // Each device, counted by body.
  const phoneSaw = phone.stanzas.seen.flatMap((el) => seen(el, JULIET) ?? []);
  expect(tally(phoneSaw)).toEqual(once(rounds.flatMap((n) => [...fromRomeo(n), `d${n}-out`])));
  expect(tally(seenBy([desktop], JULIET))).toEqual(
    once([...rounds.flatMap(fromRomeo), "p1-out", "p3-out", "r5-phone"]),
  );
  expect(tally(seenBy([romeo], ROMEO))).toEqual(
    once(["d1-out", "p1-out", "d2-out", "d3-out", "p3-out", "d4-out"]),
  );
  // onCarbon saw the same carbons as the raw stanzas, with the archive's stanza-ids inside.
  const carbonView = phone.carbons.map((c) => ({
    body: c.message.getChildText("body") ?? "",
    kind: c.direction,
    stanzaId: stanzaIdOf(c.message, JULIET),
  }));
  expect(carbonView).toEqual(
    phoneSaw
      .filter((s) => s.kind !== "direct")
      .map((s) => ({ body: s.body, kind: s.kind, stanzaId: ids.get(s.body) })),
  );
  const wrong = [...phoneSaw, ...seenBy([desktop], JULIET)]
    .filter((s) => s.stanzaId !== ids.get(s.body))
    .map((s) => `${s.body} (${s.kind}): stanza-id ${s.stanzaId}, archive ${ids.get(s.body)}`);
  expect(wrong).toEqual([]);
  expect(phone.errors.map(String)).toEqual([]);
}
