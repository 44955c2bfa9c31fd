// A subscription request to an account that does not exist (RFC 6121 §3.1.3, §8.5.1): ignored,
// as Prosody does. The requester's item keeps ask="subscribe", exactly as for an existing contact
// who has not answered, so the answer does not reveal which accounts exist.
import { describe, expect, it } from "vitest";
import { imServer, online, stopServersAfterEach } from "./test-support/scenario";

stopServersAfterEach();

const push = (to: string, item: string) =>
  `<iq to="${to}" id="*" type="set"><query xmlns="jabber:iq:roster" ver="*">${item}</query></iq>`;

/** A message to `to` from a new session: anything sent to `to` earlier arrives before it. */
async function marker(t: Awaited<ReturnType<typeof imServer>>, to: string): Promise<void> {
  const other = await online(t, "marker", "m");
  other.send(`<message to="${to}" id="marker"><body>m</body></message>`);
}

describe("subscribe to an account that does not exist", () => {
  it("leaves ask='subscribe' and sends no unsubscribed, as for a contact who has not answered", async () => {
    const t = await imServer();
    await t.addUser("juliet");
    const romeo = await online(t, "romeo", "orchard");
    for (const contact of ["nobody@localhost", "juliet@localhost"]) {
      romeo.send(`<presence to="${contact}" type="subscribe"/>`);
      await romeo.expect(
        push(
          "romeo@localhost/orchard",
          `<item jid="${contact}" subscription="none" ask="subscribe"/>`,
        ),
      );
    }
    // Nothing more reaches romeo before the marker: no unsubscribed, no second push.
    await marker(t, "romeo@localhost/orchard");
    await romeo.expect((e) => e.localName === "message" && e.attr("id") === "marker");
    romeo.expectNothingMore();
    for (const contact of ["nobody@localhost", "juliet@localhost"]) {
      const item = await t.storage.roster.getItem("romeo@localhost", contact);
      expect(item).toMatchObject({ subscription: "none", ask: "subscribe" });
    }
  });

  it("a probe to an account that does not exist is still answered with unsubscribed (§4.3.2)", async () => {
    const t = await imServer();
    await t.storage.roster.setItem("romeo@localhost", {
      jid: "nobody@localhost",
      subscription: "to",
      groups: [],
    });
    // Initial presence probes the contacts romeo is subscribed to.
    const romeo = await online(t, "romeo", "orchard");
    await romeo.expect(
      push("romeo@localhost/orchard", `<item jid="nobody@localhost" subscription="none"/>`),
    );
  });
});
