"""slixmpp with its XEP-0045 plugin, driven over stdin/stdout by muc.interop.test.ts (JSON lines).

The commands of slix_client.py (connect, message, presence, disconnect, ...) plus:
  join_muc   {room, nick, maxstanzas?, password?}  -> slixmpp's join_muc_wait: own presence,
             subject, occupants and history as slixmpp collected them
  muc_send   {room, body}                          -> send_message(mtype="groupchat")
  muc_leave  {room, nick}
Events: every groupchat message as {"event": "groupchat", ...} besides the plain "message" ones.

Note: slixmpp 1.8.3 prints delay elements to stdout while joining; the test ignores lines that
are not JSON.
"""

import asyncio

import slix_client
from slix_client import Driver, emit


class MucDriver(Driver):
    async def cmd_connect(self, a):
        answer = await super().cmd_connect(a)
        if answer.get("ok"):
            self.xmpp.register_plugin("xep_0045")
            self.xmpp.add_event_handler("groupchat_message", self.on_groupchat)
        return answer

    def on_groupchat(self, msg):
        delay = msg.xml.find("{urn:xmpp:delay}delay")
        emit({
            "event": "groupchat",
            "from": str(msg["from"]),
            "body": msg["body"],
            "delayFrom": delay.get("from") if delay is not None else None,
            "xml": str(msg),
        })

    async def cmd_join_muc(self, a):
        muc = self.xmpp.plugin["xep_0045"]
        options = {}
        if "maxstanzas" in a:
            options["maxstanzas"] = a["maxstanzas"]
        if "password" in a:
            options["password"] = a["password"]
        pres, subject, occupants, history = await muc.join_muc_wait(
            a["room"], a["nick"], timeout=10, **options
        )
        return {
            "ok": True,
            "self": {
                "from": str(pres["from"]),
                "role": pres["muc"]["role"],
                "affiliation": pres["muc"]["affiliation"],
                "codes": sorted(pres["muc"]["status_codes"]),
            },
            "subject": subject["subject"],
            "occupants": sorted(str(p["from"]) for p in occupants),
            "history": [{"from": str(m["from"]), "body": m["body"]} for m in history],
            "roster": sorted(muc.get_roster(a["room"])),
        }

    async def cmd_muc_send(self, a):
        self.xmpp.send_message(mto=a["room"], mbody=a["body"], mtype="groupchat")
        return {"ok": True}

    async def cmd_muc_leave(self, a):
        self.xmpp.plugin["xep_0045"].leave_muc(a["room"], a["nick"])
        return {"ok": True}


if __name__ == "__main__":
    slix_client.Driver = MucDriver  # main() builds the driver by this name
    asyncio.run(slix_client.main())
