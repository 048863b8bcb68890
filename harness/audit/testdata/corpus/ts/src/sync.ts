import { accounts } from './resource';

export async function nightlyAccounts() {
  const backlog = await accounts.list({ page: 150, per_page: 100 });
  const first = await accounts.find(backlog.data[0].id);
  return first.data;
}
