from .client import SalesloftClient


def sync_all(token, store):
    client = SalesloftClient(token)
    page = 1
    while True:
        body = client.get("people", page=page, per_page=100)
        store.save_many(body["data"])
        if not body["metadata"]["paging"]["next_page"]:
            break
        page += 1
