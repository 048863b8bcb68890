import axios from 'axios';
import { AuthConfig, RemoteClient } from './base';

export class SalesloftRemote extends RemoteClient {
  #root = 'https://api.salesloft.com';

  protected baseUrl(): string {
    return this.#root;
  }

  async refresh(refreshToken: string) {
    const res = await axios.post<{ access_token: string }>(`${authConfig.tokenHost}${authConfig.tokenPath}`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    return res.data.access_token;
  }

  async *everyPerson(token: string) {
    let page: number | null = 1;
    while (page) {
      const res = await axios.get(`${this.#root}/v2/people`, { params: { page, per_page: 100 }, headers: { Authorization: `Bearer ${token}` } });
      yield* res.data.data;
      page = res.data.metadata.paging.next_page;
    }
  }
}

export const authConfig: AuthConfig = {
  tokenHost: 'https://accounts.salesloft.com',
  tokenPath: '/oauth/token',
  authorizePath: '/oauth/authorize',
};
