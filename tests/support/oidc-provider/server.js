// A real OpenID Connect provider (panva's certified oidc-provider) standing in for the iDIN broker
// in the tests (tests/support/oidc.py starts it). Configured from the environment:
//   OIDC_HOST            address to listen on (default 127.0.0.1; only this machine's own)
//   OIDC_PORT            port (default 0: any free one)
//   OIDC_ISSUER          issuer (default http://OIDC_HOST:<port>)
//   OIDC_CLIENT_ID       the one confidential client
//   OIDC_CLIENT_SECRET   its secret
//   OIDC_REDIRECT_URIS   its redirect URIs, separated by spaces
//   OIDC_TOKEN_AUTH      its token endpoint authentication (default client_secret_basic)
// When it listens it prints one JSON line {"issuer": ...} on stdout.
//
// Logging in uses the provider's own development interactions: a form that takes any user id
// (and any password) and a consent form. The user id becomes the subject (sub); the profile scope
// adds a name, and a user id shaped like an e-mail address is also sent as an address (email
// scope): a verified one, or an unverified one when the id starts with "unverified:".
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import { Provider } from 'oidc-provider';

const env = process.env;
const host = env.OIDC_HOST || '127.0.0.1';
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  throw new Error(`OIDC_HOST must be this machine's own address, not ${host}`);
}
for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URIS']) {
  if (!env[name]) throw new Error(`${name} is not set`);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'test' };

const configuration = {
  clients: [
    {
      client_id: env.OIDC_CLIENT_ID,
      client_secret: env.OIDC_CLIENT_SECRET,
      redirect_uris: env.OIDC_REDIRECT_URIS.split(/\s+/).filter(Boolean),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: env.OIDC_TOKEN_AUTH || 'client_secret_basic',
    },
  ],
  claims: {
    openid: ['sub'],
    profile: ['name'],
    email: ['email', 'email_verified'],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const claims = { sub: id, name: `Test ${id}` };
        const [, unverified, email] = /^(unverified:)?([^@\s:]+@[^@\s]+)$/.exec(id) || [];
        if (email) Object.assign(claims, { email, email_verified: !unverified });
        return claims;
      },
    };
  },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  ttl: { Session: 600, Interaction: 600, Grant: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
};

const server = createServer();
server.listen(Number(env.OIDC_PORT || 0), host, () => {
  const { port } = server.address();
  const issuer = env.OIDC_ISSUER || `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const provider = new Provider(issuer, configuration);
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
