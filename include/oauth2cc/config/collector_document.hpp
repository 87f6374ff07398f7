#pragma once

// Finding the oauth2client block in a configuration document: a whole
// collector configuration, a map of extensions, or a bare block.

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include <nlohmann/json.hpp>

#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/detail/text/did_you_mean.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc {

// The oauth2client block chosen from a configuration, and its key path for messages.
struct ConfigBlock {
  const nlohmann::json* node = nullptr;
  std::string path;  // "extensions.oauth2client/mlflow", or empty for a bare block
};

namespace detail {

inline constexpr std::string_view oauth2client_type = "oauth2client";

// "oauth2client" or "oauth2client/<name>": the ids the collector gives this extension.
inline bool is_oauth2client_id(std::string_view id) {
  return id == oauth2client_type || (id.starts_with(oauth2client_type) && id.size() > oauth2client_type.size() &&
                                     id[oauth2client_type.size()] == '/');
}

// Top-level sections of a collector configuration file.
inline bool is_collector_document(const nlohmann::json& document) {
  for (const char* section : {"extensions", "receivers", "processors", "exporters", "connectors", "service"}) {
    if (document.contains(section)) return true;
  }
  return false;
}

}  // namespace detail

// Picks the block from
//  - a collector document: extensions: {oauth2client/<extension>: {...}, ...};
//  - a map of extensions:   {oauth2client/<extension>: {...}, health_check: {}};
//  - a bare block:          {client_id: ..., token_url: ...} (extension is not needed).
// `extension` is the part after "oauth2client/" (the full id works too); when
// it is empty the only oauth2client block is taken.
inline Result<ConfigBlock> find_oauth2client_block(const nlohmann::json& document, std::string_view extension) {
  const auto fail = [](std::string message) -> Result<ConfigBlock> {
    return Failure{make_error_code(errc::invalid_configuration), std::move(message)};
  };
  if (document.is_null())
    return fail("the configuration is empty; write an oauth2client block or a collector configuration");
  if (!document.is_object()) {
    return fail(
        std::string("the configuration must be a map (an oauth2client block or a collector configuration), not ") +
        document.type_name());
  }

  const nlohmann::json* extensions = &document;
  std::string parent;
  if (detail::is_collector_document(document)) {
    const auto found = document.find("extensions");
    if (found == document.end() || !found->is_object()) {
      return fail("this collector configuration has no extensions map; add extensions: oauth2client/<name>: {...}");
    }
    extensions = &*found;
    parent = "extensions";
  } else {
    bool has_extension_ids = false;
    for (const auto& item : document.items()) {
      has_extension_ids = has_extension_ids || detail::is_oauth2client_id(item.key());
    }
    if (!has_extension_ids) return ConfigBlock{&document, {}};  // a bare block
  }

  std::vector<std::string> ids;
  for (const auto& item : extensions->items()) {
    if (detail::is_oauth2client_id(item.key())) ids.push_back(item.key());
  }
  const auto listed = [&ids] {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + detail::printable(id, 80);
    return out;
  };
  const std::string where = parent.empty() ? "the configuration" : parent;

  std::string wanted;
  if (extension.empty()) {
    if (ids.empty()) return fail(where + " has no oauth2client block; add oauth2client/<name>: {...}");
    if (ids.size() > 1) {
      return fail(where + " has several oauth2client blocks (" + listed() +
                  "); pass the name of the one to use (the part after \"oauth2client/\")");
    }
    wanted = ids.front();
  } else {
    wanted = detail::is_oauth2client_id(extension) ? std::string(extension)
                                           : std::string(detail::oauth2client_type) + "/" + std::string(extension);
  }

  // For messages only: a block id can hold any character.
  const std::string shown = detail::printable(wanted, 80);
  const std::string path = parent.empty() ? shown : parent + "." + shown;
  const auto found = extensions->find(wanted);
  if (found == extensions->end()) {
    const std::string suggestion = detail::closest_match(wanted, ids);
    return fail("no " + detail::printable(path, 120) + " in the configuration" +
                (suggestion.empty() ? std::string() : " (did you mean " + detail::printable(suggestion, 80) + "?)") +
                (ids.empty() ? std::string("; it has no oauth2client block") : "; it has " + listed()));
  }
  return ConfigBlock{&*found, path};
}

}  // namespace oauth2cc
