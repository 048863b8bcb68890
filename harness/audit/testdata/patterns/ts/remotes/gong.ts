import axios from 'axios';
import { AuthConfig } from './base';

export async function gongToken(code: string) {
  return axios.post(`${authConfig.tokenHost}${authConfig.tokenPath}`, { code });
}

export async function gongCalls() {
  return axios.get('https://api.gong.io/v2/calls');
}

export const authConfig: AuthConfig = {
  tokenHost: 'https://app.gong.io',
  tokenPath: '/oauth2/generate-customer-token',
  authorizePath: '/oauth2/authorize',
};
