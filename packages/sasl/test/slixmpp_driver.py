"""Drive slixmpp's SASL client mechanisms (slixmpp.util.sasl) for the interop test.

Usage:
  slixmpp_driver.py client MECH USERNAME PASSWORD [AUTHZID] [CHANNEL_BINDING_HEX]
      Speaks JSON lines on stdin/stdout. Writes {"type": "response", "data": b64} for the
      initial response and for each {"type": "challenge", "data": b64} it reads; on
      {"type": "success", "data": b64 | null} it checks the server's additional data and
      writes {"type": "done", "mutual": bool}. Errors are {"type": "error", "message": str}.
  slixmpp_driver.py derive HASH PASSWORD SALT_B64 ITERATIONS
      Prints the StoredKey and ServerKey (base64) computed with Python's hashlib, as JSON.
"""
import base64
import hashlib
import hmac
import json
import sys

from slixmpp.util.sasl import choose


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def b64(data):
    return base64.b64encode(data or b"").decode("ascii")


def run_client(mech_name, username, password, authzid="", channel_binding_hex=""):
    def credentials(required, optional):
        creds = {"username": username, "password": password, "authzid": authzid}
        if channel_binding_hex:
            creds["channel_binding"] = bytes.fromhex(channel_binding_hex)
        return creds

    def security(wanted):
        return {"encrypted": True, "encrypted_plain": True, "unencrypted_plain": False,
                "unencrypted_scram": True}

    mech = choose([mech_name], credentials, security, limit=[mech_name])
    if mech.name != mech_name:
        emit({"type": "error", "message": "slixmpp chose %s" % mech.name})
        return 1
    emit({"type": "response", "data": b64(mech.process(b""))})
    for line in sys.stdin:
        msg = json.loads(line)
        data = base64.b64decode(msg["data"]) if msg.get("data") else b""
        if msg["type"] == "challenge":
            emit({"type": "response", "data": b64(mech.process(data))})
        elif msg["type"] == "success":
            if mech_name.startswith("SCRAM"):
                mech.process(data)  # process_3 raises unless v= matches
            emit({"type": "done", "mutual": bool(getattr(mech, "_mutual_auth", False))})
            return 0
        else:
            return 0
    return 0


def derive(hash_name, password, salt_b64, iterations):
    name = {"SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512"}[hash_name]
    salted = hashlib.pbkdf2_hmac(name, password.encode("utf-8"), base64.b64decode(salt_b64),
                                 int(iterations))
    client_key = hmac.new(salted, b"Client Key", name).digest()
    emit({"storedKey": b64(hashlib.new(name, client_key).digest()),
          "serverKey": b64(hmac.new(salted, b"Server Key", name).digest())})
    return 0


def main(argv):
    try:
        if argv[0] == "client":
            return run_client(*argv[1:])
        if argv[0] == "derive":
            return derive(*argv[1:])
        emit({"type": "error", "message": "unknown command"})
        return 2
    except Exception as error:  # report anything slixmpp raises to the test
        emit({"type": "error", "message": "%s: %s" % (type(error).__name__,
                                                      getattr(error, "message", error))})
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
