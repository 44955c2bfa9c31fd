// A fake app server (XEP-0357 "XMPP Push Service") for the scenario tests: a component at
// push.localhost that records publishes and answers as told.
import { defineModule } from "@parley/server";
import { type TestServer, startTestServer } from "@parley/server/testing";
import { StanzaError, iqError, iqResult } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { csiModule } from "@parley/mod-csi";
import { smacksModule } from "@parley/mod-smacks";
import { pushModule } from "./index";

export const PUSH = "urn:xmpp:push:0";
export const APP = "push.localhost";

export interface AppServer {
  readonly published: Element[];
  /** How the next publishes are answered: "result", an error condition, or "silent". */
  answer:
    | "result"
    | "silent"
    | { condition: "item-not-found" | "resource-constraint" | "not-authorized" };
  /** Resolves with the next publish (or one already received and not taken). */
  next(ms?: number): Promise<Element>;
}

type App = ReturnType<typeof makeAppServer>;

export function appServerModule(app: App) {
  return defineModule({
    name: "fake-app-server",
    setup(ctx) {
      app.route = (stanza) => ctx.route(stanza);
      ctx.addComponent(APP, async (event) => {
        if (event.kind !== "iq" || event.type !== "set") return undefined;
        app.published.push(event.stanza);
        const waiter = app.waiters.shift();
        if (waiter) waiter(event.stanza);
        else app.queue.push(event.stanza);
        if (app.answer === "silent") return true;
        const reply =
          app.answer === "result"
            ? iqResult(event.stanza)
            : iqError(event.stanza, new StanzaError(app.answer.condition));
        await ctx.route(reply);
        return true;
      });
    },
  });
}

export function makeAppServer() {
  const app = {
    published: [] as Element[],
    answer: "result" as AppServer["answer"],
    waiters: [] as ((e: Element) => void)[],
    queue: [] as Element[],
    /** Routes a stanza from the app server (set once the server runs). */
    route: (_stanza: Element): Promise<void> => Promise.reject(new Error("not started")),
    next(ms = 15_000): Promise<Element> {
      const queued = app.queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          app.waiters.splice(app.waiters.indexOf(done), 1);
          reject(
            new Error(`no publish within ${ms} ms (published so far: ${app.published.length})`),
          );
        }, ms);
        const done = (e: Element) => {
          clearTimeout(timer);
          resolve(e);
        };
        app.waiters.push(done);
      });
    },
  };
  return app;
}

const running: TestServer[] = [];

export async function pushServer(config: Record<string, unknown> = {}) {
  const app = makeAppServer();
  const t = await startTestServer({
    extraModules: [smacksModule, csiModule, pushModule, appServerModule(app)],
    moduleConfig: { push: { min_interval: 0, ...config }, smacks: {} },
  });
  running.push(t);
  return { t, app };
}

export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((t) => t.stop()));
}

/** The summary form's fields of a publish, as a map. */
export function summaryOf(publish: Element): Record<string, string> {
  const form = publish
    .getChild("pubsub")
    ?.getChild("publish")
    ?.getChild("item")
    ?.getChild("notification", PUSH)
    ?.getChild("x", "jabber:x:data");
  const out: Record<string, string> = {};
  for (const f of form?.getChildren("field") ?? [])
    out[f.attr("var")!] = f.getChildText("value") ?? "";
  return out;
}
