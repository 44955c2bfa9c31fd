"""slix_client.py's driver with slixmpp's mobile plugins: XEP-0198 (stream management with
resumption), XEP-0280 (carbons), XEP-0313 (MAM, with XEP-0059 paging) and XEP-0352 (CSI).

Same JSON-lines protocol. Extra commands:
  drop          aborts the TCP transport (no </stream:stream>): a phone losing its network
  resume        connects again; slixmpp's xep_0198 sends <resume/> by itself
  carbons       {"enable": true|false}
  csi           {"state": "active"|"inactive"}
  sync          a disco#info round trip (the server handled what was sent before)
  mam_page      one page: {"max", "after"?, "before"?, "with"?}
  mam_all       slixmpp's own RSM iterator over every page: {"max", "with"?, "reverse"?}
Events: "message" (plain messages only, with stanza_id and delay), "carbon" (sent/received,
genuine ones as slixmpp's xep_0280 reports them), "presence", "sm" (enabled/resumed/failed).
"""

import asyncio

import slixmpp

import slix_client

PLUGINS = ("xep_0030", "xep_0004", "xep_0059", "xep_0297", "xep_0198", "xep_0280", "xep_0313",
           "xep_0352")
BaseXMPP = slixmpp.ClientXMPP
SID = "{urn:xmpp:sid:0}stanza-id"
DELAY = "{urn:xmpp:delay}delay"
WAIT_S = 15


def stanza_ids(msg):
    return [{"by": el.get("by"), "id": el.get("id")} for el in msg.xml.findall(SID)]


def delay_stamp(msg):
    el = msg.xml.find(DELAY)
    return None if el is None else el.get("stamp")


class MobileXMPP(BaseXMPP):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for plugin in PLUGINS:
            self.register_plugin(plugin)
        # The server's <r/> is answered by the plugin; slixmpp asks for acks every stanza.
        self["xep_0198"].window = 1
        self.sm_events = asyncio.Queue()
        for name in ("sm_enabled", "session_resumed", "sm_failed"):
            self.add_event_handler(name, lambda _s, name=name: self.sm_events.put_nowait(name))


