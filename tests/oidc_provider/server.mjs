// A real OpenID Connect provider (panva's `oidc-provider`) for the Python tests, on 127.0.0.1.
//
// It is configured like the City's Keycloak realm as Asiointi sees it: authorization code flow,
// client_secret_basic, RS256 ID tokens carrying the profile and e-mail claims, no consent screen
// for the first-party client, RP-initiated logout. Its own minimal login pages (below) accept any
// login name made of [a-z0-9-] with the password TEST_PASSWORD; the account is created on first
// sign-in (subject "sub-<login>", e-mail "<login>@example.fi"), and the login form may carry
// `name` and `email` fields that update the account's profile, as if the person had edited it
// at the provider.
//
// Started by tests/test_oidc.py: `node server.mjs` with the environment variables
//   REDIRECT_URI              the app's callback (https://asiointi.test/auth/oidc/callback)
//   POST_LOGOUT_REDIRECT_URI  where the provider returns after sign-out
//   CLIENT_SECRET             every client's secret
//   TEST_PASSWORD             the password of every test account
// It listens on a free port and prints one JSON line {"issuer": "http://127.0.0.1:<port>"}.
//
// Hostile-network scenarios (tests only). Besides the honest client `asiointi`, a few clients
// exist whose token responses are altered after the provider has issued them, as an attacker
// on the wire or a misbehaving provider would: each changes one thing, so that each of the app's
// checks is exercised on its own. `asiointi-resigned` changes nothing but re-signs the token with
// the provider's own key: the app must accept it, which shows that the re-signing is sound and
// that every other scenario is refused for its one change.

import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const REDIRECT_URI = required('REDIRECT_URI');
const POST_LOGOUT_REDIRECT_URI = required('POST_LOGOUT_REDIRECT_URI');
const CLIENT_SECRET = required('CLIENT_SECRET');
const TEST_PASSWORD = required('TEST_PASSWORD');

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

const b64u = (data) => Buffer.from(data).toString('base64url');
const parseJson = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

// The provider's signing key, and a second one that is never published (same kid).
const KID = 'test-key-1';
const signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const foreignKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...signingKey.privateKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
const publicJwk = signingKey.publicKey.export({ format: 'jwk' });

function sign(header, claims, privateKey) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

// Re-signs a token's (changed) claims with the provider's real key.
function resign(token, change, privateKey = signingKey.privateKey) {
  const [header, payload] = token.split('.');
  return sign(parseJson(header), change(parseJson(payload)), privateKey);
}

