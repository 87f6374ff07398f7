#pragma once

// An authenticator for a real IdP (Keycloak, Entra ID, …) from a collector
// configuration file: the oauth2client extension's keys, as in the seed setup.

#include <string>

#include <oauth2cc/any_authenticator.hpp>

namespace oauth2cc_demo {

struct ConfiguredAuthenticator {
  oauth2cc::AnyAuthenticator auth;
  std::string token_url;
};

// `extension`: which oauth2client block ("mlflow" for oauth2client/mlflow);
// empty when the file has one. Throws std::runtime_error with oauth2cc's
// message (which names the file and key, never a secret).
ConfiguredAuthenticator authenticator_from_config_file(const std::string& path, const std::string& extension);

}  // namespace oauth2cc_demo
