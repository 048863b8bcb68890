"""Runs a SalesLoft sync plan: SalesloftApi sends requests, IdCache does not."""
import requests

from .ids import IdCache

BASE = "https://api.salesloft.com"


class SalesloftApi:
    def __init__(self, token):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path):
        return self.session.get(BASE + path, timeout=30).json()


def body_for(ids):
    return {"person_id": ids.get("/v2/people"), "cadence_id": ids.get("/v2/cadences")}


def run(token):
    api = SalesloftApi(token)
    ids = IdCache()
    ids.remember("/v2/people", api.get("/v2/people")["data"])
    person = ids.get("/v2/people")
    return person, body_for(ids)
