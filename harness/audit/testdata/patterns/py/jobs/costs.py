"""Measures what SalesLoft charges for deep pages."""
from .client import call_salesloft


def page_cost(page):
    resp = call_salesloft("GET", "/v2/people", page=page, per_page=1)
    return int(resp.headers.get("x-ratelimit-endpoint-cost", "0"))
