#include "config_authenticator.hpp"

#include <stdexcept>

#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config_yaml.hpp>

namespace oauth2cc_demo {

ConfiguredAuthenticator authenticator_from_config_file(const std::string& path, const std::string& extension) {
  const oauth2cc::Result<oauth2cc::Config> config = oauth2cc::load_config_file(path, extension);
  if (!config) throw std::runtime_error(config.message());
  return {oauth2cc::make_authenticator(*config), config->token_url};
}

}  // namespace oauth2cc_demo
