// Scenario tests for XEP-0398 over real sockets: PEP avatar → vcard-temp PHOTO (§3.1), vCard
// PHOTO → PEP avatar with notifications (§3.2), the account feature (§2), presence hashes in both
// directions (§4), no conversion loops, and bad input (non-base64, too big, wrong hash).
import { defineModule } from "@parley/server";
import { MemoryStorage } from "@parley/storage";
import type { Element } from "@parley/xml";
import { afterEach, describe, expect, it } from "vitest";
import {
  EVENT,
  INFO,
  OWNER,
  PUBSUB,
  befriend,
  errorOf,
  isEvent,
  itemsIq,
  online,
  publishIq,
} from "./support";
import {
  DATA,
  METADATA,
  VCARD,
  b64,
  expectNoEvents,
  fakePng,
  photo,
  sha1Hex,
  slowVcardStorage,
  startWithVcard,
  stopVcardServers,
  unb64,
  vcardGet,
  vcardSet,
  wrapped,
} from "./vcard-support";

afterEach(stopVcardServers);

const JULIET = "juliet@localhost";

function photoOf(reply: Element): { type?: string; bytes?: Uint8Array } | undefined {
  const p = reply.getChild("vCard", VCARD)?.getChild("PHOTO", VCARD);
  if (!p) return undefined;
  const binval = p.getChildText("BINVAL", VCARD);
  return { type: p.getChildText("TYPE", VCARD), bytes: binval ? unb64(binval) : undefined };
}

const hasUpdate = (e: Element) =>
  e.localName === "presence" && e.getChild("x", "vcard-temp:x:update") !== undefined;

function infoOf(el: Element): Element | undefined {
  const item =
    el.getChild("event", EVENT)?.getChild("items", EVENT)?.getChild("item", EVENT) ??
    el.getChild("pubsub", PUBSUB)?.getChild("items", PUBSUB)?.getChild("item", PUBSUB);
  return item?.getChild("metadata", METADATA)?.getChild("info", METADATA);
}

async function publishAvatar(
  c: Awaited<ReturnType<typeof online>>,
  bytes: Uint8Array,
  info = "",
): Promise<string> {
  const id = await sha1Hex(bytes);
  const data = await c.iq(publishIq(DATA, id, `<data xmlns="${DATA}">${b64(bytes)}</data>`));
  expect(data.attr("type")).toBe("result");
  const meta = await c.iq(
    publishIq(
      METADATA,
      id,
      `<metadata xmlns="${METADATA}"><info id="${id}" bytes="${bytes.length}" type="image/png" width="4" height="5"/>${info}</metadata>`,
    ),
  );
  expect(meta.attr("type")).toBe("result");
  return id;
}

describe("XEP-0398 §2 discovery", () => {
  it("the account's disco#info lists urn:xmpp:pep-vcard-conversion:0", async () => {
    const { t } = await startWithVcard();
    const juliet = await online(t, "juliet");
    const r = await juliet.iq(`<iq type="get" to="${JULIET}"><query xmlns="${INFO}"/></iq>`);
    const features = r
      .getChild("query", INFO)!
      .getChildren("feature")
      .map((f) => f.attr("var"));
    expect(features).toContain("urn:xmpp:pep-vcard-conversion:0");
  });

  it("vcardConversion: false turns it all off", async () => {
    const { t } = await startWithVcard({ vcardConversion: false });
    const juliet = await online(t, "juliet");
    const r = await juliet.iq(`<iq type="get" to="${JULIET}"><query xmlns="${INFO}"/></iq>`);
    expect(r.toString()).not.toContain("pep-vcard-conversion");
    await publishAvatar(juliet, fakePng(4, 5));
    expect(errorOf(await juliet.iq(vcardGet())).condition).toBe("item-not-found");
  });
});

