#pragma once

// ConfigBlockReader: reads the keys of one block of a configuration (its
// strings, booleans, durations and credentials) through a ConfigReader, which
// collects every problem with its key path.

#include <chrono>       // milliseconds
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include <oauth2cc/detail/config/config_reader.hpp>

namespace oauth2cc::detail {

// Reads one block: every key, its type and its value, reporting all problems.
class ConfigBlockReader {
 public:
  ConfigBlockReader(ConfigReader& reader, const nlohmann::json& node, std::string path)
      : reader_(reader), node_(node), path_(std::move(path)) {}

  std::string at(std::string_view key) const { return key_path(path_, key); }
  const nlohmann::json* value(std::string_view key) const { return ConfigReader::member(node_, key); }

  std::optional<ConfigString> text(std::string_view key) const {
    const nlohmann::json* found = value(key);
    return found != nullptr ? reader_.string(*found, at(key)) : std::nullopt;
  }
  void text(std::string_view key, std::string& field) const {
    if (auto read = text(key)) field = std::move(read->value);
  }
  void boolean(std::string_view key, bool& field) const {
    const nlohmann::json* found = value(key);
    if (found == nullptr) return;
    if (const auto read = reader_.boolean(*found, at(key))) field = *read;
  }
  std::optional<std::chrono::milliseconds> duration(std::string_view key) const {
    const nlohmann::json* found = value(key);
    return found != nullptr ? reader_.duration(*found, at(key)) : std::nullopt;
  }

  // A credential given inline (`key`) or as a file (`file_key`): exactly one.
  // Returns the inline value when that is the one given.
  std::optional<std::string> credential(std::string_view key, std::string_view file_key, std::string& file) const {
    std::optional<ConfigString> inline_value = text(key);
    std::optional<ConfigString> file_value = text(file_key);
    const bool has_inline = value(key) != nullptr;
    const bool has_file = value(file_key) != nullptr;
    const std::string both = std::string(key) + " or " + std::string(file_key);
    if (has_inline && has_file) {
      reader_.problem(at(key), "set " + both + ", not both");
    } else if (!has_inline && !has_file) {
      reader_.problem(at(key), "missing; set " + both);
    } else if (inline_value && inline_value->value.empty()) {
      reader_.problem(at(key), empty(*inline_value, "; set it, or use " + std::string(file_key)));
    } else if (file_value && file_value->value.empty()) {
      reader_.problem(at(file_key), empty(*file_value, "; set the path of the file holding the credential"));
    }
    if (file_value) file = std::move(file_value->value);
    if (inline_value) return std::move(inline_value->value);
    return std::nullopt;
  }

  // "is empty", naming the variable when one made it so.
  static std::string empty(const ConfigString& read, std::string_view fix) {
    if (read.variables.empty()) return "is empty" + std::string(fix);
    return "is empty because " + read.references() + " is set but empty" + std::string(fix);
  }

  ConfigReader& reader() const noexcept { return reader_; }
  const nlohmann::json& node() const noexcept { return node_; }
  const std::string& path() const noexcept { return path_; }

 private:
  ConfigReader& reader_;
  const nlohmann::json& node_;
  std::string path_;
};

}  // namespace oauth2cc::detail
