// XEP-0280 §6.1 eligibility, case by case (good and odd input).
import { parseXml } from "@parley/server/testing";
import { describe, expect, it } from "vitest";
import { eligible } from "./rules";

const m = (attrs: string, children = "") => parseXml(`<message ${attrs}>${children}</message>`);
const MUC_USER = "http://jabber.org/protocol/muc#user";

describe("carbons eligibility (§6.1)", () => {
  it.each([
    ["chat without body", m(`type="chat"`), true],
    ["normal with body", m(`type="normal"`, "<body>x</body>"), true],
    ["no type with body", m("", "<body>x</body>"), true],
    ["unknown type with body counts as normal", m(`type="bogus"`, "<body>x</body>"), true],
    ["normal without body", m(""), false],
    ["receipt only", m("", `<received xmlns="urn:xmpp:receipts" id="a"/>`), true],
    ["chat marker only", m("", `<displayed xmlns="urn:xmpp:chat-markers:0" id="a"/>`), true],
    ["groupchat", m(`type="groupchat"`, "<body>x</body>"), false],
    ["error", m(`type="error"`, "<body>x</body>"), false],
    ["headline", m(`type="headline"`, "<body>x</body>"), false],
    ["direct invitation", m("", `<x xmlns="jabber:x:conference" jid="room@muc"/>`), true],
    ["mediated invitation", m("", `<x xmlns="${MUC_USER}"><invite from="a@b"/></x>`), true],
    ["private", m(`type="chat"`, `<body>x</body><private xmlns="urn:xmpp:carbons:2"/>`), false],
    ["no-copy", m(`type="chat"`, `<body>x</body><no-copy xmlns="urn:xmpp:hints"/>`), false],
    ["a carbon itself", m(`type="chat"`, `<sent xmlns="urn:xmpp:carbons:2"/>`), false],
  ])("%s", (_name, stanza, expected) => {
    expect(eligible(stanza, "received")).toBe(expected);
    expect(eligible(stanza, "sent")).toBe(expected);
  });

  it("MUC private messages: copied when sent, not when received", () => {
    const pm = m(`type="chat"`, `<body>x</body><x xmlns="${MUC_USER}"/>`);
    expect(eligible(pm, "sent")).toBe(true);
    expect(eligible(pm, "received")).toBe(false);
  });
});
