"""IdCache remembers the first record id per SalesLoft collection path.

It is a dict with defaults; it sends no request.
"""


class IdCache:
    def __init__(self):
        self._by_path = {}

    def remember(self, path, records):
        if records and path not in self._by_path:
            self._by_path[path] = records[0]["id"]

    def get(self, path, default=1):
        return self._by_path.get(path, default)
