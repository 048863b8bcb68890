"""A local stand-in for the SalesLoft API: answers /v2/ requests from memory.

It receives requests; it sends none.
"""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

ROUTES = {
    "/v2/people": "list_people",
    "/v2/cadences": "list_cadences",
}

PEOPLE = []


def page_cost(page):
    """What serving a page costs: pages above 100 pay a surcharge."""
    if page > 500:
        return 30
    if page > 100:
        return 3
    return 1


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = urlsplit(self.path)
        if not parts.path.startswith("/v2/"):
            self.send_error(404)
            return
        name = ROUTES.get(parts.path.removesuffix(".json"))
        if name is None and parts.path == "/v2/people.json":
            name = ROUTES.get("/v2/people")
        if name is None:
            self.send_error(404)
            return
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        self.send_response(200)
        self.send_header("x-ratelimit-endpoint-cost", str(page_cost(page)))
        self.end_headers()
        self.wfile.write(json.dumps(getattr(self, name)()).encode())

    def list_people(self):
        return {"data": PEOPLE}

    def list_cadences(self):
        return {"data": []}


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", 4010), Handler).serve_forever()
