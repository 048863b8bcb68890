import hashlib
import hmac

from flask import Flask, abort, request

app = Flask(__name__)
CALLBACK_TOKEN = "set-from-vault"


@app.route("/hooks/salesloft", methods=["POST"])
def salesloft_hook():
    ts = request.headers.get("X-Salesloft-Timestamp", "")
    signature = request.headers.get("X-Salesloft-Signature", "")
    digest = hmac.new(CALLBACK_TOKEN.encode(), (ts + "." + request.get_data(as_text=True)).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(digest, signature):
        abort(401)
    return "", 204