describe("XEP-0398 §3.1 PEP → vCard", () => {
  it("a published avatar becomes the vCard PHOTO; disabling it removes the PHOTO", async () => {
    const { t } = await startWithVcard();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo");
    const juliet = await online(t, "juliet");
    // A vCard with other fields first: they must survive both conversions.
    expect((await juliet.iq(vcardSet("<FN>Juliet Capulet</FN>"))).attr("type")).toBe("result");

    const bytes = fakePng(4, 5, 300);
    const id = await publishAvatar(juliet, bytes);
    // The metadata publish was answered after the vCard was written.
    const own = await juliet.iq(vcardGet());
    expect(own.getChild("vCard", VCARD)?.getChildText("FN", VCARD)).toBe("Juliet Capulet");
    expect(photoOf(own)).toEqual({ type: "image/png", bytes });
    // Legacy clients read it through the bare JID (XEP-0153 §3.2).
    expect(photoOf(await romeo.iq(vcardGet(JULIET)))).toEqual({ type: "image/png", bytes });

    // §4: the presence hash is the id, which is the SHA-1 of the vCard photo's bytes.
    juliet.send("<presence/>");
    const p = await romeo.expect(hasUpdate);
    expect(p.getChild("x", "vcard-temp:x:update")?.getChildText("photo")).toBe(id);
    expect(await sha1Hex(photoOf(await romeo.iq(vcardGet(JULIET)))!.bytes!)).toBe(id);

    // XEP-0084 §4.3: empty metadata disables the avatar → no PHOTO, FN kept, empty <photo/>.
    await juliet.iq(publishIq(METADATA, "off", `<metadata xmlns="${METADATA}"/>`));
    const after = await juliet.iq(vcardGet());
    expect(photoOf(after)).toBeUndefined();
    expect(after.getChild("vCard", VCARD)?.getChildText("FN", VCARD)).toBe("Juliet Capulet");
    juliet.send("<presence/>");
    await romeo.expect(
      `<presence from="${JULIET}/res" to="romeo@localhost"><x xmlns="vcard-temp:x:update"><photo/></x></presence>`,
    );
  });

  it("creates the vCard when there was none; picks the <info/> without a URL", async () => {
    const { t } = await startWithVcard();
    const juliet = await online(t, "juliet");
    const bytes = fakePng(8, 8, 100, 2);
    await publishAvatar(
      juliet,
      bytes,
      `<info id="0123456789abcdef0123456789abcdef01234567" bytes="9" type="image/gif" url="https://img.example/a.gif"/>`,
    );
    const r = await juliet.iq(vcardGet());
    expect(
      r
        .getChild("vCard", VCARD)!
        .elements()
        .map((e) => e.localName),
    ).toEqual(["PHOTO"]);
    expect(photoOf(r)).toEqual({ type: "image/png", bytes });
    // Disabling leaves an empty vCard, which is no vCard at all (as the built-in stores it).
    await juliet.iq(publishIq(METADATA, "off", `<metadata xmlns="${METADATA}"/>`));
    expect(errorOf(await juliet.iq(vcardGet())).condition).toBe("item-not-found");
    // Deleting the metadata node after a new avatar also removes the PHOTO.
    await publishAvatar(juliet, bytes);
    expect(photoOf(await juliet.iq(vcardGet()))).toBeDefined();
    const del = await juliet.iq(
      `<iq type="set"><pubsub xmlns="${OWNER}"><delete node="${METADATA}"/></pubsub></iq>`,
    );
    expect(del.attr("type")).toBe("result");
    expect(errorOf(await juliet.iq(vcardGet())).condition).toBe("item-not-found");
  });

  it("a data item whose SHA-1 is not its id is not converted (logged), and a stale PHOTO goes", async () => {
    const { t, log } = await startWithVcard();
    const juliet = await online(t, "juliet");
    await publishAvatar(juliet, fakePng(4, 5, 50, 3));
    expect(photoOf(await juliet.iq(vcardGet()))).toBeDefined();
    const wrongId = "111f4b3c50d7b0df729d299bc6f8e9ef9066971f";
    await juliet.iq(publishIq(DATA, wrongId, `<data xmlns="${DATA}">AAAA</data>`));
    await juliet.iq(
      publishIq(
        METADATA,
        wrongId,
        `<metadata xmlns="${METADATA}"><info id="${wrongId}" bytes="3" type="image/png"/></metadata>`,
      ),
    );
    const warning = await log.warning("avatar not converted to the vCard");
    expect(warning.fields).toMatchObject({ owner: JULIET, reason: "SHA-1 does not match the id" });
    expect(errorOf(await juliet.iq(vcardGet())).condition).toBe("item-not-found");
  });

  it("an avatar larger than vcardMaxBytes leaves the vCard without PHOTO (logged)", async () => {
    const { t, log } = await startWithVcard({ vcardMaxBytes: 1000 });
    const juliet = await online(t, "juliet");
    await juliet.iq(vcardSet("<NICKNAME>jc</NICKNAME>"));
    await publishAvatar(juliet, fakePng(4, 5, 2000));
    expect((await log.warning("avatar too large for the vCard")).fields).toMatchObject({
      owner: JULIET,
    });
    const r = await juliet.iq(vcardGet());
    expect(photoOf(r)).toBeUndefined();
    expect(r.getChild("vCard", VCARD)?.getChildText("NICKNAME", VCARD)).toBe("jc");
  });
});

