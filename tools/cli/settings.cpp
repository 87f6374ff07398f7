#include "settings.hpp"

#include <utility>

#include <oauth2cc/config/keys.hpp>
#include <oauth2cc/credential_file.hpp>
#ifdef OAUTH2CC_CLI_YAML
#include <oauth2cc/config_yaml.hpp>
#endif

namespace oauth2cc::cli {

namespace {

Failure usage_error(std::string message) { return {make_error_code(errc::invalid_configuration), std::move(message)}; }

// Flag values are taken literally: "$" is written "$$" so the config
// reader's ${env:...} expansion leaves them as they are.
std::string literal(std::string_view value) {
  std::string out;
  for (char c : value) out += c == '$' ? std::string("$$") : std::string(1, c);
  return out;
}

struct Document {
  nlohmann::json root;
  bool values_are_text = false;
};

// Messages about a file start with its path, as the library's loaders put it.
Result<Config> in_file(const std::string& path, Result<Config> config) {
  if (!config) return Failure{config.error(), path + ": " + config.message()};
  return config;
}

bool is_json_file(const std::string& path) { return path.size() >= 5 && path.ends_with(".json"); }

// The file as JSON. On a syntax error the library's own loader is asked to
// describe it, so the message is the one every oauth2cc user sees.
Result<Document> read_document(const std::string& path) {
  Result<std::string> text = read_config_file(path);
  if (!text) return std::move(text).failure();
  if (!is_json_file(path)) {
#ifdef OAUTH2CC_CLI_YAML
    try {
      Result<nlohmann::json> root = yaml_to_json(YAML::Load(*text), "");
      if (!root) return Failure{root.error(), path + ": " + root.message()};
      return Document{std::move(*root), true};
    } catch (const YAML::Exception&) {
      return in_file(path, config_from_yaml_text(*text)).failure();
    }
#endif
  }
  nlohmann::json root = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    Failure failure = in_file(path, config_from_json_text(*text)).failure();
#ifndef OAUTH2CC_CLI_YAML
    if (!is_json_file(path)) {
      failure.message += " (this oauth2cc was built without yaml-cpp, so --config reads JSON only)";
    }
#endif
    return failure;
  }
  return Document{std::move(root), false};
}

// An empty document with the block placed where `path` says the file had it:
// "extensions.oauth2client/x", "oauth2client/x" (a map of extensions), or "".
nlohmann::json place_block(const std::string& path, nlohmann::json block) {
  constexpr std::string_view under_extensions = "extensions.";
  if (path.empty()) return block;
  if (path.starts_with(under_extensions)) {
    return {{"extensions", {{path.substr(under_extensions.size()), std::move(block)}}}};
  }
  return {{path, std::move(block)}};
}

std::string block_id(const std::string& path) {
  constexpr std::string_view under_extensions = "extensions.";
  return path.starts_with(under_extensions) ? path.substr(under_extensions.size()) : path;
}

nlohmann::json& object_member(nlohmann::json& object, const char* key) {
  nlohmann::json& member = object[key];
  if (!member.is_object()) member = nlohmann::json::object();
  return member;
}

Result<bool> apply_flags(const ConnectionFlags& flags, nlohmann::json& block) {
  if (flags.token_file || flags.token_env) {
    // A given token replaces the file's way of requesting one, as the flags
    // replace the file's values; a flag given with it is still refused.
    for (const std::string_view key : config_key_names(ConfigKeyGroup::request)) block.erase(std::string(key));
    block.erase("token");
    block.erase("token_file");
  }
  // Each replaces the file's other one; both flags together are refused by the config reader.
  if (flags.token_url) {
    block["token_url"] = literal(*flags.token_url);
    if (!flags.issuer) block.erase("issuer");
  }
  if (flags.issuer) {
    block["issuer"] = literal(*flags.issuer);
    if (!flags.token_url) block.erase("token_url");
  }
  if (flags.client_id) {
    block["client_id"] = literal(*flags.client_id);
    block.erase("client_id_file");
  }
  if (flags.client_secret_env) {
    if (!is_env_name(*flags.client_secret_env)) {
      // Not quoted back: this is where a secret typed by mistake would land.
      return usage_error("--client-secret-env takes the NAME of an environment variable (letters, digits and _, "
                         "not starting with a digit), not the secret itself");
    }
    block["client_secret"] = "${env:" + *flags.client_secret_env + "}";
    block.erase("client_secret_file");
  }
  if (flags.client_secret_file) {
    block["client_secret_file"] = literal(*flags.client_secret_file);
    block.erase("client_secret");
  }
  if (!flags.scopes.empty()) {
    nlohmann::json scopes = nlohmann::json::array();
    for (const std::string& scope : flags.scopes) scopes.push_back(literal(scope));
    block["scopes"] = std::move(scopes);
  }
  if (!flags.params.empty()) {
    nlohmann::json& params = object_member(block, "endpoint_params");
    for (const auto& [key, value] : flags.params) params[key] = literal(value);
  }
  if (flags.auth_method) block["auth_method"] = literal(*flags.auth_method);
  if (flags.private_key_file) {
    block["private_key_file"] = literal(*flags.private_key_file);
    // The key is the credential now: a secret the file still names would be refused.
    if (block.value("auth_method", "") == "private_key_jwt") {
      block.erase("client_secret");
      block.erase("client_secret_file");
    }
  }
  if (flags.client_assertion_file) {
    block["client_assertion_file"] = literal(*flags.client_assertion_file);
    // The projected token is the credential now, as a key file would be
    // (--private-key-file with it is still refused).
    block.erase("client_secret");
    block.erase("client_secret_file");
    if (!flags.private_key_file) block.erase("private_key_file");
  }
  if (flags.token_env && !is_env_name(*flags.token_env)) {
    // Not quoted back: this is where a token typed by mistake would land.
    return usage_error("--token-env takes the NAME of an environment variable (letters, digits and _, not starting "
                       "with a digit), not the token itself");
  }
  if (flags.token_file) block["token_file"] = literal(*flags.token_file);
  if (flags.token_env) block["token"] = "${env:" + *flags.token_env + "}";
  if (flags.key_id) block["key_id"] = literal(*flags.key_id);
  if (flags.signing_algorithm) block["signing_algorithm"] = literal(*flags.signing_algorithm);
  if (flags.assertion_audience) block["assertion_audience"] = literal(*flags.assertion_audience);
  if (flags.timeout) block["timeout"] = literal(*flags.timeout);
  if (flags.cache) object_member(block, "cache")["enabled"] = true;
  if (flags.dpop || flags.dpop_key_file) {
    nlohmann::json& dpop = object_member(block, "dpop");
    dpop["enabled"] = true;
    if (flags.dpop_key_file) dpop["key_file"] = literal(*flags.dpop_key_file);
  }
  if (flags.ca_file || flags.cert_file || flags.key_file || flags.insecure_skip_verify) {
    nlohmann::json& tls = object_member(block, "tls");
    if (flags.ca_file) tls["ca_file"] = literal(*flags.ca_file);
    if (flags.cert_file) tls["cert_file"] = literal(*flags.cert_file);
    if (flags.key_file) tls["key_file"] = literal(*flags.key_file);
    if (flags.insecure_skip_verify) tls["insecure_skip_verify"] = true;
  }
  return true;
}

}  // namespace

