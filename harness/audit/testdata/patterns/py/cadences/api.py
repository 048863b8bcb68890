"""Cadence steps over requests. Where the SalesLoft API lives is an Endpoint
(a host and, behind a proxy, a path prefix); SalesloftError keeps the path of
a failed call."""
import requests


class Endpoint:
    def __init__(self, host="https://api.salesloft.com", path=""):
        self.host = host
        self.path = path.rstrip("/")


class SalesloftError(Exception):
    def __init__(self, method, path, status):
        super().__init__(f"{method} {path}: {status}")
        self.method = method
        self.path = path
        self.status = status


class Cadences:
    def __init__(self, host="https://api.salesloft.com", prefix=""):
        self.base = Endpoint(host, prefix)
        self.http = requests.Session()

    def _send(self, method, path):
        resp = self.http.request(method, self.base.host + self.base.path + path, timeout=30)
        if resp.status_code >= 400:
            raise SalesloftError(method, path, resp.status_code)
        return resp

    def steps(self):
        return self._send("GET", "/v2/steps")

    def step(self, step_id):
        return self._send("GET", f"/v2/steps/{step_id}")

    def remove_membership(self, membership_id):
        return self._send("DELETE", f"/v2/cadence_memberships/{membership_id}")
