// Scenario tests over real sockets: subscriptions (RFC 6121 §3) and presence (§4).
import { describe, expect, it } from "vitest";
import { STANZAS, befriend, imServer, online, stopServersAfterEach } from "./test-support/scenario";

stopServersAfterEach();

const push = (to: string, item: string) =>
  `<iq to="${to}" id="*" type="set"><query xmlns="jabber:iq:roster" ver="*">${item}</query></iq>`;

describe("subscription flows", () => {
  it("subscribe, approve, subscribe back: pushes and presence at each step", async () => {
    const t = await imServer();
    const juliet = await online(t, "juliet", "balcony");
    const romeo = await online(t, "romeo", "orchard");

    romeo.send(`<presence to="juliet@localhost" type="subscribe"/>`);
    await romeo.expect(
      push(
        "romeo@localhost/orchard",
        `<item jid="juliet@localhost" subscription="none" ask="subscribe"/>`,
      ),
    );
    await juliet.expect(
      `<presence from="romeo@localhost" to="juliet@localhost" type="subscribe"/>`,
    );

    juliet.send(`<presence to="romeo@localhost" type="subscribed"/>`);
    await juliet.expect(
      push("juliet@localhost/balcony", `<item jid="romeo@localhost" subscription="from"/>`),
    );
    await romeo.expect(
      push("romeo@localhost/orchard", `<item jid="juliet@localhost" subscription="to"/>`),
    );
    await romeo.expect(
      `<presence from="juliet@localhost" to="romeo@localhost" type="subscribed"/>`,
    );
    await romeo.expect(`<presence from="juliet@localhost/balcony" to="romeo@localhost"/>`);

    juliet.send(`<presence to="romeo@localhost" type="subscribe"/>`);
    await juliet.expect(
      push(
        "juliet@localhost/balcony",
        `<item jid="romeo@localhost" subscription="from" ask="subscribe"/>`,
      ),
    );
    await romeo.expect(`<presence from="juliet@localhost" to="romeo@localhost" type="subscribe"/>`);
    romeo.send(`<presence to="juliet@localhost" type="subscribed"/>`);
    await romeo.expect(
      push("romeo@localhost/orchard", `<item jid="juliet@localhost" subscription="both"/>`),
    );
    await juliet.expect(
      push("juliet@localhost/balcony", `<item jid="romeo@localhost" subscription="both"/>`),
    );
    await juliet.expect(
      `<presence from="romeo@localhost" to="juliet@localhost" type="subscribed"/>`,
    );
    await juliet.expect(`<presence from="romeo@localhost/orchard" to="juliet@localhost"/>`);

    // Both ways now: a status change reaches the other side.
    juliet.send(`<presence><show>away</show></presence>`);
    await romeo.expect(
      `<presence from="juliet@localhost/balcony" to="romeo@localhost"><show>away</show></presence>`,
    );
  });

  it("deny: the request is refused and the requester's roster says so", async () => {
    const t = await imServer();
    const juliet = await online(t, "juliet", "balcony");
    const romeo = await online(t, "romeo", "orchard");
    romeo.send(`<presence to="juliet@localhost" type="subscribe"/>`);
    await juliet.expect(
      `<presence from="romeo@localhost" to="juliet@localhost" type="subscribe"/>`,
    );
    juliet.send(`<presence to="romeo@localhost" type="unsubscribed"/>`);
    await romeo.expect(
      push("romeo@localhost/orchard", `<item jid="juliet@localhost" subscription="none"/>`),
    );
    await romeo.expect(
      `<presence from="juliet@localhost" to="romeo@localhost" type="unsubscribed"/>`,
    );
    await juliet.sync();
    juliet.expectNothingMore(); // Romeo never was in Juliet's roster: no push
  });

  it("cancel and unsubscribe between two friends", async () => {
    const t = await imServer();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", "orchard");
    const juliet = await online(t, "juliet", "balcony");
    await romeo.expect(`<presence from="juliet@localhost/balcony" to="romeo@localhost"/>`);
    await juliet.expect(`<presence from="romeo@localhost/orchard" to="juliet@localhost/balcony"/>`);

    juliet.send(`<presence to="romeo@localhost" type="unsubscribed"/>`); // cancel Romeo's subscription
    await juliet.expect(
      push("juliet@localhost/balcony", `<item jid="romeo@localhost" subscription="to"/>`),
    );
    await romeo.expect(
      push("romeo@localhost/orchard", `<item jid="juliet@localhost" subscription="from"/>`),
    );
    await romeo.expect(
      `<presence from="juliet@localhost" to="romeo@localhost" type="unsubscribed"/>`,
    );
    await romeo.expect(
      `<presence from="juliet@localhost/balcony" to="romeo@localhost" type="unavailable"/>`,
    );

    juliet.send(`<presence to="romeo@localhost" type="unsubscribe"/>`); // stop receiving Romeo's
    await juliet.expect(
      push("juliet@localhost/balcony", `<item jid="romeo@localhost" subscription="none"/>`),
    );
    await romeo.expect(
      push("romeo@localhost/orchard", `<item jid="juliet@localhost" subscription="none"/>`),
    );
    await romeo.expect(
      `<presence from="juliet@localhost" to="romeo@localhost" type="unsubscribe"/>`,
    );
    await juliet.expect(
      `<presence from="romeo@localhost/orchard" to="juliet@localhost" type="unavailable"/>`,
    );
  });

  it("a request to an offline user is delivered at each login until answered", async () => {
    const t = await imServer();
    await t.addUser("juliet");
    const romeo = await online(t, "romeo", "orchard");
    romeo.send(
      `<presence to="juliet@localhost" type="subscribe"><status>Wherefore?</status></presence>`,
    );
    await romeo.expect(
      push(
        "romeo@localhost/orchard",
        `<item jid="juliet@localhost" subscription="none" ask="subscribe"/>`,
      ),
    );

    const request = `<presence from="romeo@localhost" to="juliet@localhost" type="subscribe"><status>Wherefore?</status></presence>`;
    const first = await t.login("juliet", { resource: "first" });
    first.send(`<presence/>`);
    await first.expect(request);
    await first.close();

    const second = await online(t, "juliet", "second");
    await second.expect(request);
    second.send(`<presence to="romeo@localhost" type="subscribed"/>`);
    await second.expect(
      push("juliet@localhost/second", `<item jid="romeo@localhost" subscription="from"/>`),
    );
    await romeo.expect(
      push("romeo@localhost/orchard", `<item jid="juliet@localhost" subscription="to"/>`),
    );

    const third = await online(t, "juliet", "third");
    await third.sync();
    expect(third.unclaimed.some((e) => e.attr("type") === "subscribe")).toBe(false);
  });

  it("pre-approval: the later request is approved at once", async () => {
    const t = await imServer();
    const juliet = await online(t, "juliet", "balcony");
    const romeo = await online(t, "romeo", "orchard");
    juliet.send(`<presence to="romeo@localhost" type="subscribed"/>`);
    await juliet.expect(
      push(
        "juliet@localhost/balcony",
        `<item jid="romeo@localhost" subscription="none" approved="true"/>`,
      ),
    );
    romeo.send(`<presence to="juliet@localhost" type="subscribe"/>`);
    await romeo.expect(
      push("romeo@localhost/orchard", `<item jid="juliet@localhost" subscription="to"/>`),
    );
    await romeo.expect(
      `<presence from="juliet@localhost" to="romeo@localhost" type="subscribed"/>`,
    );
    await juliet.expect(
      push("juliet@localhost/balcony", `<item jid="romeo@localhost" subscription="from"/>`),
    );
    await juliet.sync();
    expect(juliet.unclaimed.some((e) => e.attr("type") === "subscribe")).toBe(false);
  });
});

