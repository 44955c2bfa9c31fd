"""slix_client.py's driver with slixmpp's PEP plugins (XEP-0030, 0115, 0060, 0163, 0172, 0084).

Same JSON-lines protocol. Extra commands: publish_nick, publish_avatar_metadata. Extra events:
"pep_nick" and "pep_avatar" for the PEP notifications slixmpp decodes (its +notify interests come
from the 0172 and 0084 plugins and are advertised through XEP-0115 caps).
"""

import asyncio

import slixmpp

import slix_client

PLUGINS = ("xep_0030", "xep_0115", "xep_0060", "xep_0163", "xep_0172", "xep_0084")
BaseXMPP = slixmpp.ClientXMPP


class PepXMPP(BaseXMPP):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for plugin in PLUGINS:
            self.register_plugin(plugin)


class PepDriver(slix_client.Driver):
    async def cmd_connect(self, a):
        # The base driver builds slixmpp.ClientXMPP: hand it the class with the PEP plugins.
        slix_client.slixmpp.ClientXMPP = PepXMPP
        try:
            result = await super().cmd_connect(a)
        finally:
            slix_client.slixmpp.ClientXMPP = BaseXMPP
        if result.get("ok"):
            self.xmpp.add_event_handler("user_nick_publish", self.on_nick)
            self.xmpp.add_event_handler("avatar_metadata_publish", self.on_avatar)
        return result

    def on_nick(self, msg):
        item = msg["pubsub_event"]["items"]["item"]
        slix_client.emit({"event": "pep_nick", "from": str(msg["from"]),
                          "nick": item["nick"]["nick"], "xml": str(msg)})

    def on_avatar(self, msg):
        item = msg["pubsub_event"]["items"]["item"]
        infos = [info["id"] for info in item["avatar_metadata"]["items"]]
        slix_client.emit({"event": "pep_avatar", "from": str(msg["from"]),
                          "ids": infos, "xml": str(msg)})

    async def cmd_publish_nick(self, a):
        iq = await self.xmpp["xep_0172"].publish_nick(a["nick"])
        return {"ok": True, "type": iq["type"]}

    async def cmd_publish_avatar_metadata(self, a):
        iq = await self.xmpp["xep_0084"].publish_avatar_metadata(
            items=[{"id": a["avatarId"], "type": a["type"], "bytes": a["bytes"]}])
        return {"ok": True, "type": iq["type"]}


async def main():
    slix_client.Driver = PepDriver
    await slix_client.main()


if __name__ == "__main__":
    asyncio.run(main())
