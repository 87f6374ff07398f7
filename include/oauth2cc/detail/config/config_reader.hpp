#pragma once

#include <charconv>          // from_chars
#include <chrono>            // milliseconds
#include <cstdint>           // int64_t, uint64_t
#include <initializer_list>  // initializer_list
#include <limits>            // numeric_limits
#include <optional>          // optional
#include <string>            // string, to_string
#include <string_view>       // string_view
#include <system_error>      // errc
#include <utility>           // move
#include <vector>            // vector

#include <nlohmann/json.hpp>

#include <oauth2cc/config/duration.hpp>
#include <oauth2cc/config/expand_env.hpp>
#include <oauth2cc/config/scalar_source.hpp>
#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/detail/text/did_you_mean.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc::detail {

// A string setting after ${env:...} expansion, with the variables it named.
struct ConfigString {
  std::string value;
  std::vector<std::string> variables;

  // "${env:A}" (or a list) for messages about a value that must not be quoted.
  std::string references() const {
    std::string out;
    for (const auto& name : variables) out += (out.empty() ? "${env:" : ", ${env:") + name + "}";
    return out;
  }
};

// A collector key oauth2cc knows of but does not support, and what to do instead.
struct UnsupportedKey {
  std::string_view key;
  std::string_view advice;
};

inline std::string key_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

// Reads one configuration, collecting every problem with its key path, so a
// user fixes them all in one go instead of one per restart.
class ConfigReader {
 public:
  explicit ConfigReader(ScalarSource source) : source_(source) {}

  void problem(std::string_view path, std::string_view text) {
    problems_.push_back(path.empty() ? std::string(text) : std::string(path) + ": " + std::string(text));
  }
  bool ok() const noexcept { return problems_.empty(); }

  // invalid_configuration listing every problem.
  Failure failure(std::string_view what) const {
    std::string message = "invalid " + std::string(what);
    message += problems_.size() == 1 ? ": " : " (" + std::to_string(problems_.size()) + " problems): ";
    for (std::size_t i = 0; i < problems_.size(); ++i) message += (i == 0 ? "" : "; ") + problems_[i];
    return Failure{make_error_code(errc::invalid_configuration), std::move(message)};
  }

  // The value of `key` in `object`; null when absent or null (YAML "key:" with nothing after it).
  static const nlohmann::json* member(const nlohmann::json& object, std::string_view key) {
    const auto found = object.find(key);
    return found == object.end() || found->is_null() ? nullptr : &*found;
  }

  // Reports every key that is not `known`: unsupported collector keys with
  // their advice, anything else as unknown with the closest known key.
  void check_keys(const nlohmann::json& object, std::string_view path, const std::vector<std::string_view>& known,
                  std::initializer_list<UnsupportedKey> unsupported = {}) {
    for (const auto& item : object.items()) {
      const std::string& key = item.key();
      bool is_known = false;
      for (const auto k : known) is_known = is_known || k == key;
      if (is_known) continue;
      const UnsupportedKey* not_supported = nullptr;
      for (const auto& u : unsupported) {
        if (u.key == key) not_supported = &u;
      }
      if (not_supported != nullptr) {
        problem(key_path(path, key),
                "a collector setting oauth2cc does not support; " + std::string(not_supported->advice));
        continue;
      }
      const std::string suggestion = closest_match(key, known);
      problem(
          key_path(path, printable(key, 60)),
          "unknown key" + (suggestion.empty() ? std::string("; remove it") : " (did you mean " + suggestion + "?)"));
    }
  }

  // An object, else a problem.
  bool expect_object(const nlohmann::json& value, std::string_view path) {
    if (value.is_object()) return true;
    problem(path, std::string("must be a map of settings, not ") + article(value));
    return false;
  }

  std::optional<ConfigString> string(const nlohmann::json& value, std::string_view path) {
    if (!value.is_string()) {
      problem(path, std::string("must be a string, not ") + article(value));
      return std::nullopt;
    }
    Result<EnvExpansion> expanded = expand_env_references(value.get_ref<const std::string&>());
    if (!expanded) {
      problem(path, expanded.message());
      return std::nullopt;
    }
    return ConfigString{std::move(expanded->text), std::move(expanded->variables)};
  }

