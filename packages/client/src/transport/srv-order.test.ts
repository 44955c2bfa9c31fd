import { describe, expect, it } from "vitest";
import { type SrvTarget, orderSrvTargets, serviceRefused } from "./srv-order";

const t = (name: string, priority: number, weight: number): SrvTarget => ({
  name,
  port: 5222,
  priority,
  weight,
  tls: "starttls",
});

describe("RFC 2782 ordering", () => {
  it("orders by priority, lowest first", () => {
    const out = orderSrvTargets([t("c", 20, 0), t("a", 5, 0), t("b", 10, 0)], () => 0.5);
    expect(out.map((r) => r.name)).toEqual(["a", "b", "c"]);
  });

  it("picks by weight within a priority", () => {
    const records = [t("light", 1, 10), t("heavy", 1, 90)];
    expect(orderSrvTargets(records, () => 0.99)[0]!.name).toBe("heavy");
    expect(orderSrvTargets(records, () => 0.01)[0]!.name).toBe("light");
  });

  it("keeps every record exactly once", () => {
    const records = [t("a", 1, 0), t("b", 1, 5), t("c", 2, 1), t("d", 1, 5)];
    const out = orderSrvTargets(records);
    expect(out.map((r) => r.name).sort()).toEqual(["a", "b", "c", "d"]);
    expect(out.at(-1)!.name).toBe("c");
  });

  it("recognises the '.' target as service refused", () => {
    expect(serviceRefused([t(".", 0, 0)])).toBe(true);
    expect(serviceRefused([t("x", 0, 0)])).toBe(false);
    expect(serviceRefused([])).toBe(false);
  });
});
