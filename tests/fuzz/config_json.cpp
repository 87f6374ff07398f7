// Fuzzes configuration loading from JSON text (config_from_json_text, and
// the loader YAML shares, where every scalar is text): a Result, never an
// exception; a Config that passes its own validation; messages that show
// neither a secret from the environment nor the client_secret written inline.

#include <stdlib.h>  // setenv

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include <nlohmann/json.hpp>

#include <oauth2cc/config.hpp>
#include <oauth2cc/url.hpp>
#include <oauth2cc/error.hpp>

#include "invariants.hpp"

namespace {

using oauth2cc_fuzz::contains;

constexpr char secret_value[] = "cfg-secret-Value-17";

bool set_environment() {
  ::setenv("MLFLOW_CLIENT_ID", "exporter", 1);
  ::setenv("MLFLOW_CLIENT_SECRET", secret_value, 1);
  ::setenv("OAUTH2CC_FUZZ_SECRET", secret_value, 1);
  ::setenv("KEYCLOAK_TOKEN_URL", "https://keycloak.example/realms/master/protocol/openid-connect/token", 1);
  ::setenv("OAUTH2CC_FUZZ_EMPTY", "", 1);
  return true;
}

// What a Config that came out of the loader promises.
void check_config(const oauth2cc::Config& config) {
  OAUTH2CC_FUZZ_CHECK(config.client_id.empty() != config.client_id_file.empty());
  OAUTH2CC_FUZZ_CHECK(config.client_secret.empty() != config.client_secret_file.empty());
  OAUTH2CC_FUZZ_CHECK(oauth2cc::parse_url(config.token_url).has_value());
  for (const auto& scope : config.scopes) OAUTH2CC_FUZZ_CHECK(!scope.empty());
  for (const auto& [name, value] : config.endpoint_params) {
    OAUTH2CC_FUZZ_CHECK(name != "grant_type" && name != "client_id" && name != "client_secret" && name != "scope");
  }
  OAUTH2CC_FUZZ_CHECK(config.timeout.count() > 0);
  OAUTH2CC_FUZZ_CHECK(config.expiry_buffer.count() >= 0);
  OAUTH2CC_FUZZ_CHECK(config.tls.cert_file.empty() == config.tls.key_file.empty());
  // The source it makes accepts it.
  (void)oauth2cc::client_credentials(config);
}

// Every inline client_secret in the document (no "${": a reference names a
// variable, which messages may show), wherever the block sits.
std::vector<nlohmann::json*> inline_secrets(nlohmann::json& root) {
  std::vector<nlohmann::json*> found;
  std::vector<nlohmann::json*> pending{&root};
  while (!pending.empty()) {
    nlohmann::json* node = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (node->is_object()) {
      const auto secret = node->find("client_secret");
      if (secret != node->end() && secret->is_string() && !contains(secret->get_ref<const std::string&>(), "$")) {
        found.push_back(&*secret);
      }
    }
    for (auto& child : *node) pending.push_back(&child);
  }
  return found;
}

void check_failure(const oauth2cc::Result<oauth2cc::Config>& result, std::string_view text,
                   const nlohmann::json& document, std::string_view extension) {
  const std::string& message = result.message();
  OAUTH2CC_FUZZ_CHECK(result.error() == oauth2cc::make_error_code(oauth2cc::errc::invalid_configuration));
  OAUTH2CC_FUZZ_CHECK(!message.empty());
  // Keys and values are quoted through printable(): no line breaks, no controls.
  OAUTH2CC_FUZZ_CHECK(oauth2cc_fuzz::is_printable_ascii(message));
  // A value from the environment is never shown, only its ${env:NAME}.
  if (!contains(text, secret_value) && !oauth2cc_fuzz::json_mentions(document, secret_value, nullptr)) {
    OAUTH2CC_FUZZ_CHECK(!contains(message, secret_value));
  }

  // Nor an inline client_secret: when the message has its text, change the
  // secret; the text must stay (it came from elsewhere) or the code change.
  if (document.is_discarded() || oauth2cc_fuzz::json_depth(document) > oauth2cc_fuzz::max_compared_depth) return;
  nlohmann::json changed = document;
  bool leaks_possible = false;
  std::vector<std::string> originals;
  for (nlohmann::json* secret : inline_secrets(changed)) {
    const std::string original = secret->get<std::string>();
    if (!contains(message, original) || oauth2cc_fuzz::rotated(original) == original) continue;
    originals.push_back(original);
    leaks_possible = true;
  }
  if (!leaks_possible) return;
  for (nlohmann::json* secret : inline_secrets(changed)) *secret = oauth2cc_fuzz::rotated(secret->get<std::string>());
  const auto second = oauth2cc::config_from_json(changed, extension);
  if (second || second.error() != result.error()) return;
  for (const auto& original : originals) OAUTH2CC_FUZZ_CHECK(contains(second.message(), original));
}

void check(std::string_view text, const nlohmann::json& document, std::string_view extension) {
  const auto result = oauth2cc::config_from_json_text(text, extension);
  if (result) {
    OAUTH2CC_FUZZ_CHECK(!document.is_discarded());
    check_config(*result);
  } else {
    check_failure(result, text, document, extension);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool environment_ready = set_environment();
  OAUTH2CC_FUZZ_CHECK(environment_ready);
  const std::string_view text = oauth2cc_fuzz::as_text(data, size);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);

  check(text, document, "");
  check(text, document, "mlflow");
  // The loader behind YAML files, where every scalar arrives as text.
  if (!document.is_discarded()) {
    const auto as_yaml = oauth2cc::config_from_json(document, "", oauth2cc::ScalarSource::text);
    if (as_yaml) {
      check_config(*as_yaml);
    } else {
      OAUTH2CC_FUZZ_CHECK(as_yaml.error() == oauth2cc::make_error_code(oauth2cc::errc::invalid_configuration));
      OAUTH2CC_FUZZ_CHECK(oauth2cc_fuzz::is_printable_ascii(as_yaml.message()));
    }
  }
  return 0;
}
