// The table of configuration keys (<oauth2cc/config/keys.hpp>) against what
// uses it: the reader knows every key in it and no other, the groups are what
// a given token and the grants refuse, and docs/configuration.md documents
// every key.

#include <doctest/doctest.h>

#include <oauth2cc/config.hpp>
#include <oauth2cc/config/keys.hpp>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>

#include "../support/config_checks.hpp"

using namespace oauth2cc;
using oauth2cc_test::has;

namespace config_keys_test {

nlohmann::json minimal() {
  return {{"client_id", "svc"}, {"client_secret", "s3cret"}, {"token_url", "https://idp.example/token"}};
}

// A block where `key` means something: its grant, its given token or its
// auth method set.
nlohmann::json block_for(const ConfigKey& key) {
  switch (key.group) {
    case ConfigKeyGroup::given_token: return {{"token_file", "/run/token"}};
    case ConfigKeyGroup::jwt_bearer: {
      nlohmann::json block = minimal();
      block["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer";
      return block;
    }
    case ConfigKeyGroup::token_exchange: {
      nlohmann::json block = minimal();
      block["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange";
      return block;
    }
    case ConfigKeyGroup::request:
    case ConfigKeyGroup::any_source: break;
  }
  // Request keys refused in the minimal block for what they stand with, a
  // refusal that comes before their value is read.
  nlohmann::json block = minimal();
  if (key.name == "issuer") block.erase("token_url");
  if (key.name == "audience") block["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  if (key.name == "private_key_file") block["auth_method"] = "private_key_jwt";
  return block;
}

// A value no key of `type` takes, and the words the refusal must use.
std::pair<nlohmann::json, std::string> wrong_value(ConfigValueType type) {
  switch (type) {
    case ConfigValueType::text:
    case ConfigValueType::secret:
    case ConfigValueType::choice: return {{1, 2}, "must be a string"};
    case ConfigValueType::duration: return {30, "must be a duration with a unit"};
    case ConfigValueType::boolean: return {1, "must be true or false"};
    case ConfigValueType::number: return {{1, 2}, "must be a whole number"};
    case ConfigValueType::list: return {1, "must be a list of strings"};
    case ConfigValueType::map:
    case ConfigValueType::section: return {1, "must be a map"};
  }
  return {};
}

std::string problems_of(const nlohmann::json& block) {
  const Result<Config> config = config_from_json(block);
  return config ? std::string() : config.message();
}

}  // namespace config_keys_test

using namespace config_keys_test;

TEST_SUITE("config: the key table") {
  TEST_CASE("no key stands twice in one block") {
    std::set<std::string> seen;
    for (const ConfigKey& key : config_keys) CHECK_MESSAGE(seen.insert(config_key_path(key)).second, config_key_path(key));
  }

  TEST_CASE("the reader knows every key of the table: none is called unknown") {
    for (const ConfigKey& key : config_keys) {
      nlohmann::json block = minimal();
      if (key.section == ConfigSection::top) {
        block[std::string(key.name)] = "x";  // often the wrong type: refused, but not as unknown
      } else {
        block[std::string(config_section_name(key.section))] = {{std::string(key.name), "x"}};
      }
      CHECK_MESSAGE(!has(problems_of(block), "unknown key"), config_key_path(key));
    }
  }

  TEST_CASE("each key refuses a value of another type than its row says, naming the key") {
    for (const ConfigKey& key : config_keys) {
      nlohmann::json block = block_for(key);
      const auto [value, refusal] = wrong_value(key.type);
      if (key.section == ConfigSection::top) {
        block[std::string(key.name)] = value;
      } else {
        block[std::string(config_section_name(key.section))] = {{std::string(key.name), value}};
      }
      const std::string expected = config_key_path(key) + ": " + refusal;
      CHECK_MESSAGE(has(problems_of(block), expected), expected);
    }
  }

  TEST_CASE("a key not in the table is unknown, with the closest one of its block suggested") {
    nlohmann::json block = minimal();
    block["token_ur"] = "https://idp.example/token";
    CHECK(has(problems_of(block), "token_ur: unknown key (did you mean token_url?)"));
    block = minimal();
    block["dpop"] = {{"key_fil", "/key.pem"}};
    CHECK(has(problems_of(block), "dpop.key_fil: unknown key (did you mean key_file?)"));
  }

  TEST_CASE("a given token refuses exactly the keys of the request and of the grants") {
    for (const ConfigKey& key : config_keys) {
      if (key.section != ConfigSection::top || key.name == "token") continue;
      nlohmann::json block = {{"token", "given"}, {std::string(key.name), "x"}};
      const bool refused_for_token = has(problems_of(block), std::string(key.name) + ": not used with token");
      const bool requesting = key.group == ConfigKeyGroup::request || key.group == ConfigKeyGroup::jwt_bearer ||
                              key.group == ConfigKeyGroup::token_exchange;
      CHECK_MESSAGE(refused_for_token == requesting, key.name);
    }
  }

  TEST_CASE("a grant's own keys are refused with the client credentials grant") {
    for (const ConfigKeyGroup group : {ConfigKeyGroup::jwt_bearer, ConfigKeyGroup::token_exchange}) {
      for (const std::string_view name : config_key_names(group)) {
        nlohmann::json block = minimal();
        block[std::string(name)] = "x";
        CHECK_MESSAGE(has(problems_of(block), std::string(name) + ": only used with grant_type"), name);
      }
    }
  }

  TEST_CASE("docs/configuration.md documents every key") {
    std::ifstream file(OAUTH2CC_DOCS_DIR "/configuration.md");
    REQUIRE(file);
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    for (const ConfigKey& key : config_keys) {
      // A block (`tls`) is documented through its keys (`tls.ca_file`).
      const std::string path = config_key_path(key);
      CHECK_MESSAGE((has(text, "`" + path + "`") || has(text, "`" + path + ".")), path);
    }
  }
}
