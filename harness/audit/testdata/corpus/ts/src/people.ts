import { api } from './http';

export interface Person {
  id: number;
  email_address: string;
}

export async function changedSince(since: string): Promise<Person[]> {
  const res = await api.get('/people', {
    params: { per_page: 100, 'updated_at[gt]': since, sort_by: 'updated_at' },
  });
  return res.data.data;
}

export async function createPerson(body: Partial<Person>) {
  return api.post('/people', body);
}

export async function updatePerson(id: number, body: Partial<Person>) {
  const { data } = await api.put(`/people/${id}`, body);
  return data;
}
