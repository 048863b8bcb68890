import { AccountsApi, PeopleApi } from './resources';

export function salesloftSdk() {
  return { accounts: new AccountsApi('/accounts'), people: new PeopleApi('/people') };
}