Result<MergedBlock> merge_settings(const ConnectionFlags& flags) {
  MergedBlock merged;
  merged.block = nlohmann::json::object();
  std::string path;
  if (flags.config_file) {
    merged.file = *flags.config_file;
    Result<Document> document = read_document(merged.file);
    if (!document) return std::move(document).failure();
    merged.values_are_text = document->values_are_text;
    const std::string extension = flags.extension.value_or("");
    Result<ConfigBlock> found = find_oauth2client_block(document->root, extension);
    if (!found) {
      // The loader's words for a missing or ambiguous block.
      return in_file(merged.file, config_from_json(document->root, extension)).failure();
    }
    path = found->path;
    if (!found->node->is_null()) merged.block = *found->node;
    merged.where = (path.empty() ? std::string("the block") : path) + " in " + merged.file;
  } else if (flags.extension) {
    return usage_error("--extension picks a block of the file given with --config; add --config FILE");
  } else {
    merged.where = "the flags";
  }
  if (merged.block.is_object()) {
    Result<bool> applied = apply_flags(flags, merged.block);
    if (!applied) return std::move(applied).failure();
  }
  merged.extension = block_id(path);
  merged.document = place_block(path, merged.block);
  return merged;
}

Result<Config> validate(const MergedBlock& merged) {
  const auto source = merged.values_are_text ? ScalarSource::text : ScalarSource::json;
  Result<Config> config = config_from_json(merged.document, merged.extension, source);
  if (!config && !merged.file.empty()) return in_file(merged.file, std::move(config));
  return config;
}

Result<Config> load_settings(const ConnectionFlags& flags) {
  Result<MergedBlock> merged = merge_settings(flags);
  if (!merged) return std::move(merged).failure();
  return validate(*merged);
}

std::string current_client_id(const Config& config) {
  if (config.client_id_file.empty()) return config.client_id;
  Result<Secret> from_file = read_credential_file(config.client_id_file, "client_id_file");
  return from_file ? std::string(from_file->reveal()) : std::string();
}

Secret current_secret(const Config& config) {
  if (!config.client_secret.empty() || config.client_secret_file.empty()) return config.client_secret;
  Result<Secret> from_file = read_credential_file(config.client_secret_file, "client_secret_file");
  return from_file ? std::move(*from_file) : Secret();
}

}  // namespace oauth2cc::cli
