"""Offline mode: answers SalesLoft calls from canned data with respx and
responses. Test doubles, not calls."""
import httpx
import respx
import responses


def enable():
    respx.get("https://api.salesloft.com/v2/cadences").mock(return_value=httpx.Response(200, json={"data": []}))
    respx.post("https://api.salesloft.com/v2/notes").mock(return_value=httpx.Response(201, json={}))
    responses.add(responses.GET, "https://api.salesloft.com/v2/people", json={"data": []})
