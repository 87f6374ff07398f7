#pragma once

// What the configuration tests ask of config_from_json: a block that must be
// read (its Config), or one that must be refused (its message), and whether
// a message holds a part; and a block with one key changed.

#include <doctest/doctest.h>

#include <oauth2cc/config.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace oauth2cc_test {

inline oauth2cc::Config valid(const nlohmann::json& document, std::string_view extension = {}) {
  oauth2cc::Result<oauth2cc::Config> config = oauth2cc::config_from_json(document, extension);
  REQUIRE_MESSAGE(config, config.message());
  return std::move(config).value();
}

// The message of a configuration that must be refused as invalid_configuration.
inline std::string refused(const nlohmann::json& document, std::string_view extension = {}) {
  const oauth2cc::Result<oauth2cc::Config> config = oauth2cc::config_from_json(document, extension);
  REQUIRE_FALSE(config);
  CHECK(config.error() == oauth2cc::errc::invalid_configuration);
  return config.message();
}

inline bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

inline nlohmann::json with(nlohmann::json block, const std::string& key, nlohmann::json value) {
  block[key] = std::move(value);
  return block;
}

inline nlohmann::json without(nlohmann::json block, const std::string& key) {
  block.erase(key);
  return block;
}

}  // namespace oauth2cc_test
