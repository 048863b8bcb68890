"""A thin SalesLoft client for the batch jobs."""
import requests

BASE = "https://api.salesloft.com"


def call_salesloft(method, path, **params):
    return requests.request(method, BASE + path, params=params, timeout=30)
