"""Thin client for the CRM sync.

Example (documentation, not a call): GET https://api.salesloft.com/v2/people/{id}
"""
import requests

from .settings import API_BASE


class SalesloftClient:
    def __init__(self, token, base_url=API_BASE):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def _request(self, method, path, **kwargs):
        resp = self.session.request(method, f"{self.base_url}/{path.lstrip('/')}", **kwargs)
        resp.raise_for_status()
        return resp.json()

    def get(self, path, **params):
        return self._request("GET", path, params=params)

    def post(self, path, payload):
        return self._request("POST", path, json=payload)

    def list_cadences(self):
        return self.get("cadences")

    def add_to_cadence(self, person_id, cadence_id):
        return self.post("cadence_memberships", {"person_id": person_id, "cadence_id": cadence_id})
