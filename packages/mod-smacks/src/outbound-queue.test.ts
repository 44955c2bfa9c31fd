import { xml } from "@parley/xml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { H_MODULUS, addH } from "./counter";
import { HandledCountTooHighError } from "./errors";
import { OutboundQueue } from "./outbound-queue";

const msg = (n: number) => xml("message", { id: String(n) });

describe("OutboundQueue", () => {
  it("keeps what is not acknowledged, in order", () => {
    const q = new OutboundQueue();
    for (let i = 1; i <= 3; i++) q.push(msg(i));
    expect(q.acknowledge(2)).toBe(2);
    expect(q.items.map((e) => e.attr("id"))).toEqual(["3"]);
    expect(q.acknowledge(2)).toBe(0); // a repeated ack
    expect(() => q.acknowledge(4)).toThrow(HandledCountTooHighError);
    expect(q.drain().map((e) => e.attr("id"))).toEqual(["3"]);
    expect(q.size).toBe(0);
    expect(q.acked).toBe(q.sent);
  });

  it("reports h and send-count of a too high ack", () => {
    const q = new OutboundQueue();
    q.push(msg(1));
    try {
      q.acknowledge(5);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ h: 5, sendCount: 1, condition: "undefined-condition" });
    }
  });

  it("matches a model for any start point (wrap-around included) and any ack pattern", () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ ack: fc.integer({ min: 0, max: 8 }) }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: H_MODULUS - 10, max: H_MODULUS - 1 }), fc.nat(1000)),
        fc.array(op, { maxLength: 40 }),
        (start, ops) => {
          const q = new OutboundQueue();
          q.sent = start;
          q.acked = start;
          let next = 0;
          let model: number[] = []; // ids of unacknowledged stanzas
          for (const o of ops) {
            if ("push" in o) {
              for (let i = 0; i < o.push; i++) {
                q.push(msg(next));
                model.push(next++);
              }
            } else {
              const h = addH(q.acked, o.ack); // the client acks o.ack more stanzas
              if (o.ack > model.length) {
                expect(() => q.acknowledge(h)).toThrow(HandledCountTooHighError);
              } else {
                expect(q.acknowledge(h)).toBe(o.ack);
                model = model.slice(o.ack);
              }
            }
            expect(q.items.map((e) => Number(e.attr("id")))).toEqual(model);
            expect(q.sent).toBe(addH(start, next));
          }
        },
      ),
    );
  });
});
