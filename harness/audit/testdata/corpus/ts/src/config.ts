// Central configuration for the SalesLoft integration.
export const SL_API = 'https://api.salesloft.com/v2';
export const OAUTH_TOKEN_URL = 'https://accounts.salesloft.com/oauth/token';
export const INTERNAL_BASE = process.env.INTERNAL_BASE ?? 'http://localhost:8080';
