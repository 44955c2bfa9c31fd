import { parseXml } from "@parley/server/testing";
import { describe, expect, it } from "vitest";
import { readCsiConfig } from "./config";
import { CsiConfigError } from "./errors";
import { HeldStanzas } from "./held";
import { isChatStateOnly, isImportant, isPresenceUpdate } from "./importance";

const CS = "http://jabber.org/protocol/chatstates";

describe("importance (what may wait while inactive)", () => {
  it.each([
    `<presence from="a@x/1"/>`,
    `<presence from="a@x/1" type="unavailable"/>`,
    `<presence from="a@x/1"><show>away</show><status>zzz</status></presence>`,
    `<message from="a@x/1" type="chat"><composing xmlns="${CS}"/></message>`,
    `<message from="a@x/1" type="chat"><paused xmlns="${CS}"/><thread>t1</thread><no-store xmlns="urn:xmpp:hints"/></message>`,
    `<presence from="room@muc/nick"><x xmlns="http://jabber.org/protocol/muc#user"><status code="100"/></x></presence>`,
  ])("%s may wait", (text) => {
    expect(isImportant(parseXml(text))).toBe(false);
  });

  it.each([
    `<message from="a@x/1" type="chat"><body>hi</body></message>`,
    `<message from="a@x/1" type="chat"><body>hi</body><active xmlns="${CS}"/></message>`,
    `<message from="a@x/1"><subject>topic</subject></message>`,
    `<message from="a@x/1" type="chat"><encrypted xmlns="eu.siacs.conversations.axolotl"/><active xmlns="${CS}"/></message>`,
    `<message from="a@x/1"><received xmlns="urn:xmpp:receipts" id="m1"/></message>`,
    `<message from="a@x/1" type="error"><composing xmlns="${CS}"/></message>`,
    `<message from="a@x/1"/>`,
    `<iq from="a@x/1" type="get" id="1"><query xmlns="jabber:iq:version"/></iq>`,
    `<presence from="a@x" type="subscribe"/>`,
    `<presence from="a@x" type="probe"/>`,
    `<presence from="a@x" type="error"/>`,
    `<presence from="room@muc/me"><x xmlns="http://jabber.org/protocol/muc#user"><status code="110"/></x></presence>`,
  ])("%s is important", (text) => {
    expect(isImportant(parseXml(text))).toBe(true);
  });

  it("classifies by kind", () => {
    expect(isPresenceUpdate(parseXml(`<message/>`))).toBe(false);
    expect(isChatStateOnly(parseXml(`<presence/>`))).toBe(false);
  });
});

describe("HeldStanzas", () => {
  it("keeps the latest per sender and kind, in the order of the last update", () => {
    const held = new HeldStanzas();
    held.hold(parseXml(`<presence from="a@x/1" id="1"/>`));
    held.hold(parseXml(`<presence from="b@x/1" id="2"/>`));
    held.hold(parseXml(`<message from="a@x/1" id="3"><gone xmlns="${CS}"/></message>`));
    held.hold(parseXml(`<presence from="a@x/1" id="4"/>`));
    expect(held.size).toBe(3);
    expect(held.takeAll().map((e) => e.attr("id"))).toEqual(["2", "3", "4"]);
    expect(held.size).toBe(0);
  });
});

describe("readCsiConfig", () => {
  it("defaults and validates maxHeld", () => {
    expect(readCsiConfig({}).maxHeld).toBe(100);
    expect(readCsiConfig({ maxHeld: 3 }).maxHeld).toBe(3);
    for (const bad of [0, -1, 1.5, "10"]) {
      expect(() => readCsiConfig({ maxHeld: bad })).toThrow(CsiConfigError);
    }
  });
});
