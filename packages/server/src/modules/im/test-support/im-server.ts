// A fake server with the IM modules and three accounts, for the unit tests.
import { imModules } from "../index";
import { type FakeServer, createFakeServer } from "./fake-server";

export async function imServer(
  config: Record<string, Record<string, unknown>> = {},
): Promise<FakeServer> {
  const server = createFakeServer(["example.com"]);
  await server.setup(imModules, config);
  for (const u of ["juliet", "romeo", "nurse"]) await server.addUser(`${u}@example.com`);
  return server;
}
