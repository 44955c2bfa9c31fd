// Login throttling across connections (issue 12) over real sockets: an address that guesses is
// banned with <temporary-auth-failure/> (RFC 6120 §6.5.12) for a bounded time, while the real
// user from elsewhere still logs in; an account guessed at from many addresses slows down.
import { describe, expect, it, vi } from "vitest";
import { SaslFailure, type TestServer } from "../src/testing";
import { server } from "./helpers";

/** One SASL exchange on a new connection: "success" or the <failure/> condition. */
async function attempt(t: TestServer, password: string, localAddress?: string): Promise<string> {
  const c = await t.connect("tcp", { localAddress });
  await c.openStream();
  try {
    await c.authenticate("juliet", password);
    return "success";
  } catch (e) {
    if (e instanceof SaslFailure) return e.condition;
    throw e;
  } finally {
    c.destroy();
  }
}

describe("failed logins per address", () => {
  it("bans an address guessing over parallel connections; the real user elsewhere logs in", async () => {
    const t = await server({
      limits: { authFailuresPerIp: 5, authBanMs: 600_000, authFailuresPerAccount: 0 },
    });
    await t.addUser("juliet", "s3cret");
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => attempt(t, "guess")));
    expect(outcomes.filter((o) => o === "not-authorized")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "temporary-auth-failure")).toHaveLength(7);
    expect(t.server.metrics.get("limits.auth.address-banned")).toBe(1);

    // The right password from the banned address gets the same answer: the ban tells nothing.
    expect(await attempt(t, "s3cret")).toBe("temporary-auth-failure");
    // The real user from another address is not affected.
    const c = await t.connect("tcp", { localAddress: "127.0.0.2" });
    expect(await c.login("juliet", "s3cret", { resource: "home" })).toBe("juliet@localhost/home");
    expect(t.server.metrics.get("limits.auth.refused-banned-address")).toBe(8);
  });

  it("ends the ban after authBanMs", async () => {
    const t = await server({
      limits: { authFailuresPerIp: 3, authBanMs: 200, authFailuresPerAccount: 0 },
    });
    await t.addUser("juliet", "s3cret");
    for (let i = 0; i < 3; i++) expect(await attempt(t, "guess")).toBe("not-authorized");
    expect(t.server.metrics.get("limits.auth.address-banned")).toBe(1);
    await vi.waitFor(async () => expect(await attempt(t, "s3cret")).toBe("success"), {
      timeout: 20_000,
      interval: 50,
    });
  });

  it("resets an address's count when a login from it succeeds", async () => {
    const t = await server({
      limits: { authFailuresPerIp: 3, authBanMs: 600_000, authFailuresPerAccount: 0 },
    });
    await t.addUser("juliet", "s3cret");
    const seen: string[] = [];
    for (const password of ["x", "x", "s3cret", "x", "x", "x", "s3cret"]) {
      seen.push(await attempt(t, password));
    }
    expect(seen).toEqual([
      "not-authorized",
      "not-authorized",
      "success",
      "not-authorized",
      "not-authorized",
      "not-authorized", // the third since the success: the ban starts now
      "temporary-auth-failure",
    ]);
  });

  it("counts guesses on one stream too, and the stream still closes after failed_auth_attempts", async () => {
    const t = await server({
      limits: { authFailuresPerIp: 2, failedAuthAttempts: 3, authFailuresPerAccount: 0 },
    });
    await t.addUser("juliet", "s3cret");
    const c = await t.connect();
    await c.openStream();
    const conditions: string[] = [];
    for (let i = 0; i < 3; i++) {
      await c.authenticate("juliet", "guess").catch((e: SaslFailure) => {
        conditions.push(e.condition);
      });
    }
    expect(conditions).toEqual(["not-authorized", "not-authorized", "temporary-auth-failure"]);
    await c.expectStreamError("not-authorized"); // RFC 6120 §6.4.5
  });
});

describe("failed logins per account", () => {
  it("delays the answers for an account guessed at from many addresses, without locking it", async () => {
    const t = await server({
      limits: { authFailuresPerIp: 0, authFailuresPerAccount: 2, authAccountMaxDelayMs: 20 },
    });
    await t.addUser("juliet", "s3cret");
    for (let i = 0; i < 4; i++) {
      expect(await attempt(t, "guess", `127.0.1.${i + 1}`)).toBe("not-authorized");
    }
    // The 3rd and 4th answers waited; so does the real user's, who still gets in.
    expect(t.server.metrics.get("limits.auth.account-delayed")).toBe(2);
    expect(await attempt(t, "s3cret", "127.0.0.2")).toBe("success");
    expect(t.server.metrics.get("limits.auth.account-delayed")).toBe(3);
    // Another account is not slowed down.
    await t.addUser("romeo", "r0me0");
    const c = await t.connect();
    await c.login("romeo", "r0me0");
    expect(t.server.metrics.get("limits.auth.account-delayed")).toBe(3);
  });
});
