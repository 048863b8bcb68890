import requests

from .settings import API_BASE


def fetch_account(session: requests.Session, account_id: int):
    return session.get(API_BASE + "/accounts/%s" % account_id).json()


def forget_person(person_id):
    url = "{}/people/{}".format(API_BASE, person_id)
    return requests.delete(url, timeout=10)


def me(token):
    return requests.get(f"{API_BASE}/me", headers={"Authorization": f"Bearer {token}"})
