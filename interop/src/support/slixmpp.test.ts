// The peer check itself: a machine without slixmpp fails the suite with a pointer to the fix.
import { describe, expect, it } from "vitest";
import { SYSTEM_PYTHON, assertSlixmppInstalled } from "./slixmpp";

describe("assertSlixmppInstalled", () => {
  it("names the install script when the interpreter is missing", () => {
    expect(() => assertSlixmppInstalled("/nonexistent/python3")).toThrow(
      /\/nonexistent\/python3 cannot import slixmpp \(.*ENOENT.*\).*python3-slixmpp: run \.ci\/install-peers/,
    );
  });

  it("reports the installed version of the Debian package", () => {
    expect(assertSlixmppInstalled(SYSTEM_PYTHON)).toMatch(/^1\.\d+\.\d+/);
  });
});
