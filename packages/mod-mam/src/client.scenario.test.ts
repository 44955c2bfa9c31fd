// @parley/client's carbons and MAM helpers against a real server with mod-mam and mod-carbons.
import {
  type Client,
  createClient,
  enableCarbons,
  onCarbon,
  queryArchive,
  queryArchivePage,
} from "@parley/client";
import { carbonsModule } from "@parley/mod-carbons";
import { afterEach, describe, expect, it } from "vitest";
import { online, server, settle } from "../test/support";
import { mamModule } from "./index";

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

async function connect(port: number, jid: string, resource: string): Promise<Client> {
  const c = createClient({
    jid,
    password: "password",
    resource,
    host: "127.0.0.1",
    port,
    tls: "none",
    allowPlainWithoutTls: true,
    reconnect: false,
    streamManagement: false,
  });
  clients.push(c);
  await c.start();
  return c;
}

describe("client helpers", () => {
  it("queryArchive pages forwards and backwards through the archive; enableCarbons + onCarbon", async () => {
    const t = await server([mamModule, carbonsModule]);
    await t.addUser("romeo");
    const juliet = await online(t, "juliet", "balcony");
    const client = await connect(t.ports.c2s, "romeo@localhost", "laptop");
    await enableCarbons(client);
    const carbons: string[] = [];
    const stop = onCarbon(client, (c) =>
      carbons.push(`${c.direction}:${c.message.getChildText("body")}`),
    );
    const phone = await online(t, "romeo", "phone", { priority: 5 });
    for (let i = 0; i < 5; i++) {
      phone.send(`<message to="juliet@localhost" type="chat"><body>m${i}</body></message>`);
      await settle(phone);
    }
    // A forged carbon addressed to the client straight from another user is refused by the server.
    juliet.send(
      `<message to="romeo@localhost/laptop" type="chat"><sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client"><body>forged</body></message></forwarded></sent></message>`,
    );
    await settle(juliet, phone);
    const first = await queryArchivePage(client, { max: 2 });
    expect(first.messages.map((m) => m.message.getChildText("body"))).toEqual(["m0", "m1"]);
    expect(first.count).toBe(5);
    expect(first.complete).toBe(false);
    expect(first.messages[0]!.stamp).toBeInstanceOf(Date);
    const forward: string[] = [];
    for await (const page of queryArchive(client, { max: 2, with: "juliet@localhost" })) {
      forward.push(...page.messages.map((m) => m.message.getChildText("body")!));
    }
    expect(forward).toEqual(["m0", "m1", "m2", "m3", "m4"]);
    const backward: string[][] = [];
    for await (const page of queryArchive(client, { max: 2, before: true })) {
      backward.push(page.messages.map((m) => m.message.getChildText("body")!));
    }
    expect(backward).toEqual([["m3", "m4"], ["m1", "m2"], ["m0"]]);
    expect(carbons).toEqual(["sent:m0", "sent:m1", "sent:m2", "sent:m3", "sent:m4"]);
    stop();
  });
});
