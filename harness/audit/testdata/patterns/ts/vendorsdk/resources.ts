import { Collection } from './base';

export class AccountsApi extends Collection {
  all() { return super.index(); }
  make(body: object) { return super.add(body); }
}

export class PeopleApi extends Collection {
  read(id: number) { return super.one(id); }
  remove(id: number) { return super.drop(id); }
}
