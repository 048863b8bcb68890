// IdCache remembers the first record id seen per SalesLoft collection path
// ("/v2/people" -> 42). It is a Map with defaults; it sends no request.
export class IdCache {
  constructor() {
    this.byPath = new Map();
  }

  remember(path, records) {
    const first = Array.isArray(records) ? records[0] : records;
    if (first && !this.byPath.has(path)) this.byPath.set(path, first.id);
  }

  get(path) {
    return this.byPath.get(path) ?? 1;
  }
}
