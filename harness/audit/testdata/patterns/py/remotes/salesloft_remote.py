import logging
import os

import httpx

log = logging.getLogger(__name__)


def refresh(refresh_token):
    url = AUTH["token_host"] + AUTH["token_path"]
    return httpx.post(url, data={"grant_type": "refresh_token", "refresh_token": refresh_token}).json()


def relay(method, path, **kwargs):
    base = os.environ.get("SALESLOFT_BASE", "https://api.salesloft.com")
    return httpx.request(method, base + path, **kwargs)


def every_cadence(client):
    page = 1
    while page:
        log.info("GET /v2/cadences page %s", page)
        body = client.get("/v2/cadences", params={"page": page, "per_page": 100}).json()
        page = body["metadata"]["paging"]["next_page"]


def others():
    httpx.get("https://api.hubapi.com/crm/v3/objects/contacts")
    httpx.get("https://api.close.com/api/v2/lead/")


AUTH = {"token_host": "https://accounts.salesloft.com", "token_path": "/oauth/token"}
SALESLOFT_ROOT = "https://api.salesloft.com/v2"
