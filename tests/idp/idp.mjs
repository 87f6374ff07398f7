#!/usr/bin/env node
// Real OAuth2 authorization server (panva/oidc-provider) for the oauth2cc
// integration tests. See README.md next to this file.
//
//   node tests/idp/idp.mjs [--port N] [--https --cert FILE --key FILE]
//                          [--access-token-ttl SECONDS] [--clients FILE]
//                          [--client-ca FILE] [--ignore-stdin] [--verbose]
//
// --clients: a JSON array of further client registrations, written by a test
// (private_key_jwt keys are made at test time). A client's "public_keys":
// [{"kid": ..., "pem": "-----BEGIN PUBLIC KEY-----..."}] becomes its "jwks";
// "certificates": ["-----BEGIN CERTIFICATE-----..."] too, with x5c, for
// self_signed_tls_client_auth.
//
// --client-ca (with --https): ask for client certificates, verify them
// against this CA, and enable RFC 8705 (tls_client_auth,
// self_signed_tls_client_auth, certificate-bound access tokens).
//
// DPoP (RFC 9449) is always on: a token request with a DPoP proof gets a
// DPoP-bound token (cnf.jkt), and client oauth2cc-dpop gets nothing else.
// --dpop-require-nonce: the token endpoint demands a server nonce
// (use_dpop_nonce). /dpop-protected verifies a DPoP-bound token and its
// proof; /dpop-protected-nonce also demands the resource's own nonce.
//
// Token exchange (RFC 8693) and the JWT bearer grant (RFC 7523 §2.1) are
// registered as extension grants; oidc-provider has neither built in. A
// token exchange trades a token this IdP issued (JWT or opaque, unexpired)
// for one of the calling client; the new token carries act.sub (the caller)
// and exchanged_client_id (whose token was traded). A jwt-bearer assertion
// must be signed by a key of "jwt_bearer_keys" of the client named by its
// iss, with aud = issuer or token endpoint, exp, a fresh jti and a sub; the
// token carries assertion_sub. /protected echoes these claims.
//
// Prints exactly one JSON line on stdout once listening, then nothing else.

import { readFileSync } from 'node:fs';
import { createPublicKey, X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------------------
// Test-only constants. The C++ tests hard-code the same values.
// ---------------------------------------------------------------------------
export const RESOURCE = 'urn:oauth2cc:api';
export const RESOURCE_SCOPES = 'api:read api:write';
// What DPoP proofs may be signed with, at the token endpoint and /dpop-protected.
export const DPOP_ALGS = ['ES256', 'EdDSA', 'Ed25519', 'RS256', 'PS256'];

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
// What a subject or actor token may be said to be: all are checked as tokens of this IdP.
const EXCHANGEABLE_TYPES = new Set([ACCESS_TOKEN_TYPE, 'urn:ietf:params:oauth:token-type:jwt']);

export const CLIENTS = [
  {
    // Secret deliberately contains characters that must be form-urlencoded
    // before HTTP Basic (RFC 6749 §2.3.1). No non-ASCII: client_secret is
    // *VSCHAR (%x20-7E, RFC 6749 App. A.2) and oidc-provider rejects anything
    // else, both in client metadata and in a decoded Basic header.
    client_id: 'oauth2cc-basic',
    client_secret: 'b4sic%&+= :/-secret',
    token_endpoint_auth_method: 'client_secret_basic',
  },
  {
    client_id: 'oauth2cc-post',
    client_secret: 'p0st%&+= :/-secret',
    token_endpoint_auth_method: 'client_secret_post',
  },
  {
    // Restricted to api:read so tests can provoke invalid_scope.
    client_id: 'oauth2cc-readonly',
    client_secret: 'readonly-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'api:read',
  },
  {
    // Registered for DPoP-bound tokens only (RFC 9449 §5.2).
    client_id: 'oauth2cc-dpop',
    client_secret: 'dpop-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    dpop_bound_access_tokens: true,
  },
  {
    // Trades tokens (RFC 8693); also gets client_credentials tokens to trade.
    client_id: 'oauth2cc-exchange',
    client_secret: 'exch4nge-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials', TOKEN_EXCHANGE],
  },
  {
    // A public client that may only trade tokens.
    client_id: 'oauth2cc-exchange-public',
    token_endpoint_auth_method: 'none',
    grant_types: [TOKEN_EXCHANGE],
  },
].map((c) => ({
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  ...c,
}));

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------
function usage(msg) {
  process.stderr.write(`idp.mjs: ${msg}\n`
    + 'usage: node idp.mjs [--port N] [--https --cert FILE --key FILE]'
    + ' [--access-token-ttl SECONDS] [--clients FILE] [--client-ca FILE] [--dpop-require-nonce]'
    + ' [--ignore-stdin] [--verbose]\n');
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      https: { type: 'boolean', default: false },
      cert: { type: 'string' },
      key: { type: 'string' },
      'access-token-ttl': { type: 'string', default: '300' },
      clients: { type: 'string' },
      'client-ca': { type: 'string' },
      'dpop-require-nonce': { type: 'boolean', default: false },
      // For running by hand in the background, where stdin is /dev/null.
      'ignore-stdin': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (e) {
  usage(e.message);
}

const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`bad --port ${args.port}`);
const ttl = Number(args['access-token-ttl']);
if (!Number.isInteger(ttl) || ttl < 1) usage(`bad --access-token-ttl ${args['access-token-ttl']}`);
if (args.https && (!args.cert || !args.key)) usage('--https needs --cert and --key');
if (!args.https && (args.cert || args.key)) usage('--cert/--key only make sense with --https');

