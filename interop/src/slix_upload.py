"""One-shot slixmpp XEP-0363 run for upload.interop.test.ts.

argv[1]: JSON {"connect": {...slix_client.py connect arguments...}, "name": str,
               "data": base64 str, "contentType": str|null, "tooBigSize": int}
stdout:  one JSON line {"ok": true, "url": ..., "service": ..., "maxFileSize": ..., "tooBig": ...}
         or {"ok": false, "error": ...}

Only slixmpp's own API is used: its xep_0363 plugin requests a slot and PUTs the file with aiohttp
(python3-aiohttp), repeating the slot's headers, and refuses too large files from max-file-size.
Quirk: slixmpp 1.8.3's own discovery (xep_0030 get_info_from_domain) passes coroutines to
asyncio.wait, which Python 3.11 forbids; so the discovery is done here with xep_0030 get_items /
get_info, and its result handed to the plugin as its own discovery would.
"""

import asyncio
import base64
import io
import json
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slix_client import Driver  # noqa: E402  (the same login as the other interop tests)


async def run(args):
    driver = Driver()
    login = await driver.cmd_connect(args["connect"])
    if not login["ok"]:
        return login
    xmpp = driver.xmpp
    xmpp.register_plugin("xep_0363")
    upload = xmpp["xep_0363"]
    disco = xmpp["xep_0030"]
    items = await disco.get_items(xmpp.boundjid.domain, timeout=15)
    for jid, _node, _name in items["disco_items"]["items"]:
        info = await disco.get_info(jid, timeout=15)
        identities = info["disco_info"]["identities"]
        if any(i[0] == "store" and i[1] == "file" for i in identities) and \
                "urn:xmpp:http:upload:0" in info["disco_info"]["features"]:
            upload.upload_service = info["from"]
            for form in info["disco_info"].iterables:
                values = form["values"]
                if values["FORM_TYPE"] == ["urn:xmpp:http:upload:0"]:
                    upload.max_file_size = int(values["max-file-size"])
            break
    if upload.upload_service is None:
        return {"ok": False, "error": "no upload service in the server's disco#items"}
    data = base64.b64decode(args["data"])
    url = await upload.upload_file(
        args["name"],
        size=len(data),
        content_type=args.get("contentType"),
        input_file=io.BytesIO(data),
        timeout=15,
    )
    too_big = None
    try:
        await upload.upload_file(
            "big.bin", size=args["tooBigSize"], input_file=io.BytesIO(b""), timeout=15
        )
    except Exception as error:  # slixmpp raises FileTooBig before asking for a slot
        too_big = type(error).__name__
    result = {
        "ok": True,
        "url": url,
        "service": str(upload.upload_service),
        "maxFileSize": upload.max_file_size,
        "tooBig": too_big,
    }
    xmpp.disconnect()
    await driver.disconnected
    return result


def main():
    level = logging.DEBUG if os.environ.get("SLIX_DEBUG") else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr)
    try:
        result = asyncio.run(run(json.loads(sys.argv[1])))
    except Exception as error:  # reported to the test, which fails with it
        logging.exception("upload failed")
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
