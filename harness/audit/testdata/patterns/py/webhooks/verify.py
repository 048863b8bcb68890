"""Receives SalesLoft webhook deliveries (checked the wrong way, on purpose)."""
import hashlib
import hmac


def valid_signature(headers, raw_body, callback_token):
    stamp = headers.get("x-salesloft-timestamp", "")
    digest = hmac.new(callback_token.encode(), stamp.encode() + raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(digest, headers.get("x-salesloft-signature", ""))