// client_id -> the public JWKs its jwt-bearer assertions are signed with.
const jwtBearerKeys = new Map();

// Clients a test registers for this run (see --clients above).
function extraClients(file) {
  let list;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    usage(`bad --clients ${file}: ${e.message}`);
  }
  if (!Array.isArray(list)) usage(`--clients ${file} must hold a JSON array`);
  const certificateJwk = (pem) => {
    const cert = new X509Certificate(pem);
    return { ...cert.publicKey.export({ format: 'jwk' }), x5c: [cert.raw.toString('base64')] };
  };
  for (const { client_id: id, jwt_bearer_keys: keys } of list) {
    if (keys) jwtBearerKeys.set(id, keys.map(({ kid, pem }) => ({ ...createPublicKey(pem).export({ format: 'jwk' }), kid })));
  }
  return list.map(({ public_keys: keys, certificates, jwt_bearer_keys: _assertionKeys, ...client }) => ({
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    ...client,
    ...(keys || certificates ? {
      jwks: {
        keys: [
          ...(keys ?? []).map(({ kid, pem }) => ({ ...createPublicKey(pem).export({ format: 'jwk' }), kid })),
          ...(certificates ?? []).map(certificateJwk),
        ],
      },
    } : {}),
  }));
}
if (args['client-ca'] && !args.https) usage('--client-ca needs --https');
const mtls = Boolean(args['client-ca']);
const clients = [...CLIENTS, ...(args.clients ? extraClients(args.clients) : [])];

// stdout is reserved for the single ready line. oidc-provider prints its
// notices with console.info (stdout) and a "unsupported runtime" warning for
// Node 20 with console.warn, so re-route/silence console before importing it.
{
  const toStderr = (...a) => { if (args.verbose) console.error(...a); };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  // Expected for a throw-away test IdP; anything else still reaches stderr.
  const expected = ['Unsupported runtime', 'in-memory adapter'];
  const warn = console.warn.bind(console);
  console.warn = (...a) => {
    if (args.verbose || !expected.some((s) => String(a[0]).includes(s))) warn(...a);
  };
}

const { default: Provider, errors } = await import('oidc-provider');
const jose = await import('jose');

// ---------------------------------------------------------------------------
// Keys: fresh per run, so nothing secret lives in the repo.
// ---------------------------------------------------------------------------
const SIGNING_ALG = 'RS256';
const { privateKey } = await jose.generateKeyPair(SIGNING_ALG, { extractable: true });
const privateJwk = {
  ...(await jose.exportJWK(privateKey)),
  kid: randomBytes(8).toString('hex'),
  alg: SIGNING_ALG,
  use: 'sig',
};
const { d, p, q, dp, dq, qi, ...publicJwk } = privateJwk;
const localJwks = jose.createLocalJWKSet({ keys: [publicJwk] });

