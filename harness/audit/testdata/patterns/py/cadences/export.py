"""Exports the members of a SalesLoft cadence, one page at a time. The URL is
built by rebinding one name (url = url + ...), so its value depends on itself."""
import requests

API = "https://api.salesloft.com/"


def export_members(cadence_id, token):
    url = API
    url = url.rstrip("/")
    url = url + "/v2/cadence_memberships"
    rows, page = [], 1
    while page:
        resp = requests.get(url, params={"cadence_id": cadence_id, "page": page, "per_page": 100},
                            headers={"Authorization": f"Bearer {token}"}, timeout=30)
        body = resp.json()
        rows.extend(body["data"])
        page = body["metadata"]["paging"]["next_page"]
    return rows
