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
