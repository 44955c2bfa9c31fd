import { describe, expect, it } from "vitest";
import { Emitter } from "./emitter";

interface Events {
  tick: (n: number) => void;
}

class Ticker extends Emitter<Events> {
  errors: unknown[] = [];
  fire(n: number): void {
    this.emit("tick", n);
  }
  protected override onListenerError(error: unknown): void {
    this.errors.push(error);
  }
}

describe("Emitter", () => {
  it("delivers to one listener, then to several in order, and removes each with off()", () => {
    const t = new Ticker();
    const seen: string[] = [];
    const a = (n: number) => seen.push(`a${n}`);
    const b = (n: number) => seen.push(`b${n}`);
    const c = (n: number) => seen.push(`c${n}`);
    expect(t.listenerCount("tick")).toBe(0);
    t.fire(0);
    t.on("tick", a);
    t.fire(1);
    t.on("tick", b).on("tick", c);
    expect(t.listenerCount("tick")).toBe(3);
    t.fire(2);
    t.off("tick", b);
    t.fire(3);
    t.off("tick", a).off("tick", c);
    t.off("tick", c); // not registered any more: nothing happens
    t.fire(4);
    expect(seen).toEqual(["a1", "a2", "b2", "c2", "a3", "c3"]);
    expect(t.listenerCount("tick")).toBe(0);
  });

  it("lets a listener add or remove listeners during delivery, effective from the next event", () => {
    const t = new Ticker();
    const seen: string[] = [];
    const late = (n: number) => seen.push(`late${n}`);
    const first = (n: number) => {
      seen.push(`first${n}`);
      t.on("tick", late);
      t.off("tick", first);
    };
    t.on("tick", first);
    t.fire(1);
    t.fire(2);
    expect(seen).toEqual(["first1", "late2"]);
  });

  it("hands a listener's exception to onListenerError and still runs the others", () => {
    const t = new Ticker();
    const seen: number[] = [];
    t.on("tick", () => {
      throw new Error("boom");
    });
    t.on("tick", (n) => seen.push(n));
    t.fire(7);
    expect(seen).toEqual([7]);
    expect(t.errors).toHaveLength(1);
  });

  it("rethrows a listener's exception by default", () => {
    class Plain extends Emitter<Events> {
      fire(n: number): void {
        this.emit("tick", n);
      }
    }
    const p = new Plain().on("tick", () => {
      throw new RangeError("x");
    });
    expect(() => p.fire(1)).toThrow(RangeError);
  });
});

describe("Emitter receiver", () => {
  it("calls the receiver's method as a method, before the listeners, until removed", () => {
    const t = new Ticker();
    const seen: string[] = [];
    const receiver = {
      name: "r",
      tick(this: { name: string }, n: number) {
        seen.push(`${this.name}${n}`);
      },
    };
    t.on("tick", (n) => seen.push(`l${n}`));
    t.receive(receiver);
    expect(t.listenerCount("tick")).toBe(2);
    t.fire(1);
    t.receive(undefined);
    t.fire(2);
    expect(seen).toEqual(["r1", "l1", "l2"]);
    expect(t.listenerCount("tick")).toBe(1);
  });

  it("hands a receiver's exception to onListenerError and still runs the listeners", () => {
    const t = new Ticker();
    const seen: number[] = [];
    t.receive({
      tick() {
        throw new Error("boom");
      },
    });
    t.on("tick", (n) => seen.push(n));
    t.fire(7);
    expect(seen).toEqual([7]);
    expect(t.errors).toHaveLength(1);
  });
});