describe("presence", () => {
  it("three clients: probes at login, broadcast to contacts and own resources", async () => {
    const t = await imServer();
    await befriend(t, "juliet", "romeo");
    await befriend(t, "juliet", "nurse");
    const romeo = await online(t, "romeo", "orchard", `<presence><show>chat</show></presence>`);
    const nurse = await online(t, "nurse", "kitchen", `<presence><status>busy</status></presence>`);
    const balcony = await online(t, "juliet", "balcony");
    // §4.2.2: the contacts' last presence answers the probes; the contacts get Juliet's presence.
    await balcony.expect(
      `<presence from="romeo@localhost/orchard" to="juliet@localhost/balcony"><show>chat</show></presence>`,
    );
    await balcony.expect(
      `<presence from="nurse@localhost/kitchen" to="juliet@localhost/balcony"><status>busy</status></presence>`,
    );
    await romeo.expect(`<presence from="juliet@localhost/balcony" to="romeo@localhost"/>`);
    await nurse.expect(`<presence from="juliet@localhost/balcony" to="nurse@localhost"/>`);

    const chamber = await online(
      t,
      "juliet",
      "chamber",
      `<presence><priority>3</priority></presence>`,
    );
    await balcony.expect(
      `<presence from="juliet@localhost/chamber" to="juliet@localhost/balcony"><priority>3</priority></presence>`,
    );
    await chamber.expect(
      `<presence from="juliet@localhost/balcony" to="juliet@localhost/chamber"/>`,
    );
    await romeo.expect(
      `<presence from="juliet@localhost/chamber" to="romeo@localhost"><priority>3</priority></presence>`,
    );

    // Romeo and the Nurse are not contacts of each other: nothing between them.
    await romeo.sync();
    expect(romeo.unclaimed.some((e) => e.attr("from")?.startsWith("nurse@"))).toBe(false);
  });

  it("a dropped TCP connection: contacts and directed-presence targets get unavailable", async () => {
    const t = await imServer();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", "orchard");
    const nurse = await online(t, "nurse", "kitchen");
    const juliet = await online(t, "juliet", "balcony");
    await romeo.expect(`<presence from="juliet@localhost/balcony" to="romeo@localhost"/>`);
    juliet.send(`<presence to="nurse@localhost/kitchen"/>`);
    await nurse.expect(`<presence from="juliet@localhost/balcony" to="nurse@localhost/kitchen"/>`);

    juliet.destroy();
    await romeo.expect(
      `<presence from="juliet@localhost/balcony" to="romeo@localhost" type="unavailable"/>`,
    );
    await nurse.expect(
      `<presence from="juliet@localhost/balcony" to="nurse@localhost/kitchen" type="unavailable"/>`,
    );
  });

  it("explicit unavailable reaches contacts and the user's other resources", async () => {
    const t = await imServer();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", "orchard");
    const balcony = await online(t, "juliet", "balcony");
    const chamber = await online(t, "juliet", "chamber");
    balcony.send(`<presence type="unavailable"><status>bye</status></presence>`);
    await romeo.expect(
      `<presence from="juliet@localhost/balcony" to="romeo@localhost" type="unavailable"><status>bye</status></presence>`,
    );
    await chamber.expect(
      `<presence from="juliet@localhost/balcony" to="juliet@localhost/chamber" type="unavailable"><status>bye</status></presence>`,
    );
  });

  it.each([["<priority>high</priority>"], ["<priority>200</priority>"], ["<show>asleep</show>"]])(
    "answers presence with %s with bad-request",
    async (child) => {
      const t = await imServer();
      await befriend(t, "juliet", "romeo");
      const romeo = await online(t, "romeo", "orchard");
      const juliet = await t.login("juliet", { resource: "balcony" });
      juliet.send(`<presence id="p1">${child}</presence>`);
      await juliet.expect(
        `<presence id="p1" to="juliet@localhost/balcony" type="error"><error type="modify"><bad-request xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></presence>`,
      );
      await romeo.sync();
      romeo.expectNothingMore(); // nothing was broadcast
    },
  );
});
