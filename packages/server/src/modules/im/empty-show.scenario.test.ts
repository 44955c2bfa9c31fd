// An empty <show/> (go-sendxmpp's initial presence) is read as no <show/> (RFC 6121 §4.7.2.1),
// as Prosody does, instead of bad-request: the client becomes available and receives messages.
import { describe, expect, it } from "vitest";
import { STANZAS, befriend, imServer, online, stopServersAfterEach } from "./test-support/scenario";

stopServersAfterEach();

describe("empty <show/>", () => {
  it.each([["<show/>"], ["<show>  </show>"]])(
    "initial presence with %s makes the resource available, and contacts see no <show/>",
    async (show) => {
      const t = await imServer();
      await befriend(t, "juliet", "romeo");
      const romeo = await online(t, "romeo", "orchard");
      const juliet = await t.login("juliet", { resource: "sendxmpp" });
      juliet.send(`<presence>${show}</presence>`);
      await juliet.expect(
        `<presence from="juliet@localhost/sendxmpp" to="juliet@localhost/sendxmpp"/>`,
      );
      await romeo.expect(`<presence from="juliet@localhost/sendxmpp" to="romeo@localhost"/>`);
      // Available with priority 0: a message to the bare JID is delivered (RFC 6121 §8.5.2.1.1).
      romeo.send(`<message to="juliet@localhost" id="m1" type="chat"><body>hi</body></message>`);
      const got = await juliet.expect((e) => e.localName === "message");
      expect(got.attr("id")).toBe("m1");
      expect(juliet.received.some((e) => e.attr("type") === "error")).toBe(false);
    },
  );

  it("directed presence with <show/> reaches a non-contact without it", async () => {
    const t = await imServer();
    const nurse = await online(t, "nurse", "kitchen");
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(`<presence to="nurse@localhost/kitchen"><show/><status>here</status></presence>`);
    await nurse.expect(
      `<presence from="juliet@localhost/balcony" to="nurse@localhost/kitchen"><status>here</status></presence>`,
    );
  });

  it("a <show/> with an undefined value is still bad-request (§4.7.2.1)", async () => {
    const t = await imServer();
    const juliet = await t.login("juliet", { resource: "balcony" });
    juliet.send(`<presence id="p1"><show>sleeping</show></presence>`);
    await juliet.expect(
      `<presence id="p1" to="juliet@localhost/balcony" type="error"><error type="modify"><bad-request xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></presence>`,
    );
  });

  it("two <show/> elements, one empty, are still bad-request", async () => {
    const t = await imServer();
    const juliet = await t.login("juliet", { resource: "balcony" });
    juliet.send(`<presence id="p2"><show/><show>away</show><show>dnd</show></presence>`);
    await juliet.expect(
      `<presence id="p2" to="juliet@localhost/balcony" type="error"><error type="modify"><bad-request xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></presence>`,
    );
  });
});
