// Directed presence to entities that are not contacts (RFC 6121 §4.6): the server remembers them
// and sends them unavailable presence when the user's resource goes away (§4.6.3), however it goes.
import { describe, expect, it } from "vitest";
import { imServer, online, stopServersAfterEach } from "./test-support/scenario";

stopServersAfterEach();

const unavailable = (from: string, to: string) =>
  `<presence from="${from}" to="${to}" type="unavailable"/>`;

describe("directed presence to a non-contact (§4.6)", () => {
  it.each([
    ["the bare JID", "nurse@localhost"],
    ["the full JID", "nurse@localhost/kitchen"],
  ])("to %s: a dropped connection sends it unavailable", async (_what, to) => {
    const t = await imServer();
    const nurse = await online(t, "nurse", "kitchen");
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(`<presence to="${to}"/>`);
    await nurse.expect(`<presence from="juliet@localhost/balcony" to="${to}"/>`);
    juliet.destroy();
    await nurse.expect(unavailable("juliet@localhost/balcony", to));
  });

  it("a closed stream (</stream:stream>) sends it unavailable", async () => {
    const t = await imServer();
    const nurse = await online(t, "nurse", "kitchen");
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(`<presence to="nurse@localhost"/>`);
    await nurse.expect(`<presence from="juliet@localhost/balcony" to="nurse@localhost"/>`);
    await juliet.close();
    await nurse.expect(unavailable("juliet@localhost/balcony", "nurse@localhost"));
  });

  it("without initial presence first: a dropped connection still sends it unavailable", async () => {
    const t = await imServer();
    const nurse = await online(t, "nurse", "kitchen");
    const juliet = await online(t, "juliet", "balcony", null);
    juliet.send(`<presence to="nurse@localhost"/>`);
    await nurse.expect(`<presence from="juliet@localhost/balcony" to="nurse@localhost"/>`);
    juliet.destroy();
    await nurse.expect(unavailable("juliet@localhost/balcony", "nurse@localhost"));
  });

  it("broadcast unavailable reaches it, once; a later session does not repeat it", async () => {
    const t = await imServer();
    const nurse = await online(t, "nurse", "kitchen");
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(`<presence to="nurse@localhost/kitchen"/>`);
    await nurse.expect(`<presence from="juliet@localhost/balcony" to="nurse@localhost/kitchen"/>`);
    juliet.send(`<presence type="unavailable"/>`);
    await nurse.expect(unavailable("juliet@localhost/balcony", "nurse@localhost/kitchen"));
    juliet.destroy();
    // The marker: the next thing the nurse receives is this message, not a second unavailable.
    const romeo = await online(t, "romeo", "orchard");
    romeo.send(`<message to="nurse@localhost/kitchen" id="marker"><body>m</body></message>`);
    await nurse.expect((e) => e.localName === "message" && e.attr("id") === "marker");
    nurse.expectNothingMore();
  });

  it("a directed unavailable ends it: nothing more at disconnect", async () => {
    const t = await imServer();
    const nurse = await online(t, "nurse", "kitchen");
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(`<presence to="nurse@localhost"/>`);
    await nurse.expect(`<presence from="juliet@localhost/balcony" to="nurse@localhost"/>`);
    juliet.send(`<presence to="nurse@localhost" type="unavailable"/>`);
    await nurse.expect(unavailable("juliet@localhost/balcony", "nurse@localhost"));
    juliet.destroy();
    const romeo = await online(t, "romeo", "orchard");
    romeo.send(`<message to="nurse@localhost/kitchen" id="marker"><body>m</body></message>`);
    await nurse.expect((e) => e.localName === "message" && e.attr("id") === "marker");
    nurse.expectNothingMore();
  });
});

describe("directed presence targets are bounded per session (limits.directedPresenceTargets)", () => {
  it("one target past the limit bounces with policy-violation; known targets and unavailable still pass", async () => {
    const t = await imServer({ limits: { directedPresenceTargets: 2 } });
    const nurse = await online(t, "nurse", "kitchen");
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(`<presence to="nurse@localhost"/>`);
    juliet.send(`<presence to="romeo@localhost"/>`);
    juliet.send(`<presence id="p3" to="tybalt@localhost"/>`);
    const bounced = await juliet.expect(
      (e) => e.localName === "presence" && e.attr("type") === "error",
    );
    expect(bounced.attr("from")).toBe("tybalt@localhost");
    expect(bounced.getChild("error")?.elements()[0]?.localName).toBe("policy-violation");
    // A target already remembered is not a new one.
    juliet.send(`<presence to="nurse@localhost"><show>away</show></presence>`);
    await nurse.expect((e) => e.getChildText("show") === "away");
    // Unavailable to one frees its place.
    juliet.send(`<presence type="unavailable" to="romeo@localhost"/>`);
    juliet.send(`<presence to="mercutio@localhost"/>`);
    await juliet.sync();
    expect(juliet.unclaimed.filter((e) => e.attr("type") === "error")).toEqual([]);
    juliet.destroy();
    await nurse.expect(unavailable("juliet@localhost/balcony", "nurse@localhost"));
  });
});
