import axios from 'axios';
import { OAUTH_TOKEN_URL } from './config';

let token = { access: '', refresh: '', expiresAt: 0 };

export async function currentToken(): Promise<string> {
  if (process.env.SALESLOFT_API_KEY) {
    return process.env.SALESLOFT_API_KEY;
  }
  if (Date.now() / 1000 > token.expiresAt - 300) {
    const { data } = await axios.post(OAUTH_TOKEN_URL, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh,
      client_id: process.env.SALESLOFT_CLIENT_ID,
      client_secret: process.env.SALESLOFT_CLIENT_SECRET,
    });
    token = { access: data.access_token, refresh: data.refresh_token, expiresAt: data.created_at + data.expires_in };
  }
  return token.access;
}