const SCENARIOS = {
  'asiointi-resigned': (token) => resign(token, (claims) => claims),
  'asiointi-expired': (token) => resign(token, (claims) => ({
    ...claims, iat: claims.iat - 3600, exp: claims.iat - 3000, auth_time: claims.iat - 3600,
  })),
  // A changed claim under the original signature.
  'asiointi-tampered': (token) => {
    const [header, payload, signature] = token.split('.');
    const claims = { ...parseJson(payload), sub: 'sub-someone-else' };
    return `${header}.${b64u(JSON.stringify(claims))}.${signature}`;
  },
  // Signed by a key that is not in the provider's JWKS, under the published key's id.
  'asiointi-foreign-key': (token) => resign(token, (claims) => claims, foreignKey.privateKey),
  // Algorithm confusion: HMAC keyed with the provider's public key.
  'asiointi-alg-hs256': (token) => {
    const [, payload] = token.split('.');
    const input = `${b64u(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: KID }))}.${payload}`;
    const mac = crypto.createHmac('sha256', JSON.stringify(publicJwk)).update(input).digest('base64url');
    return `${input}.${mac}`;
  },
  'asiointi-alg-none': (token) => {
    const [, payload] = token.split('.');
    return `${b64u(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
  },
  // Meant for another client. `azp` names this client, so only an audience check refuses it.
  'asiointi-wrong-audience': (token) => resign(token, (claims) => ({
    ...claims, aud: 'asiointi-other', azp: claims.aud,
  })),
  'asiointi-wrong-issuer': (token) => resign(token, (claims) => ({
    ...claims, iss: 'https://impostor.example',
  })),
  'asiointi-bad-nonce': (token) => resign(token, (claims) => ({ ...claims, nonce: 'not-the-nonce' })),
  'asiointi-malformed': () => 'this-is-not-a-jwt',
  'asiointi-no-id-token': () => undefined,
};

const CLIENT_IDS = ['asiointi', 'asiointi-other', ...Object.keys(SCENARIOS)];

// Accounts by login name, created on first sign-in.
const accounts = new Map();

function accountFor(login) {
  if (!accounts.has(login)) {
    accounts.set(login, {
      sub: `sub-${login}`,
      name: login.replace(/(^|-)([a-z])/g, (_, dash, letter) => `${dash ? ' ' : ''}${letter.toUpperCase()}`),
      email: `${login}@example.fi`,
      // Like Helsinki's provider: the level of assurance; "strong-" logins stand for Suomi.fi.
      loa: login.startsWith('strong-') ? 'substantial' : 'low',
    });
  }
  return accounts.get(login);
}

const bySubject = (sub) => [...accounts.values()].find((account) => account.sub === sub);

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(ctx, lang, title, body) {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">`
    + `<title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

const configuration = {
  clients: CLIENT_IDS.map((clientId) => ({
    client_id: clientId,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    post_logout_redirect_uris: [POST_LOGOUT_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['asiointi-test-provider-cookies'] },
  claims: {
    openid: ['sub', 'loa'],
    profile: ['name', 'locale'],
    email: ['email', 'email_verified'],
  },
  // Like Keycloak: profile and e-mail claims in the ID token, not only at the userinfo endpoint.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        page(ctx, 'en', 'Sign out', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        page(ctx, 'en', 'Signed out', '<p>Signed out.</p>');
      },
    },
  },
  ttl: {
    AccessToken: 600, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Session: 3600, Grant: 3600,
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = bySubject(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub, name: account.name, email: account.email, email_verified: true, loa: account.loa,
        };
      },
    };
  },
  // First-party client: no consent screen (Keycloak's "Consent required: off").
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'json';
    ctx.body = out;
  },
};

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration);

  // The login pages.
  provider.use(async (ctx, next) => {
    const match = ctx.path.match(/^\/interaction\/([\w-]+)(\/(login|abort))?$/);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const lang = details.params.ui_locales || 'en';
    if (!match[3] && ctx.method === 'GET') {
      const error = ctx.query.error ? '<p role="alert">Wrong login or password.</p>' : '';
      page(ctx, lang, 'Sign in', `<h1>Sign in</h1>${error}`
        + `<form method="post" action="/interaction/${details.uid}/login">`
        + '<input name="login"><input name="password" type="password"><button>Sign in</button></form>'
        + `<a href="/interaction/${details.uid}/abort">Cancel</a>`);
      return undefined;
    }
    if (match[3] === 'abort' && ctx.method === 'GET') {
      await provider.interactionFinished(ctx.req, ctx.res, {
        error: 'access_denied', error_description: 'End-User aborted interaction',
      }, { mergeWithLastSubmission: false });
      ctx.respond = false;
      return undefined;
    }
    if (match[3] === 'login' && ctx.method === 'POST') {
      const form = await formBody(ctx.req);
      if (!/^[a-z0-9-]{1,60}$/.test(form.login || '') || form.password !== TEST_PASSWORD) {
        ctx.redirect(`/interaction/${details.uid}?error=1`);
        return undefined;
      }
      const account = accountFor(form.login);
      if (form.name) account.name = form.name;
      if (form.email) account.email = form.email;
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: account.sub } }, {
        mergeWithLastSubmission: false,
      });
      ctx.respond = false;
      return undefined;
    }
    ctx.status = 405;
    return undefined;
  });

  // The hostile-network scenarios: alter a successful token response of a scenario client.
  provider.use(async (ctx, next) => {
    await next();
    const scenario = SCENARIOS[ctx.oidc?.client?.clientId];
    if (ctx.oidc?.route === 'token' && ctx.status === 200 && ctx.body?.id_token && scenario) {
      ctx.body = { ...ctx.body, id_token: scenario(ctx.body.id_token) };
    }
  });

  server.on('request', provider.callback());
  console.log(JSON.stringify({ issuer }));
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0));
}
