"""A slixmpp client driven over stdin/stdout by the interop tests (JSON lines).

stdin:  {"id": 1, "cmd": "connect", ...}   one command per line, answered in order of completion
stdout: {"id": 1, "ok": true, ...}          the answer to a command (or "ok": false, "error": ...)
        {"event": "message", ...}           something the server sent (message, presence, roster push)
        {"event": "ready"}                  printed once at start, before any command is read

Only slixmpp's own API is used (connect, get_roster, update_roster, del_roster_item,
send_message, send_presence): the point is to see what an unmodified third-party client does.
Subscription requests are never answered automatically; the test decides.
"""

import asyncio
import json
import logging
import os
import sys

import slixmpp

log = logging.getLogger("slix_client")


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def roster_items(iq):
    out = {}
    for jid, item in iq["roster"]["items"].items():
        out[str(jid)] = {
            "name": item["name"],
            "subscription": item["subscription"],
            "ask": item["ask"],
            "groups": sorted(item["groups"]),
        }
    return out


class Driver:
    def __init__(self):
        self.xmpp = None
        self.disconnected = None

    # ---- events from the server ----------------------------------------------------------

    def on_message(self, msg):
        emit({
            "event": "message",
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "type": msg["type"],
            "body": msg["body"],
            "xml": str(msg),
        })

    def on_presence(self, pres):
        emit({
            "event": "presence",
            "from": str(pres["from"]),
            "to": str(pres["to"]),
            # slixmpp reports an available presence as its show value ("available" when none)
            "type": pres["type"],
            "show": pres["show"],
            "status": pres["status"],
            "priority": pres["priority"],
            "xml": str(pres),
        })

    def on_roster_update(self, iq):
        if iq["type"] != "set":
            return  # a get result, reported as the command's answer
        emit({
            "event": "roster_push",
            "from": str(iq["from"]),
            "ver": iq["roster"]["ver"],
            "items": roster_items(iq),
            "xml": str(iq),
        })

    # ---- commands -------------------------------------------------------------------------

    async def cmd_connect(self, a):
        xmpp = slixmpp.ClientXMPP(a["jid"], a["password"], sasl_mech=a.get("mechanism"))
        self.xmpp = xmpp
        # Verify the server's certificate against the test CA instead of turning checks off.
        xmpp.ca_certs = a["caFile"]
        xmpp.roster.auto_authorize = None
        xmpp.roster.auto_subscribe = False
        loop = asyncio.get_running_loop()
        started = loop.create_future()
        self.disconnected = loop.create_future()

        def settle(result):
            if not started.done():
                started.set_result(result)

        xmpp.add_event_handler("session_start", lambda _e: settle({"ok": True}))
        failures = []

        def on_failed_auth(failure):
            # slixmpp then tries its next mechanism; only failed_all_auth is final.
            mech = xmpp["feature_mechanisms"].mech
            failures.append(f"{mech.name if mech else '?'}: {failure}")

        xmpp.add_event_handler("failed_auth", on_failed_auth)
        xmpp.add_event_handler(
            "failed_all_auth",
            lambda _e: settle({"ok": False, "error": "failed_all_auth: " + " | ".join(failures)}),
        )
        xmpp.add_event_handler(
            "connection_failed", lambda e: settle({"ok": False, "error": f"connection_failed: {e}"})
        )

        def on_disconnected(reason):
            settle({"ok": False, "error": f"disconnected: {reason}"})
            if not self.disconnected.done():
                self.disconnected.set_result(str(reason))
            emit({"event": "disconnected", "reason": str(reason)})

        xmpp.add_event_handler("disconnected", on_disconnected)
        xmpp.add_event_handler("message", self.on_message)
        xmpp.add_event_handler("presence", self.on_presence)
        xmpp.add_event_handler("roster_update", self.on_roster_update)
        xmpp.connect((a["host"], a["port"]), force_starttls=True)
        result = await started
        if not result["ok"]:
            return result
        mech = xmpp["feature_mechanisms"].mech
        return {
            "ok": True,
            "failedMechanisms": failures,
            "jid": str(xmpp.boundjid),
            "mechanism": mech.name if mech else None,
            "tls": "starttls" in xmpp.features,
        }

    def cached_roster(self):
        # slixmpp's own view, kept up to date from results and pushes (what an app would show).
        roster = self.xmpp.client_roster
        out = {}
        for jid in roster.keys():
            item = roster[jid]
            if jid == self.xmpp.boundjid.bare or not (item["to"] or item["from"] or
                                                      item["pending_out"] or item["name"]):
                continue
            out[str(jid)] = {
                "name": item["name"],
                "subscription": item["subscription"],
                "ask": "subscribe" if item["pending_out"] else "",
                "groups": sorted(item["groups"]),
            }
        return out

    async def cmd_roster_get(self, a):
        if a.get("fresh"):
            # ver="" (XEP-0237 / RFC 6121 section 2.6): no cached copy, send the whole roster.
            self.xmpp.client_roster.version = ""
        iq = await self.xmpp.get_roster()
        return {
            "ok": True,
            # None when the answer is an empty result (RFC 6121 section 2.6.3: nothing changed)
            "ver": iq["roster"]["ver"] if iq.xml.find("{jabber:iq:roster}query") is not None else None,
            "items": roster_items(iq),
            "cached": self.cached_roster(),
        }

    async def cmd_roster_set(self, a):
        iq = await self.xmpp.update_roster(
            a["jid"], name=a.get("name", ""), groups=a.get("groups", [])
        )
        return {"ok": True, "type": iq["type"]}

    async def cmd_roster_remove(self, a):
        iq = await self.xmpp.del_roster_item(a["jid"])
        return {"ok": True, "type": iq["type"]}

    async def cmd_message(self, a):
        self.xmpp.send_message(mto=a["to"], mbody=a["body"], mtype=a.get("type", "chat"))
        return {"ok": True}

    async def cmd_presence(self, a):
        kwargs = {}
        for key, arg in (("to", "pto"), ("type", "ptype"), ("show", "pshow"),
                         ("status", "pstatus"), ("priority", "ppriority")):
            if key in a:
                kwargs[arg] = a[key]
        self.xmpp.send_presence(**kwargs)
        return {"ok": True}

    async def cmd_disconnect(self, _a):
        if self.xmpp is not None and self.disconnected is not None:
            self.xmpp.disconnect()
            await self.disconnected
        return {"ok": True}

    async def run(self, line):
        request = json.loads(line)
        handler = getattr(self, "cmd_" + request["cmd"], None)
        try:
            if handler is None:
                raise ValueError("unknown command " + request["cmd"])
            if request["cmd"] != "connect" and self.xmpp is None:
                raise ValueError("not connected")
            answer = await handler(request)
        except Exception as error:  # reported to the test, which fails with it
            log.exception("command failed")
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        emit({"id": request["id"], **answer})


async def main():
    level = logging.DEBUG if os.environ.get("SLIX_DEBUG") else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    driver = Driver()
    tasks = set()
    emit({"event": "ready", "slixmpp": slixmpp.__version__})
    while True:
        line = await reader.readline()
        if not line:
            break  # the test closed stdin: leave
        if line.strip():
            task = asyncio.ensure_future(driver.run(line))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
    if driver.xmpp is not None:
        driver.xmpp.disconnect(wait=0)


if __name__ == "__main__":
    asyncio.run(main())
