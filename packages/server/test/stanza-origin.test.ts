// StanzaEvent.origin (module-api.ts): modules see where a stanza entered the server. Only the
// local kind exists today (server-to-server is planned); stanzas the server or a module
// originates have no origin.
import { xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { defineModule, type StanzaEvent } from "../src/index";
import { server } from "./helpers";

function observer() {
  const seen: { body: string | undefined; origin: string | undefined; jid?: string }[] = [];
  const module = defineModule({
    name: "origin-observer",
    setup(ctx) {
      // Before the message module's delivery (priority 0): sees every message to a full JID.
      ctx.on<StanzaEvent>(
        "message/full",
        (event) => {
          const o = event.origin;
          seen.push({
            body: event.stanza.getChildText("body") ?? undefined,
            origin: o?.kind,
            jid: o?.kind === "local" ? o.jid?.toString() : undefined,
          });
          return undefined;
        },
        10,
      );
      ctx.on<StanzaEvent>("message/host", async (event) => {
        // A stanza the module originates: routed without an origin.
        await ctx.route(
          xml(
            "message",
            { from: "localhost", to: event.from.toString(), type: "chat" },
            xml("body", null, "from the server"),
          ),
        );
        return true;
      });
    },
  });
  return { seen, module };
}

describe("StanzaEvent.origin", () => {
  it("is the local session for what a client sends, and absent for what a module sends", async () => {
    const { seen, module } = observer();
    const t = await server({ modules: [module] });
    const juliet = await t.login("juliet", { resource: "b" });
    const romeo = await t.login("romeo", { resource: "r" });
    romeo.send(`<message to="juliet@localhost/b" type="chat"><body>hi</body></message>`);
    await juliet.expect((e) => e.getChildText("body") === "hi");
    romeo.send(`<message to="localhost" type="chat"><body>poke</body></message>`);
    await romeo.expect((e) => e.getChildText("body") === "from the server");
    expect(seen).toEqual([
      { body: "hi", origin: "local", jid: "romeo@localhost/r" },
      { body: "from the server", origin: undefined, jid: undefined },
    ]);
  });
});