  // A boolean or number spelled as text, which is allowed only where the
  // value came from YAML or from an environment variable, which are text;
  // otherwise "must be <what>".
  std::optional<ConfigString> spelled_as_text(const nlohmann::json& value, std::string_view path,
                                              std::string_view what) {
    const bool text = value.is_string() && (source_ == ScalarSource::text ||
                                            value.get_ref<const std::string&>().find("${") != std::string::npos);
    if (!text) {
      problem(path, "must be " + std::string(what) + ", not " + article(value));
      return std::nullopt;
    }
    return string(value, path);
  }

  // A JSON boolean, or text ("true", "False", ...) as spelled_as_text allows.
  std::optional<bool> boolean(const nlohmann::json& value, std::string_view path) {
    if (value.is_boolean()) return value.get<bool>();
    const auto spelled = spelled_as_text(value, path, "true or false");
    if (!spelled) return std::nullopt;
    for (const std::string_view yes : {"true", "True", "TRUE"}) {
      if (spelled->value == yes) return true;
    }
    for (const std::string_view no : {"false", "False", "FALSE"}) {
      if (spelled->value == no) return false;
    }
    problem(path, "must be true or false, not " + shown(*spelled));
    return std::nullopt;
  }

  // A whole number that fits an int: a JSON integer, or text as
  // spelled_as_text allows.
  std::optional<int> whole_number(const nlohmann::json& value, std::string_view path) {
    if (value.is_number_integer()) {  // signed or unsigned
      constexpr auto highest = static_cast<std::uint64_t>(std::numeric_limits<int>::max());
      const bool fits = value.is_number_unsigned()
                            ? value.get<std::uint64_t>() <= highest
                            : value.get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                                  value.get<std::int64_t>() <= std::numeric_limits<int>::max();
      if (fits) return value.get<int>();
      problem(path, "is out of range");
      return std::nullopt;
    }
    if (value.is_number_float()) {
      problem(path, "must be a whole number, not " + value.dump());
      return std::nullopt;
    }
    const auto spelled = spelled_as_text(value, path, "a whole number");
    if (!spelled) return std::nullopt;
    int number = 0;
    const char* const first = spelled->value.data();
    const char* const last = first + spelled->value.size();
    const auto [end, error] = std::from_chars(first, last, number);
    if (error != std::errc() || end != last || first == last) {
      problem(path, "must be a whole number, not " + shown(*spelled));
      return std::nullopt;
    }
    return number;
  }

  // A Go duration string ("10s"); a bare JSON number has no unit, so it is refused.
  std::optional<std::chrono::milliseconds> duration(const nlohmann::json& value, std::string_view path) {
    if (value.is_number()) {
      problem(path, "must be a duration with a unit, such as \"10s\" or \"500ms\", not a bare number");
      return std::nullopt;
    }
    const auto text = string(value, path);
    if (!text) return std::nullopt;
    Result<std::chrono::milliseconds> parsed = parse_duration(text->value);
    if (!parsed) {
      problem(path, text->variables.empty()
                        ? parsed.message()
                        : "the value of " + text->references() +
                              " is not a duration; write a number and a unit, such as 10s, 500ms, 5m or 1h30m");
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<std::vector<std::string>> strings(const nlohmann::json& value, std::string_view path) {
    if (!value.is_array()) {
      problem(path, std::string("must be a list of strings, such as [\"openid\"], not ") + article(value));
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool all_good = true;
    for (std::size_t i = 0; i < value.size(); ++i) {
      auto item = string(value[i], std::string(path) + "[" + std::to_string(i) + "]");
      if (item) {
        out.push_back(std::move(item->value));
      } else {
        all_good = false;
      }
    }
    if (!all_good) return std::nullopt;
    return out;
  }

  // A value for a message: quoted, unless it came from the environment (it
  // could be anything there, a secret included).
  static std::string shown(const ConfigString& text) {
    return text.variables.empty() ? "\"" + printable(text.value, 60) + "\"" : "the value of " + text.references();
  }

 private:
  static std::string article(const nlohmann::json& value) {
    if (value.is_array()) return "a list";
    if (value.is_object()) return "a map";
    if (value.is_boolean()) return "a boolean";
    if (value.is_number()) return "a number";
    if (value.is_string()) return "a string";
    if (value.is_null()) return "an empty value";
    return std::string("a ") + value.type_name();
  }

  ScalarSource source_;
  std::vector<std::string> problems_;
};

}  // namespace oauth2cc::detail