// ---------------------------------------------------------------------------
// Server: listen first (port 0 => OS picks), then build the provider, whose
// issuer must contain the real port.
// ---------------------------------------------------------------------------
let handler = (_req, res) => { res.statusCode = 503; res.end(); };
const server = args.https
  ? https.createServer({
    cert: readFileSync(args.cert),
    key: readFileSync(args.key),
    // oidc-provider decides what an unverified or missing certificate means.
    ...(mtls ? { requestCert: true, rejectUnauthorized: false, ca: readFileSync(args['client-ca']) } : {}),
  },
    (req, res) => handler(req, res))
  : http.createServer((req, res) => handler(req, res));

server.on('tlsClientError', (err) => {
  // Handshake failures are expected in TLS-negative tests.
  if (args.verbose) console.error('tls client error:', err.message);
});

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});

const issuer = `${args.https ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;

function resourceServerInfo(resourceIndicator) {
  if (resourceIndicator !== RESOURCE) {
    throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
  }
  return {
    scope: RESOURCE_SCOPES,
    audience: RESOURCE,
    accessTokenTTL: ttl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: SIGNING_ALG } },
  };
}

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [privateJwk] },
  // Static scope list: client "scope" allow-lists are only enforced for these.
  scopes: ['openid', 'offline_access', ...RESOURCE_SCOPES.split(' ')],
  routes: { token: '/token', jwks: '/jwks' },
  clientAuthMethods: [
    'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none',
    ...(mtls ? ['tls_client_auth', 'self_signed_tls_client_auth'] : []),
  ],
  // Client assertions: oidc-provider's defaults plus HS512 (client_secret_jwt).
  enabledJWA: {
    clientAuthSigningAlgValues: ['HS256', 'HS512', 'RS256', 'PS256', 'ES256', 'Ed25519', 'EdDSA'],
    dPoPSigningAlgValues: DPOP_ALGS,
  },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  ttl: {
    // Opaque tokens (no resource) use this; JWTs use accessTokenTTL below.
    ClientCredentials: () => ttl,
  },
  // The extension grants below put their claims on ctx for the token they issue.
  extraTokenClaims: (ctx) => ctx?.oauth2ccExtraClaims,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    dPoP: {
      enabled: true,
      // Nonces are HMACs under this secret; with it the provider sends a
      // DPoP-Nonce, and with requireNonce it insists on one.
      nonceSecret: randomBytes(32),
      requireNonce: () => args['dpop-require-nonce'],
    },
    mTLS: {
      enabled: mtls,
      tlsClientAuth: true,
      selfSignedTlsClientAuth: true,
      certificateBoundAccessTokens: true,
      getCertificate: (ctx) => ctx.req.socket.getPeerX509Certificate?.(),
      certificateAuthorized: (ctx) => ctx.req.socket.authorized === true,
      // Only the subject DN is registered by the tests: "CN=a,O=b" as Node prints it with commas.
      certificateSubjectMatches: (ctx, property, expected) => property === 'tls_client_auth_subject_dn'
        && ctx.req.socket.getPeerX509Certificate()?.subject.split('\n').join(',') === expected,
    },
    resourceIndicators: {
      enabled: true,
      // Keep "no resource => opaque token" (the library default).
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => false,
      getResourceServerInfo: async (_ctx, resourceIndicator) => resourceServerInfo(resourceIndicator),
    },
  },
});

// oidc-provider treats client_secret_basic and client_secret_post as
// interchangeable for either registration. The tests must be able to tell
// whether the library used the registered method, so enforce it here: the
// token is issued but replaced by the error oidc-provider itself uses for a
// mechanism/registration mismatch.
provider.use(async (ctx, next) => {
  await next();
  const client = ctx.oidc?.client;
  if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || !client) return;
  const registered = client.clientAuthMethod;
  if (registered !== 'client_secret_basic' && registered !== 'client_secret_post') return;
  const used = ctx.headers.authorization !== undefined ? 'client_secret_basic' : 'client_secret_post';
  if (used === registered) return;
  const error_description = 'the provided authentication mechanism does not match the registered client authentication method';
  ctx.status = 401;
  ctx.body = { error: 'invalid_client', error_description };
  if (used === 'client_secret_basic') {
    ctx.set('WWW-Authenticate',
      `Basic realm="${issuer}", error="invalid_client", error_description="${error_description}"`);
  }
});

if (args.verbose) {
  provider.on('server_error', (_ctx, err) => console.error('server_error:', err));
  provider.on('grant.error', (_ctx, err) => console.error('grant.error:', err.message));
}

// ---------------------------------------------------------------------------
// Extension grants: token exchange (RFC 8693) and jwt-bearer (RFC 7523 §2.1).
// Both issue a client-credentials-style token to the authenticated (or, for
// a public client, named) client, for `resource` when one is asked for.
// ---------------------------------------------------------------------------

// The client_id of a token this IdP issued and that is still valid, or undefined.
async function issuedTokenClient(value) {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  try {
    const { payload } = await jose.jwtVerify(value, localJwks, { issuer, algorithms: [SIGNING_ALG], typ: 'at+jwt' });
    return payload.client_id;
  } catch {
    const opaque = await provider.ClientCredentials.find(value).catch(() => undefined);
    return opaque && !opaque.isExpired ? opaque.clientId : undefined;
  }
}

// The token to issue: scope filtered as client_credentials does, for one resource.
function grantedToken(ctx, extraClaims) {
  const { client, params } = ctx.oidc;
  const token = new provider.ClientCredentials({ client });
  const requested = String(params.scope ?? '').split(' ').filter(Boolean);
  const resource = params.resource ?? (params.audience === RESOURCE ? RESOURCE : undefined);
  if (params.audience !== undefined && params.audience !== RESOURCE) {
    throw new errors.InvalidTarget(`unknown audience ${params.audience}`);
  }
  if (resource !== undefined) {
    token.resourceServer = new provider.ResourceServer(resource, resourceServerInfo(resource));
    const allowed = new Set(RESOURCE_SCOPES.split(' '));
    token.scope = requested.filter((s) => allowed.has(s)).join(' ') || undefined;
  } else {
    token.scope = requested.filter((s) => s === 'openid' || RESOURCE_SCOPES.split(' ').includes(s)).join(' ') || undefined;
  }
  ctx.oauth2ccExtraClaims = extraClaims;
  return token;
}

async function respondWith(ctx, token) {
  const value = await token.save();
  ctx.body = {
    access_token: value,
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: token.tokenType,
    expires_in: token.expiration,
    ...(token.scope ? { scope: token.scope } : {}),
  };
}

provider.registerGrantType(TOKEN_EXCHANGE, async (ctx) => {
  const { params, client } = ctx.oidc;
  if (!EXCHANGEABLE_TYPES.has(params.subject_token_type)) {
    throw new errors.InvalidRequest(`unsupported subject_token_type ${params.subject_token_type}`);
  }
  if (params.requested_token_type !== undefined && params.requested_token_type !== ACCESS_TOKEN_TYPE) {
    throw new errors.InvalidRequest(`unsupported requested_token_type ${params.requested_token_type}`);
  }
  const subject = await issuedTokenClient(params.subject_token);
  if (!subject) throw new errors.InvalidRequest('subject_token is not a valid token of this issuer');
  const claims = { exchanged_client_id: subject, act: { sub: client.clientId } };
  if (params.actor_token !== undefined) {
    if (!EXCHANGEABLE_TYPES.has(params.actor_token_type)) {
      throw new errors.InvalidRequest(`unsupported actor_token_type ${params.actor_token_type}`);
    }
    const actor = await issuedTokenClient(params.actor_token);
    if (!actor) throw new errors.InvalidRequest('actor_token is not a valid token of this issuer');
    claims.act = { sub: actor };
  }
  await respondWith(ctx, grantedToken(ctx, claims));
}, ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type',
  'audience', 'scope', 'resource']);

const seenAssertionIds = new Map(); // jti -> when it may be forgotten (epoch s)

provider.registerGrantType(JWT_BEARER, async (ctx) => {
  const { params } = ctx.oidc;
  let claims;
  try {
    claims = jose.decodeJwt(String(params.assertion ?? ''));
  } catch {
    throw new errors.InvalidGrant('the assertion is not a JWT');
  }
  const keys = jwtBearerKeys.get(claims.iss);
  if (!keys) throw new errors.InvalidGrant(`no keys are registered for assertions of issuer ${claims.iss}`);
  let payload;
  try {
    ({ payload } = await jose.jwtVerify(params.assertion, jose.createLocalJWKSet({ keys }), {
      issuer: claims.iss, audience: [issuer, `${issuer}/token`], requiredClaims: ['exp', 'sub', 'jti'],
    }));
  } catch (e) {
    throw new errors.InvalidGrant(`assertion rejected: ${e.code ?? e.message}`);
  }
  const now = Math.floor(Date.now() / 1000);
  for (const [jti, until] of seenAssertionIds) if (until < now) seenAssertionIds.delete(jti);
  if (seenAssertionIds.has(payload.jti)) throw new errors.InvalidGrant('assertion replayed (jti seen before)');
  seenAssertionIds.set(payload.jti, payload.exp);
  await respondWith(ctx, grantedToken(ctx, { assertion_sub: payload.sub, assertion_scope: payload.scope }));
}, ['assertion', 'scope', 'resource']);

const providerCallback = provider.callback();

// ---------------------------------------------------------------------------
// DPoP-protected resource: GET|POST /dpop-protected[-nonce]. Checks what RFC
// 9449 §4.3 and §7 ask of a resource server, independently of the library:
// the proof's signature with the jwk in its header, typ, htm, htu, iat
// window, jti replay, ath, and the token's cnf.jkt = the jwk's thumbprint.
// ---------------------------------------------------------------------------
const DPOP_IAT_WINDOW = 60; // seconds either side
const seenProofIds = new Map(); // jti -> when it may be forgotten (epoch s)
const resourceNonce = randomBytes(16).toString('base64url');

function rejectDpop(res, status, error, description, headers = {}) {
  const desc = description.replace(/["\\]/g, "'");
  sendJson(res, status, { ok: false, error, error_description: description }, {
    'www-authenticate': `DPoP algs="${DPOP_ALGS.join(' ')}", error="${error}", error_description="${desc}"`,
    ...headers,
  });
}

async function handleDpopProtected(req, res, path, requireNonce) {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'POST') {
    sendJson(res, 405, { ok: false, error: 'method_not_allowed' }, { allow: 'GET, POST' });
    return;
  }
  const m = /^DPoP +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(req.headers.authorization ?? '');
  if (!m) {
    rejectDpop(res, 401, 'invalid_token', 'missing or malformed DPoP authorization header');
    return;
  }
  const accessToken = m[1];
  const proof = req.headers.dpop;
  if (typeof proof !== 'string' || proof.length === 0) {
    rejectDpop(res, 401, 'invalid_dpop_proof', 'no DPoP proof header');
    return;
  }
  let token;
  try {
    ({ payload: token } = await jose.jwtVerify(accessToken, localJwks, {
      issuer, audience: RESOURCE, algorithms: [SIGNING_ALG], typ: 'at+jwt',
    }));
  } catch (e) {
    rejectDpop(res, 401, 'invalid_token', e.code ? `${e.code}: ${e.message}` : 'token verification failed');
    return;
  }
  let verified;
  try {
    verified = await jose.jwtVerify(proof, jose.EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGS });
  } catch (e) {
    rejectDpop(res, 401, 'invalid_dpop_proof', `proof does not verify (${e.code ?? e.message})`);
    return;
  }
  const { payload, protectedHeader } = verified;
  const now = Math.floor(Date.now() / 1000);
  const htu = URL.parse(typeof payload.htu === 'string' ? payload.htu : '');
  if (htu) { htu.search = ''; htu.hash = ''; }
  const expectedHtu = new URL(path, issuer).href;
  const ath = createHash('sha256').update(accessToken).digest('base64url');
  const problem = payload.htm !== req.method ? `htm mismatch: proof for ${payload.htm}, request is ${req.method}`
    : htu?.href !== expectedHtu ? `htu mismatch: proof for ${payload.htu}, request is for ${expectedHtu}`
      : typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > DPOP_IAT_WINDOW ? 'iat outside the accepted window'
        : typeof payload.jti !== 'string' || !payload.jti ? 'no jti'
          : seenProofIds.has(payload.jti) ? 'jti replayed: this proof was used before'
            : payload.ath !== ath ? 'ath mismatch: proof is not for this access token'
              : undefined;
  if (problem) {
    rejectDpop(res, 401, 'invalid_dpop_proof', problem);
    return;
  }
  if (token.cnf?.jkt !== await jose.calculateJwkThumbprint(protectedHeader.jwk, 'sha256')) {
    rejectDpop(res, 401, 'invalid_token', 'token is not bound to the key of this proof (cnf.jkt)');
    return;
  }
  if (requireNonce && payload.nonce !== resourceNonce) {
    rejectDpop(res, 401, 'use_dpop_nonce', 'resource server requires nonce in DPoP proof',
      { 'dpop-nonce': resourceNonce });
    return;
  }
  for (const [jti, until] of seenProofIds) if (until < now) seenProofIds.delete(jti);
  seenProofIds.set(payload.jti, now + 2 * DPOP_IAT_WINDOW);
  sendJson(res, 200, {
    ok: true, client_id: token.client_id, jkt: token.cnf.jkt, htm: payload.htm, htu: payload.htu,
  });
}

// ---------------------------------------------------------------------------
// Protected resource: GET|POST /protected, Bearer JWT access token.
// ---------------------------------------------------------------------------
function sendJson(res, status, body, headers = {}) {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(data),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(data);
}

function rejectToken(res, description) {
  // Quote-safe: descriptions come from our own strings / jose error codes.
  const desc = description.replace(/["\\]/g, "'");
  sendJson(res, 401, { ok: false, error: 'invalid_token', error_description: description }, {
    'www-authenticate': `Bearer error="invalid_token", error_description="${desc}"`,
  });
}

async function handleProtected(req, res) {
  req.resume(); // we never read a body; drain it so keep-alive works
  if (req.method !== 'GET' && req.method !== 'POST') {
    sendJson(res, 405, { ok: false, error: 'method_not_allowed' }, { allow: 'GET, POST' });
    return;
  }
  const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(req.headers.authorization ?? '');
  if (!m) {
    rejectToken(res, 'missing or malformed Bearer authorization header');
    return;
  }
  try {
    const { payload } = await jose.jwtVerify(m[1], localJwks, {
      issuer,
      audience: RESOURCE,
      algorithms: [SIGNING_ALG],
      typ: 'at+jwt',
    });
    sendJson(res, 200, {
      ok: true, client_id: payload.client_id, scope: payload.scope ?? null, exp: payload.exp,
      act: payload.act ?? null, exchanged_client_id: payload.exchanged_client_id ?? null,
      assertion_sub: payload.assertion_sub ?? null, assertion_scope: payload.assertion_scope ?? null,
    });
  } catch (e) {
    rejectToken(res, e.code ? `${e.code}: ${e.message}` : 'token verification failed');
  }
}

handler = (req, res) => {
  if (args.verbose) console.error(req.method, req.url);
  const path = req.url.split('?', 1)[0];
  if (path === '/dpop-protected' || path === '/dpop-protected-nonce') {
    handleDpopProtected(req, res, path, path === '/dpop-protected-nonce').catch((e) => {
      console.error('dpop protected handler error:', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'server_error' });
    });
    return;
  }
  if (path === '/protected') {
    handleProtected(req, res).catch((e) => {
      console.error('protected handler error:', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'server_error' });
    });
    return;
  }
  providerCallback(req, res);
};

// ---------------------------------------------------------------------------
// Ready line + lifetime management.
// ---------------------------------------------------------------------------
let stopping = false;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(code));
  server.closeAllConnections();
  // Never hang on shutdown, even with a stuck connection.
  setTimeout(() => process.exit(code), 1000).unref();
}

process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
// A parent that dies closes our stdin: exit instead of leaking.
if (!args['ignore-stdin']) {
  process.stdin.on('end', () => shutdown(0));
  process.stdin.on('error', () => shutdown(0));
  process.stdin.resume();
}

process.stdout.write(`${JSON.stringify({
  issuer,
  token_endpoint: `${issuer}/token`,
  protected: `${issuer}/protected`,
  dpop_protected: `${issuer}/dpop-protected`,
  jwks_uri: `${issuer}/jwks`,
})}\n`);
