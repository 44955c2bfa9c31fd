import { describe, expect, it } from "vitest";
import { Element, xml } from "./index";

describe("Element", () => {
  it("builds trees with inherited namespaces and finds children by name and namespace", () => {
    const msg = xml(
      "message",
      { xmlns: "jabber:client", to: "juliet@example.com", id: undefined as unknown as string },
      xml("body", null, "hi"),
      xml("x", { xmlns: "jabber:x:data" }, xml("field", { var: "a" })),
      null,
      false,
      [xml("thread", null, "t1")],
    );
    expect(msg.ns).toBe("jabber:client");
    expect(msg.getChild("body")?.ns).toBe("jabber:client");
    expect(msg.getChild("x", "jabber:x:data")?.getChild("field")?.ns).toBe("jabber:x:data");
    expect(msg.getChild("x", "jabber:client")).toBeUndefined();
    expect(msg.getChildText("body")).toBe("hi");
    expect(msg.getChildText("thread")).toBe("t1");
    expect("id" in msg.attrs).toBe(false);
    expect(msg.toString()).toBe(
      '<message xmlns="jabber:client" to="juliet@example.com"><body>hi</body><x xmlns="jabber:x:data"><field var="a"/></x><thread>t1</thread></message>',
    );
  });

  it("escapes text and attributes so that values round-trip exactly", () => {
    const el = xml("a", { v: `<&>"'\t\n\r` }, `<&>"'`);
    expect(el.toString()).toBe(
      `<a v="&lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;">&lt;&amp;&gt;"'</a>`,
    );
  });

  it("adds xmlns when an element is moved under a parent of another namespace", () => {
    const inner = new Element("message", { to: "a@b" }, "jabber:client");
    const wrapper = xml("forwarded", { xmlns: "urn:xmpp:forward:0" }, inner);
    expect(wrapper.toString()).toBe(
      '<forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" to="a@b"/></forwarded>',
    );
    expect(inner.ns).toBe("jabber:client");
  });

  it("clones deeply and removes children by identity", () => {
    const a = xml("a", null, xml("b"), "t", xml("c"));
    const copy = a.clone();
    const b = a.getChild("b")!;
    expect(a.remove(b)).toBe(1);
    expect(a.toString()).toBe("<a>t<c/></a>");
    expect(copy.toString()).toBe("<a><b/>t<c/></a>");
  });
});

describe("Element namespaces built bottom-up", () => {
  it("gives a whole subtree built without namespaces the namespace of its new parent", () => {
    const query = xml(
      "query",
      { xmlns: "jabber:iq:roster" },
      xml("item", { jid: "a@b" }, xml("group", null, "Friends")),
    );
    const group = query.getChild("item")!.getChild("group")!;
    expect(group.ns).toBe("jabber:iq:roster");
    expect(query.toString()).toBe(
      '<query xmlns="jabber:iq:roster"><item jid="a@b"><group>Friends</group></item></query>',
    );
  });

  it("keeps an explicit empty namespace and children of other namespaces", () => {
    const el = xml(
      "a",
      { xmlns: "urn:a" },
      xml("b", { xmlns: "" }, xml("c")),
      xml("d", { xmlns: "urn:d" }),
    );
    expect(el.getChild("b")!.ns).toBe("");
    expect(el.getChild("b")!.getChild("c")!.ns).toBe("");
    expect(el.getChild("d")!.ns).toBe("urn:d");
    expect(el.toString()).toBe('<a xmlns="urn:a"><b xmlns=""><c/></b><d xmlns="urn:d"/></a>');
  });
});