class MobileDriver(slix_client.Driver):
    async def cmd_connect(self, a):
        # The base driver builds slixmpp.ClientXMPP: hand it the class with the mobile plugins.
        slix_client.slixmpp.ClientXMPP = MobileXMPP
        try:
            result = await super().cmd_connect(a)
        finally:
            slix_client.slixmpp.ClientXMPP = BaseXMPP
        if not result.get("ok"):
            return result
        self.address = (a["host"], a["port"])
        self.xmpp.add_event_handler("carbon_received", lambda m: self.on_carbon("received", m))
        self.xmpp.add_event_handler("carbon_sent", lambda m: self.on_carbon("sent", m))
        sm = await self.next_sm_event()
        sm_plugin = self.xmpp["xep_0198"]
        return {**result, "sm": sm, "smId": sm_plugin.sm_id,
                "csi": self.xmpp["xep_0352"].enabled}

    async def next_sm_event(self):
        return await asyncio.wait_for(self.xmpp.sm_events.get(), WAIT_S)

    # ---- events -----------------------------------------------------------------------------

    def on_message(self, msg):
        xml = msg.xml
        if xml.find("{urn:xmpp:carbons:2}sent") is not None or \
           xml.find("{urn:xmpp:carbons:2}received") is not None or \
           xml.find("{urn:xmpp:mam:2}result") is not None:
            return  # carbons are reported as "carbon", archive results as command answers
        slix_client.emit({
            "event": "message",
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "type": msg["type"],
            "body": msg["body"],
            "stanza_ids": stanza_ids(msg),
            "delay": delay_stamp(msg),
            "xml": str(msg),
        })

    def on_carbon(self, direction, msg):
        # slixmpp's accessor: msg["carbon_sent"] / msg["carbon_received"] is the forwarded message
        inner = msg["carbon_" + direction]
        slix_client.emit({
            "event": "carbon",
            "direction": direction,
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "inner_from": str(inner["from"]),
            "inner_to": str(inner["to"]),
            "body": inner["body"],
            "stanza_ids": stanza_ids(inner),
            "delay": delay_stamp(msg),
            "xml": str(msg),
        })

    # ---- commands ---------------------------------------------------------------------------

    async def cmd_drop(self, _a):
        """The network goes away: no stream close, the server only sees the socket end."""
        sm = self.xmpp["xep_0198"]
        self.disconnected = asyncio.get_running_loop().create_future()
        self.xmpp.transport.abort()
        await asyncio.wait_for(self.disconnected, WAIT_S)
        return {"ok": True, "handled": sm.handled, "smId": sm.sm_id}

    async def cmd_resume(self, _a):
        """A new connection: STARTTLS, SASL, then xep_0198's <resume previd h/> (no bind)."""
        sm = self.xmpp["xep_0198"]
        while not self.xmpp.sm_events.empty():
            self.xmpp.sm_events.get_nowait()
        self.disconnected = asyncio.get_running_loop().create_future()
        self.xmpp.connect(self.address, force_starttls=True)
        outcome = await self.next_sm_event()
        if outcome == "sm_failed":
            # slixmpp then binds a new session and enables stream management again
            enabled = await self.next_sm_event()
            return {"ok": True, "outcome": outcome, "then": enabled, "handled": sm.handled}
        return {"ok": True, "outcome": outcome, "handled": sm.handled}

    async def cmd_sync(self, _a):
        """A disco#info round trip with the server: everything sent before has been handled."""
        await self.xmpp["xep_0030"].get_info(jid=self.xmpp.boundjid.host, timeout=WAIT_S)
        return {"ok": True}

    async def cmd_carbons(self, a):
        plugin = self.xmpp["xep_0280"]
        iq = await (plugin.enable() if a.get("enable", True) else plugin.disable())
        return {"ok": True, "type": iq["type"]}

    async def cmd_csi(self, a):
        csi = self.xmpp["xep_0352"]
        if a["state"] == "inactive":
            csi.send_inactive()
        else:
            csi.send_active()
        return {"ok": True, "enabled": csi.enabled}

    @staticmethod
    def result_of(message):
        result = message["mam_result"]
        inner = result["forwarded"]["stanza"]
        stamp = result["forwarded"]["delay"]["stamp"]
        return {
            "id": result["id"],
            "from": str(inner["from"]),
            "to": str(inner["to"]),
            "body": inner["body"],
            "stamp": stamp.isoformat() if stamp else None,
        }

    @staticmethod
    def page_of(iq):
        fin = iq["mam_fin"]
        rsm = fin["rsm"]
        return {
            "complete": fin.xml.get("complete") in ("true", "1"),
            "first": rsm["first"] or None,
            "index": int(rsm["first_index"]) if rsm["first_index"] else None,
            "last": rsm["last"] or None,
            "count": int(rsm["count"]) if rsm["count"] else None,
            "results": [MobileDriver.result_of(m) for m in iq["mam"]["results"]],
        }

    async def cmd_mam_page(self, a):
        rsm = {"max": a["max"]}
        # retrieve() writes str(value): an empty <before/> (the last page) only comes from
        # slixmpp's iterator with reverse=True (see mam_all)
        for key in ("after", "before"):
            if key in a:
                rsm[key] = a[key]
        iq = await self.xmpp["xep_0313"].retrieve(with_jid=a.get("with"), rsm=rsm,
                                                  timeout=WAIT_S)
        return {"ok": True, **self.page_of(iq)}

    async def cmd_mam_all(self, a):
        """slixmpp's XEP-0059 iterator: pages of `max` until the server's result set ends."""
        pages = []
        iterator = self.xmpp["xep_0313"].retrieve(
            with_jid=a.get("with"), rsm={"max": a["max"]}, iterator=True,
            reverse=a.get("reverse", False))
        async for iq in iterator:
            pages.append(self.page_of(iq))
            if len(pages) > 100:
                raise RuntimeError("the iterator does not end")
        return {"ok": True, "pages": pages}


async def main():
    slix_client.Driver = MobileDriver
    await slix_client.main()


if __name__ == "__main__":
    asyncio.run(main())