describe("XEP-0398 §4 presence", () => {
  it("injects the hash into directed presence to a service (MUC join); keeps a client's empty <photo/>", async () => {
    const joins: Element[] = [];
    const muc = defineModule({
      name: "fake-muc",
      setup(ctx) {
        ctx.addComponent("conference.localhost", (event) => {
          if (event.kind === "presence") joins.push(event.stanza);
          return true;
        });
      },
    });
    const { t } = await startWithVcard({}, {}, undefined, [muc]);
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo");
    const juliet = await online(t, "juliet", { notify: [METADATA] });
    const bytes = fakePng(5, 5, 30, 7);
    await juliet.iq(vcardSet(photo("image/png", b64(bytes))));
    await juliet.expect(isEvent(JULIET, METADATA));
    juliet.send(
      `<presence to="room@conference.localhost/jul"><x xmlns="http://jabber.org/protocol/muc"/></presence>`,
    );
    await juliet.sync();
    expect(joins).toHaveLength(1);
    expect(joins[0]!.getChild("x", "vcard-temp:x:update")?.getChildText("photo")).toBe(
      await sha1Hex(bytes),
    );
    // §4: a presence with an empty <photo/> passes as the client wrote it.
    juliet.send(`<presence><x xmlns="vcard-temp:x:update"><photo/></x></presence>`);
    await romeo.expect(
      `<presence from="${JULIET}/res" to="romeo@localhost"><x xmlns="vcard-temp:x:update"><photo/></x></presence>`,
    );
  });

  it("without an avatar node, the hash of a vCard stored before conversion was on", async () => {
    const storage = new MemoryStorage();
    const bytes = fakePng(2, 2, 10, 8);
    await storage.kv.set(
      "vcard",
      JULIET,
      "vcard",
      `<vCard xmlns="vcard-temp"><PHOTO><TYPE>image/png</TYPE><BINVAL>${b64(bytes)}</BINVAL></PHOTO></vCard>`,
    );
    const { t } = await startWithVcard({}, {}, storage);
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo");
    const juliet = await t.login("juliet", { resource: "res" });
    juliet.send("<presence/>");
    const p = await romeo.expect(hasUpdate);
    expect(p.getChild("x", "vcard-temp:x:update")?.getChildText("photo")).toBe(
      await sha1Hex(bytes),
    );
  });
});

