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
  // Generous bound (vi.waitUntil's default); on a timeout the caller's expect() shows the diff.
  await vi.waitUntil(check).catch(() => undefined);
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

describe("SocketTransport bounds", () => {
  it("calls the overflow listener once when a peer that does not read lets output pile up", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    const overflow = vi.fn();
    t.limitSendBuffer(64 * 1024, overflow);
    client.pause();
    const chunk = "z".repeat(16 * 1024);
    // The kernel's buffers fill first; then the socket's own buffer grows past the bound.
    for (let i = 0; i < 2000 && overflow.mock.calls.length === 0; i++) {
      t.send(chunk);
      await nextTurn();
    }
    expect(overflow).toHaveBeenCalledTimes(1);
    t.send(chunk);
    expect(overflow).toHaveBeenCalledTimes(1);
    t.destroy();
  });

  it("counts the unflushed batch too; 0 turns the bound off", () => {
    const bounded = new SocketTransport(serverSide, "tcp", undefined);
    const overflow = vi.fn();
    bounded.limitSendBuffer(64 * 1024, overflow);
    bounded.send("z".repeat(40 * 1024));
    expect(overflow).not.toHaveBeenCalled();
    bounded.send("z".repeat(40 * 1024)); // 80 KiB in this turn's batch, before any write
    expect(overflow).toHaveBeenCalledTimes(1);
    const unbounded = new SocketTransport(serverSide, "tcp", undefined);
    const never = vi.fn();
    unbounded.limitSendBuffer(0, never);
    for (let i = 0; i < 4; i++) unbounded.send("z".repeat(64 * 1024));
    expect(never).not.toHaveBeenCalled();
  });

  it("clears the end() timer when the socket closes, keeping nothing for 2 s", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    const set = vi.spyOn(globalThis, "setTimeout");
    const clear = vi.spyOn(globalThis, "clearTimeout");
    const closed = new Promise<void>((resolve) => t.onClose(resolve));
    t.end();
    const handle = set.mock.results.at(-1)?.value;
    expect(handle).toBeDefined();
    client.end();
    await closed;
    expect(clear).toHaveBeenCalledWith(handle);
  });
});

describe("SocketTransport delivery signal (send's written callback)", () => {
  it("true once the socket took the bytes and the connection stayed open", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    const outcome = new Promise<boolean>((resolve) => t.send("<a/>", resolve));
    t.send("<b/>");
    expect(await outcome).toBe(true);
    await until(() => received === "<a/><b/>");
    expect(received).toBe("<a/><b/>");
  });

  it("false when the peer's end arrived before the batch went out", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    client.destroy(); // its end is on the way while the server still buffers
    const outcome = new Promise<boolean>((resolve) => t.send("<a/>", resolve));
    expect(await outcome).toBe(false);
  });

  it("false at once for a closed transport", async () => {
    const t = new SocketTransport(serverSide, "tcp", undefined);
    const closed = new Promise<void>((resolve) => t.onClose(resolve));
    client.destroy();
    await closed;
    const outcomes: boolean[] = [];
    t.send("<a/>", (ok) => outcomes.push(ok));
    expect(outcomes).toEqual([false]);
  });
});
