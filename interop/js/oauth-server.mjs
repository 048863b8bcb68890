// oauth-server.mjs serves a standard OAuth 2.0 server from npm on loopback at
// its own paths, for loftgate's AUTH specs:
//
//   node js/oauth-server.mjs oidc   # oidc-provider (OpenID Certified): /auth, /token,
//                                   # /token/introspection; single-use codes, rotating
//                                   # refresh tokens with reuse detection, client auth
//   node js/oauth-server.mjs mock   # oauth2-mock-server (lenient test double): /authorize,
//                                   # /token, /introspect; accepts any code, any secret
//
// The client is loftgate-interop with the secret in INTEROP_CLIENT_SECRET and
// the redirect URI in INTEROP_REDIRECT_URI. It prints "listening on URL" when
// ready and stops on SIGINT.
import http from 'node:http';

const [kind] = process.argv.slice(2);
const clientId = 'loftgate-interop';
const secret = process.env.INTEROP_CLIENT_SECRET;
const redirect = process.env.INTEROP_REDIRECT_URI;
if (!secret || !redirect) {
  console.error('oauth-server.mjs: set INTEROP_CLIENT_SECRET and INTEROP_REDIRECT_URI');
  process.exit(2);
}

async function oidc() {
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: secret,
      redirect_uris: [redirect],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    // Headless: the test's browser is a cookie jar, so the login and consent
    // prompts are answered by the interaction handler below, not a form.
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
    },
    pkce: { required: () => false },
    // SalesLoft's rules: a refresh token on every code grant, rotated on
    // every refresh (the old one then fails with invalid_grant).
    issueRefreshToken: async () => true,
    rotateRefreshToken: true,
    ttl: { AccessToken: 7200, AuthorizationCode: 60, ClientCredentials: 7200, RefreshToken: 14 * 24 * 3600, Interaction: 600, Session: 3600, Grant: 14 * 24 * 3600 },
    cookies: { keys: ['loftgate-interop-cookie-key'] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (!req.url.startsWith('/interaction/')) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        return await provider.interactionFinished(req, res, { login: { accountId: 'interop-user' } }, { mergeWithLastSubmission: false });
      }
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      const { missingOIDCScope, missingResourceScopes } = details.prompt.details;
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
      for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      return await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (err) {
      console.error('oauth-server.mjs: interaction:', err);
      res.statusCode = 500;
      res.end('interaction failed');
    }
  });
  console.log(`listening on ${issuer} (oidc-provider: authorize ${issuer}/auth, token ${issuer}/token)`);
  return server;
}

async function mock() {
  const { OAuth2Server } = await import('oauth2-mock-server');
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const url = `http://127.0.0.1:${server.address().port}`;
  server.issuer.url = url;
  console.log(`listening on ${url} (oauth2-mock-server: authorize ${url}/authorize, token ${url}/token)`);
  return { close: (cb) => server.stop().then(cb) };
}

const server = kind === 'oidc' ? await oidc() : kind === 'mock' ? await mock() : null;
if (!server) {
  console.error(`oauth-server.mjs: unknown server ${kind}; use oidc or mock`);
  process.exit(2);
}
process.on('SIGINT', () => server.close(() => process.exit(0)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
