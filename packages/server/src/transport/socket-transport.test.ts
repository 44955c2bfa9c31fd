// Output batching of SocketTransport over a real loopback connection: one write per turn, in
// order, flushed before end/destroy, nothing after.
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SocketTransport } from "./socket-transport";

let server: Server;
let serverSide: Socket;
let client: Socket;
let received: string;
let clientClosed: Promise<void>;

beforeEach(async () => {
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer(resolve);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = connect((server.address() as AddressInfo).port, "127.0.0.1");
  received = "";
  client.setEncoding("utf8");
  client.on("data", (d: string) => {
    received += d;
  });
  clientClosed = new Promise((resolve) => client.on("close", () => resolve()));
  serverSide = await accepted;
});

afterEach(async () => {
  client.destroy();
  serverSide.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe("SocketTransport output", () => {
  it("writes what one turn sends as one socket write, in order", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    const write = vi.spyOn(serverSide, "write");
    t.send("<a/>");
    t.send("<b/>");
    t.send("");
    t.send("<c/>");
    expect(write).not.toHaveBeenCalled();
    await nextTurn();
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0]![0]).toBe("<a/><b/><c/>");
    t.send("<d/>");
    await nextTurn();
    expect(write).toHaveBeenCalledTimes(2);
    await until(() => received === "<a/><b/><c/><d/>");
    expect(received).toBe("<a/><b/><c/><d/>");
  });

  it("flushes before end(): the closing tag follows the stanzas, then the peer sees the end", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    t.send("<message/>");
    t.send("</stream:stream>");
    t.end();
    t.send("<late/>"); // after end: dropped
    await clientClosed.catch(() => {});
    await until(() => client.readableEnded);
    expect(received).toBe("<message/></stream:stream>");
  });

  it("flushes before destroy() and writes nothing after it", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    const write = vi.spyOn(serverSide, "write");
    t.send("<error/>");
    t.destroy();
    expect(write).toHaveBeenCalledTimes(1);
    t.send("<late/>");
    await nextTurn();
    expect(write).toHaveBeenCalledTimes(1);
    await clientClosed;
    expect(received).toBe("<error/>");
  });

  it("drops buffered output when the peer has gone", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    const closed = new Promise<void>((resolve) => t.onClose(resolve));
    client.destroy();
    await closed;
    const write = vi.spyOn(serverSide, "write");
    t.send("<a/>");
    await nextTurn();
    expect(write).not.toHaveBeenCalled();
  });
});
