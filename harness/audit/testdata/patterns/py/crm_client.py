import requests

SALESLOFT = "https://api.salesloft.com/v2/"


def make_session(token):
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + token
    return session


def cadences(token):
    return make_session(token).get(SALESLOFT + "cadences/")


def rename_account(token, account_id, name):
    target = "{}accounts/{}/".format(SALESLOFT, account_id)
    return make_session(token).patch(target, json={"name": name})