describe("XEP-0398 §3.2 vCard → PEP", () => {
  it("a vCard PHOTO is published as avatar data + metadata; contacts are notified", async () => {
    const { t } = await startWithVcard();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", { notify: [METADATA] });
    const juliet = await online(t, "juliet");
    const stranger = await online(t, "iago");
    const bytes = fakePng(16, 9, 500, 4);
    const id = await sha1Hex(bytes);
    const set = vcardSet(`<FN>Juliet</FN>${photo("image/png", wrapped(b64(bytes)))}`);
    expect((await juliet.iq(set)).attr("type")).toBe("result");

    const note = await romeo.expect(isEvent(JULIET, METADATA));
    expect(
      note.getChild("event", EVENT)?.getChild("items", EVENT)?.getChild("item")?.attr("id"),
    ).toBe(id);
    expect(infoOf(note)?.attrs).toEqual({
      id,
      bytes: String(bytes.length),
      type: "image/png",
      width: "16",
      height: "9",
    });
    // The data node holds the bytes under the same id (XEP-0084 §4.1).
    const data = await romeo.iq(itemsIq(JULIET, DATA));
    const item = data.getChild("pubsub", PUBSUB)!.getChild("items", PUBSUB)!.getChild("item")!;
    expect(item.attr("id")).toBe(id);
    expect(unb64(item.getChildText("data", DATA)!)).toEqual(bytes);
    // Access model presence (XEP-0084 / XEP-0398 §6): a stranger may not read it.
    const refused = errorOf(await stranger.iq(itemsIq(JULIET, DATA)));
    expect(refused).toMatchObject({
      condition: "not-authorized",
      pubsub: "presence-subscription-required",
    });
    const conf = await juliet.iq(
      `<iq type="get"><pubsub xmlns="${OWNER}"><configure node="${METADATA}"/></pubsub></iq>`,
    );
    expect(conf.toString()).toMatch(
      /var="pubsub#access_model"[^>]*>(<[^>]+>)*<value>presence<\/value>/,
    );

    // No loop: the stored vCard is exactly what the client set (not rewritten from PEP).
    const got = await juliet.iq(vcardGet());
    expect(
      got.getChild("vCard", VCARD)!.getChild("PHOTO", VCARD)!.getChildText("BINVAL", VCARD),
    ).toBe(wrapped(b64(bytes)));

    // §4: the presence hash follows.
    juliet.send(`<presence><x xmlns="vcard-temp:x:update"/></presence>`);
    const p = await romeo.expect(hasUpdate);
    expect(p.getChild("x", "vcard-temp:x:update")?.getChildText("photo")).toBe(id);

    // Setting the same PHOTO again publishes nothing new.
    await juliet.iq(set);
    await juliet.iq(vcardSet(`<FN>Juliet C.</FN>${photo("image/png", b64(bytes))}`));
    await romeo.sync();
    expectNoEvents(romeo);

    // Removing the PHOTO that was the avatar disables it (XEP-0084 §4.3).
    await juliet.iq(vcardSet("<FN>Juliet</FN>"));
    const off = await romeo.expect(isEvent(JULIET, METADATA));
    const metadata = off.getChild("event", EVENT)!.getChild("items", EVENT)!.getChild("item")!;
    expect(metadata.getChild("metadata", METADATA)!.elements()).toEqual([]);
    juliet.send("<presence/>");
    await romeo.expect(
      `<presence from="${JULIET}/res" to="romeo@localhost"><x xmlns="vcard-temp:x:update"><photo/></x></presence>`,
    );
  });

  it("waits for the vcard module to store the vCard, however slow the storage", async () => {
    const { t } = await startWithVcard({}, {}, slowVcardStorage(50));
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", { notify: [METADATA] });
    const juliet = await online(t, "juliet");
    const bytes = fakePng(3, 3, 40, 6);
    expect((await juliet.iq(vcardSet(photo("image/png", b64(bytes))))).attr("type")).toBe("result");
    const note = await romeo.expect(isEvent(JULIET, METADATA));
    expect(infoOf(note)?.attr("id")).toBe(await sha1Hex(bytes));
  });

  it("the type comes from the image when the vCard has no TYPE; a new PHOTO replaces the avatar", async () => {
    const { t } = await startWithVcard();
    const juliet = await online(t, "juliet", { notify: [METADATA] });
    const gif = new Uint8Array([...new TextEncoder().encode("GIF89a"), 3, 0, 2, 0, 0, 0, 0]);
    await juliet.iq(vcardSet(photo(undefined, b64(gif))));
    const first = await juliet.expect(isEvent(JULIET, METADATA));
    expect(infoOf(first)?.attrs).toMatchObject({ type: "image/gif", width: "3", height: "2" });
    // A JPEG-typed photo whose header tells no size: no width/height.
    const other = fakePng(0, 0, 40, 9).subarray(20);
    await juliet.iq(vcardSet(photo("image/jpeg", b64(other))));
    const second = await juliet.expect(isEvent(JULIET, METADATA));
    expect(infoOf(second)?.attrs).toEqual({
      id: await sha1Hex(other),
      bytes: String(other.length),
      type: "image/jpeg",
    });
  });

  it("bad PHOTOs: the vCard set succeeds, nothing is published, the reason is logged", async () => {
    const { t, log } = await startWithVcard({ maxItemBytes: 2000 });
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", { notify: [METADATA] });
    const juliet = await online(t, "juliet");

    expect((await juliet.iq(vcardSet(photo("image/png", "not*base64!")))).attr("type")).toBe(
      "result",
    );
    expect((await log.warning("vCard PHOTO not published")).fields).toMatchObject({
      owner: JULIET,
      reason: "BINVAL is not base64",
    });
    expect(photoOf(await juliet.iq(vcardGet()))?.type).toBe("image/png");

    // Bigger than the PEP item limit (maxItemBytes).
    const big = fakePng(4, 4, 3000, 5);
    expect((await juliet.iq(vcardSet(photo("image/png", b64(big))))).attr("type")).toBe("result");
    const tooBig = await log.warning("vCard PHOTO not published to PEP", { node: DATA });
    expect(tooBig.fields).toMatchObject({ owner: JULIET, reason: "payload-too-big" });
    // The vCard is stored all the same.
    expect(photoOf(await juliet.iq(vcardGet()))?.bytes).toEqual(big);
    // Neither the data nor the metadata node was created.
    for (const node of [DATA, METADATA]) {
      expect(errorOf(await juliet.iq(itemsIq(JULIET, node))).condition).toBe("item-not-found");
    }
    await romeo.sync();
    expectNoEvents(romeo);
  });

  it("a refused vCard set (another's vCard, or too big for the vcard module) converts nothing", async () => {
    const { t } = await startWithVcard({}, { vcard: { maxBytes: 300 } });
    await befriend(t, "juliet", "romeo");
    const juliet = await online(t, "juliet", { notify: [METADATA] });
    const romeo = await online(t, "romeo", { notify: [METADATA] });
    const small = b64(fakePng(2, 2, 20));
    const forbidden = await romeo.iq(vcardSet(photo("image/png", small), JULIET));
    expect(errorOf(forbidden).condition).toBe("forbidden");
    const huge = await juliet.iq(vcardSet(photo("image/png", b64(fakePng(2, 2, 600)))));
    expect(errorOf(huge).condition).toBe("not-acceptable");
    // A set that succeeds afterwards is converted, and is the first notification anyone sees.
    await juliet.iq(vcardSet(photo("image/png", small)));
    const note = await romeo.expect(isEvent(JULIET, METADATA));
    expect(infoOf(note)?.attr("id")).toBe(await sha1Hex(unb64(small)));
    await juliet.expect(isEvent(JULIET, METADATA));
    await juliet.sync();
    expectNoEvents(juliet);
    for (const node of [DATA, METADATA]) {
      expect(errorOf(await romeo.iq(itemsIq("romeo@localhost", node))).condition).toBe(
        "item-not-found",
      );
    }
  });
});
