import { authConfig as salesloftAuth } from './salesloft';
import { authConfig as gongAuth } from './gong';

// Logs the OAuth hosts; the app's own API lives under /api/v2.
export const providers = { salesloft: salesloftAuth, gong: gongAuth };
console.log(`serving /api/v2/providers for ${salesloftAuth.tokenHost}`);
