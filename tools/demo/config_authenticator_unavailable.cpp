// Built instead of config_authenticator.cpp when yaml-cpp is missing.

#include "config_authenticator.hpp"

#include <stdexcept>

namespace oauth2cc_demo {

ConfiguredAuthenticator authenticator_from_config_file(const std::string&, const std::string&) {
  throw std::runtime_error(
      "this oauth2cc-demo was built without yaml-cpp, which --config needs; install it (Debian: libyaml-cpp-dev, or "
      "./tools/install-deps.sh) and build again");
}

}  // namespace oauth2cc_demo
