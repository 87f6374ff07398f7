#pragma once

// Reading the configuration from YAML, as the collector's own files are
// written. Needs yaml-cpp (Debian: libyaml-cpp-dev; CMake: link
// oauth2cc::yaml), which is why this header is not in the umbrella headers.

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <oauth2cc/config.hpp>
#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc {

namespace detail {

inline std::string yaml_position(const YAML::Mark& mark) {
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

}  // namespace detail

// YAML as JSON with every scalar a string: what a value means ("10s" a
// duration, "true" a boolean, "12345" a client id) is decided by the key it
// belongs to, so nothing is guessed here (read it with ScalarSource::text).
// Null ("key:" alone, ~, null) stays null. Duplicate keys are refused, as the
// collector refuses them. `path` is the node's key path in messages; "" at the top.
inline Result<nlohmann::json> yaml_to_json(const YAML::Node& node, const std::string& path) {
  const auto fail = [](std::string message) -> Result<nlohmann::json> {
    return Failure{make_error_code(errc::invalid_configuration), std::move(message)};
  };
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return nlohmann::json(node.Scalar());
    case YAML::NodeType::Sequence: {
      nlohmann::json list = nlohmann::json::array();
      for (std::size_t i = 0; i < node.size(); ++i) {
        Result<nlohmann::json> item = yaml_to_json(node[i], path + "[" + std::to_string(i) + "]");
        if (!item) return item;
        list.push_back(std::move(*item));
      }
      return list;
    }
    case YAML::NodeType::Map: {
      nlohmann::json map = nlohmann::json::object();
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
          return fail("YAML " + detail::yaml_position(entry.first.Mark()) + " (under " +
                      (path.empty() ? "the top" : path) + "): a key must be a plain name, not a list or a map");
        }
        const std::string& key = entry.first.Scalar();
        const std::string key_at = detail::key_path(path, detail::printable(key, 60));
        if (map.contains(key)) {
          return fail("YAML " + detail::yaml_position(entry.first.Mark()) + ": " + key_at +
                      " appears twice; keep one");
        }
        Result<nlohmann::json> value = yaml_to_json(entry.second, key_at);
        if (!value) return value;
        map[key] = std::move(*value);
      }
      return map;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nlohmann::json(nullptr);
  }
  return nlohmann::json(nullptr);
}

namespace detail {

inline bool ends_with_extension(std::string_view path, std::string_view extension) {
  return path.size() >= extension.size() && iequals(path.substr(path.size() - extension.size()), extension);
}

}  // namespace detail

// config_from_json for YAML text: a collector configuration or one
// oauth2client block, with the same rules and messages. A syntax error names
// the line and column, never the text.
inline Result<Config> config_from_yaml_text(std::string_view text, std::string_view extension = {}) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    return Failure{make_error_code(errc::invalid_configuration), "the configuration is not valid YAML: " + error.msg +
                                                                     " at " + detail::yaml_position(error.mark) +
                                                                     "; check the indentation and quoting there"};
  }
  Result<nlohmann::json> document = yaml_to_json(root, "");
  if (!document)
    return Failure{document.error(), "invalid " + std::string(detail::config_what) + ": " + document.message()};
  return config_from_json(*document, extension, ScalarSource::text);
}

// Loads a configuration file: JSON when the name ends in .json, else YAML
// (.yaml, .yml, or anything else; YAML also reads most JSON). Messages start
// with the path.
inline Result<Config> load_config_file(const std::string& path, std::string_view extension = {}) {
  if (detail::ends_with_extension(path, ".json")) return config_from_json_file(path, extension);
  Result<std::string> text = read_config_file(path);
  if (!text) return std::move(text).failure();
  return detail::with_path(path, config_from_yaml_text(*text, extension));
}

}  // namespace oauth2cc
