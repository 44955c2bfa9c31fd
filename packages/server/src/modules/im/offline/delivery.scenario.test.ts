// Offline delivery over real sockets without stream management (XEP-0160): stored messages leave
// storage only once the socket accepted them. A client that resets its connection right after
// its initial presence loses none of them, and a login gets each exactly once.
import { describe, expect, it, vi } from "vitest";
import type { TestClient, TestServer } from "../../../testing";
import { imServer, online, stopServersAfterEach } from "../test-support/scenario";

stopServersAfterEach();

const JULIET = "juliet@localhost";
const COUNT = 300;

async function withStored(count: number): Promise<{ t: TestServer; romeo: TestClient }> {
  const t = await imServer();
  await t.addUser("juliet");
  const romeo = await online(t, "romeo", "orchard");
  for (let i = 0; i < count; i++) {
    romeo.send(`<message to="${JULIET}" type="chat" id="o${i}"><body>${i}</body></message>`);
  }
  await romeo.sync();
  expect(await t.storage.offline.count(JULIET)).toBe(count);
  return { t, romeo };
}

/** Logs in, sends initial presence, and collects message bodies up to Romeo's marker. */
async function nextLogin(t: TestServer, romeo: TestClient, resource: string): Promise<string[]> {
  const c = await online(t, "juliet", resource);
  romeo.send(
    `<message to="${JULIET}/${resource}" type="chat" id="end"><body>marker</body></message>`,
  );
  return bodiesUntilMarker(c);
}

/** Message bodies `c` receives before the one whose body is "marker". */
async function bodiesUntilMarker(c: TestClient): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const m = await c.expect((e) => e.localName === "message");
    const body = m.getChildText("body") ?? "";
    if (body === "marker") return bodies;
    bodies.push(body);
  }
}

const all = (n: number) => Array.from({ length: n }, (_, i) => String(i));

describe("offline delivery without stream management", () => {
  it("a connection reset right after the initial presence loses none of them", async () => {
    const { t, romeo } = await withStored(COUNT);
    const gone = await t.login("juliet", { resource: "flaky" });
    // Presence and the end of the connection arrive together: the server writes the stored
    // messages to a socket that is no longer writable.
    gone.send("<presence/>");
    gone.destroy();
    await gone.closed;
    await vi.waitFor(() => expect(t.server.sessions().map(String).join()).not.toContain("flaky"));
    expect(await t.storage.offline.count(JULIET)).toBe(COUNT);
    expect(await nextLogin(t, romeo, "balcony")).toEqual(all(COUNT));
  });

  it("a login gets each stored message once; they leave storage once written", async () => {
    const { t, romeo } = await withStored(5);
    expect(await nextLogin(t, romeo, "balcony")).toEqual(all(5));
    await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(0));
    // A second resource gets none of them again.
    expect(await nextLogin(t, romeo, "kitchen")).toEqual([]);
  });

  it("two resources available at once share the queue: each message goes to one of them", async () => {
    const { t, romeo } = await withStored(50);
    // Both become available at the same time (each waits for its own presence echo).
    const [a, b] = await Promise.all([online(t, "juliet", "a"), online(t, "juliet", "b")]);
    for (const r of ["a", "b"]) {
      romeo.send(`<message to="${JULIET}/${r}" type="chat" id="end"><body>marker</body></message>`);
    }
    const [gotA, gotB] = await Promise.all([bodiesUntilMarker(a), bodiesUntilMarker(b)]);
    expect([...gotA, ...gotB].sort((x, y) => Number(x) - Number(y))).toEqual(all(50));
    await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(0));
  });
});
