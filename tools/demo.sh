#!/usr/bin/env bash
# The main job, on loopback: starts a real OAuth2 server (oidc-provider) over
# HTTPS with a freshly generated CA, fetches a client-credentials token with
# oauth2cc, prints the Authorization header (redacted), and calls a protected
# endpoint that verifies the token against the server's keys.
# Run tools/install-deps.sh first (the README's command does).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/demo
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOAUTH2CC_BUILD_TESTS=OFF -DOAUTH2CC_BUILD_TOOLS=OFF \
      -DOAUTH2CC_BUILD_EXAMPLES=ON -DOAUTH2CC_INSTALL=OFF >/dev/null
cmake --build "$build" --target fetch_token >/dev/null
bash tests/tls/gen-certs.sh "$build/certs"

# The IdP exits when its stdin closes, i.e. when this script ends.
coproc IDP { exec node tests/idp/idp.mjs --https --cert "$build/certs/server.pem" --key "$build/certs/server.key"; }
trap 'kill "$IDP_PID" 2>/dev/null || true' EXIT
IFS= read -r -t 30 ready <&"${IDP[0]}" || { echo "demo: the IdP did not start" >&2; exit 1; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$ready" "$1"; }

echo "IdP (oidc-provider) at $(field issuer)"
export OAUTH2CC_TOKEN_URL=$(field token_endpoint)
export OAUTH2CC_PROTECTED_URL=$(field protected)
export OAUTH2CC_CA_FILE=$build/certs/ca.pem
export OAUTH2CC_CLIENT_ID=oauth2cc-basic
export OAUTH2CC_CLIENT_SECRET='b4sic%&+= :/-secret'  # the test IdP's client; see tests/idp/README.md
export OAUTH2CC_SCOPES="api:read api:write"
export OAUTH2CC_RESOURCE=urn:oauth2cc:api
"$build/examples/fetch_token"
