#include "usage.hpp"

namespace oauth2cc::cli {

namespace {

constexpr std::string_view tool_usage = R"(oauth2cc - get and troubleshoot OAuth2 client-credentials tokens

usage:
  oauth2cc token  [OPTIONS]     print a token (as an Authorization header by default)
  oauth2cc check  [OPTIONS]     run the troubleshooting steps, one PASS/FAIL line each
  oauth2cc decode TOKEN|-       print a JWT's header and claims (- reads standard input)
  oauth2cc COMMAND --help       the options of a command
  oauth2cc --version

Settings come from a collector-style config file (--config, --extension) and
from flags, which override the file. No flag takes a secret: the client secret
comes from an environment variable, a file, or the config file.

exit codes:
  0  success
  2  usage or configuration error
  3  the IdP answered with an OAuth error (invalid_client, invalid_scope, ...)
  4  network, TLS or timeout
  5  a malformed response (or, for decode, no JWT)
)";

constexpr std::string_view connection_options = R"(
options:
  --config FILE              collector-style YAML (or JSON) file with oauth2client blocks
  --extension NAME           which block: oauth2client/NAME (needed when there are several)
  --token-url URL            the token endpoint (token_url)
  --issuer URL               or the IdP's issuer: the token endpoint and, without
                             --auth-method, the method come from
                             URL/.well-known/openid-configuration (issuer)
  --client-id ID             client_id
  --client-secret-env VAR    read the client secret from environment variable VAR
  --client-secret-file FILE  read the client secret from FILE (client_secret_file)
  --scope S                  a scope to request; repeat for more (replaces the file's scopes)
  --param KEY=VALUE          a further form field (endpoint_params), e.g. resource=urn:my:api;
                             repeatable; replaces the file's value for the same KEY
  --auth-method METHOD       client_secret_basic (default), client_secret_post,
                             private_key_jwt, client_secret_jwt, or (with --cert-file)
                             tls_client_auth, self_signed_tls_client_auth
  --private-key-file F       private_key_jwt: the client's PEM private key (private_key_file);
                             replaces a client secret from the file
  --key-id KID               private_key_jwt: the kid of the key at the IdP (key_id)
  --signing-algorithm ALG    RS256 (default), PS256, ES256, EdDSA; HS256 (default), HS512
                             for client_secret_jwt (signing_algorithm)
  --assertion-audience AUD   the assertion's aud when not the token URL (assertion_audience)
  --client-assertion-file F  workload identity: send the JWT in F (a projected service-account
                             token, re-read per request) as a private_key_jwt assertion
                             (client_assertion_file); replaces a client secret or key
  --token-file F             request no token: present the one a sidecar keeps in F
                             (token_file); replaces the file's client settings
  --token-env VAR            request no token: present the one in environment variable VAR
  --ca-file F                PEM bundle of the CAs to trust (tls.ca_file)
  --cert-file F --key-file F client certificate and key for mutual TLS
  --insecure-skip-verify     accept any server certificate (debugging only)
  --timeout DUR              deadline of the token request: 10s, 500ms, 1m (timeout)
  --dpop                     ask for a DPoP-bound token (RFC 9449), proving a fresh ES256
                             key (dpop.enabled)
  --dpop-key-file F          the DPoP key's PEM file instead of a fresh one (dpop.key_file)
  -h, --help                 this help
)";

constexpr std::string_view token_usage = R"(oauth2cc token - fetch a token and print it

usage: oauth2cc token [OPTIONS] [--format header|token|json] [--cache]

  --format header            Authorization: Bearer <token>   (the default)
  --format token             the bare token, for $(...) in scripts
  --format json              token_type, expires_in, expires_at (UTC), scope, the token,
                             and the decoded claims when the token is a JWT
  --cache                    reuse a still-valid token an earlier run fetched, and keep
                             this one for the next run (cache.enabled): a file, mode 0600,
                             in $XDG_CACHE_HOME/oauth2cc or ~/.cache/oauth2cc (cache.directory)
)";

constexpr std::string_view check_usage = R"(oauth2cc check - troubleshoot a token endpoint step by step

usage: oauth2cc check [OPTIONS]

Runs, and prints one PASS/FAIL/SKIP line for each, with the likely fix under
every FAIL: the configuration and the environment variables it refers to (never
their values), DNS, TCP connect, the TLS handshake with the configured CA
(certificate, host name, expiry), then the token request itself. Exits with the
code of the first failure. --format is accepted and ignored.
)";

constexpr std::string_view decode_usage = R"(oauth2cc decode - show a JWT's header and claims

usage: oauth2cc decode TOKEN
       oauth2cc decode -          read the token from standard input
       oauth2cc decode -- TOKEN   a TOKEN that starts with --

Prints the header and the claims as JSON, then exp, iat and nbf in local time
and relative to now. "Authorization: Bearer " in front of the token is ignored,
so `oauth2cc token | oauth2cc decode -` works. The signature is NOT verified:
this shows what a token says, not whether it is genuine. A token that is not a
JWT exits with 5.
)";

std::string join(std::string_view a, std::string_view b) { return std::string(a) + std::string(b); }

}  // namespace

std::string_view usage(Command command) {
  static const std::string token = join(token_usage, connection_options);
  static const std::string check = join(check_usage, connection_options);
  switch (command) {
    case Command::token: return token;
    case Command::check: return check;
    case Command::decode: return decode_usage;
    case Command::none: break;
  }
  return tool_usage;
}

}  // namespace oauth2cc::cli
