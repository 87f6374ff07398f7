#pragma once

// The seed page's oauth2client/mlflow block, as JSON: one copy for every
// test that starts from what a collector user already has.

#include <nlohmann/json.hpp>

namespace oauth2cc_test {

inline nlohmann::json seed_block() {
  return nlohmann::json::parse(R"({
    "client_id": "${env:MLFLOW_CLIENT_ID}",
    "client_secret": "${env:MLFLOW_CLIENT_SECRET}",
    "token_url": "${env:KEYCLOAK_TOKEN_URL}",
    "scopes": ["openid"],
    "timeout": "10s",
    "tls": {"ca_file": "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"}
  })");
}

}  // namespace oauth2cc_test
