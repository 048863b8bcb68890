import responses

from acme_sl.client import SalesloftClient


@responses.activate
def test_list_cadences():
    responses.add(responses.GET, "https://api.salesloft.com/v2/cadences", json={"data": []})
    assert SalesloftClient("t").list_cadences() == {"data": []}
