// Runs a SalesLoft sync plan: reads through SalesloftApi (which sends
// requests), remembers ids in an IdCache (which does not).
import axios from 'axios';
import { IdCache } from './ids.js';
import { bodyFor } from './bodies.js';

class SalesloftApi {
  constructor(token) {
    this.http = axios.create({ baseURL: 'https://api.salesloft.com', headers: { Authorization: `Bearer ${token}` } });
  }

  get(path) {
    return this.http.get(path);
  }

  post(path, body) {
    return this.http.post(path, body);
  }
}

export async function run(token) {
  const api = new SalesloftApi(token);
  const ids = new IdCache();
  ids.remember('/v2/people', (await api.get('/v2/people')).data.data);
  const person = ids.get('/v2/people');
  await api.post('/v2/notes', bodyFor('/v2/notes', ids, 1));
  return { person, cadence: ids.get('/v2/cadences') };
}
