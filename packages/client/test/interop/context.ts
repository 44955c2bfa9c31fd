// Shared state of one interop run: the target, the clients made (stopped in afterAll) and small
// helpers the test groups use.
import { afterAll, beforeAll } from "vitest";
import { type Client, type ClientOptions, createClient } from "../../src/index";
import type { InteropTarget } from "./target";

export const USERS = ["alice", "bob", "carol", "dave"] as const;
export type User = (typeof USERS)[number];

export interface InteropContext {
  /** The running target (throws the start failure, so every test fails instead of skipping). */
  target(): InteropTarget;
  /** A client for `user` on the target's STARTTLS port, self-signed certificate accepted. */
  client(user: User, extra?: Partial<ClientOptions>): Client;
  bare(user: User): string;
}

export function setUpTarget(start: () => Promise<InteropTarget>): InteropContext {
  let running: InteropTarget | undefined;
  let startError: unknown;
  const started: Client[] = [];

  beforeAll(async () => {
    try {
      running = await start();
      for (const user of USERS) await running.addUser(user, `${user}-secret`);
    } catch (error) {
      startError = error;
    }
  });

  // Every client and the server are stopped even when a test or the setup failed.
  afterAll(async () => {
    const clients = await Promise.allSettled(started.splice(0).map((c) => c.stop()));
    const server = await Promise.allSettled([running?.stop()]);
    const failed = [...clients, ...server].find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  });

  const target = (): InteropTarget => {
    if (!running) throw startError ?? new Error("the target did not start");
    return running;
  };

  return {
    target,
    bare: (user) => `${user}@${target().domain}`,
    client(user, extra = {}) {
      const t = target();
      const c = createClient({
        jid: `${user}@${t.domain}`,
        password: `${user}-secret`,
        host: t.host,
        port: t.c2sPort,
        insecure: true,
        reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
        ...extra,
      });
      c.on("error", () => {});
      started.push(c);
      return c;
    },
  };
}

/** The next message whose body satisfies `predicate`. */
export function nextMessage(
  c: Client,
  predicate: (body: string | undefined) => boolean,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const listener = (m: { body: string | undefined }) => {
      if (!predicate(m.body)) return;
      c.off("message", listener);
      resolve(m.body);
    };
    c.on("message", listener);
  });
}

/** The rejection of `promise` (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}
