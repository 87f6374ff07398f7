#pragma once

#include <cstdlib>      // getenv
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move
#include <vector>       // vector

#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc {

// Text with its references expanded, and the variables it named (for
// messages such as "MLFLOW_CLIENT_SECRET is set but empty").
struct EnvExpansion {
  std::string text;
  std::vector<std::string> variables;
};

// Whether `name` can be an environment variable's name in a reference:
// letters, digits and '_', not starting with a digit.
constexpr bool is_env_name(std::string_view name) noexcept {
  if (name.empty() || detail::is_ascii_digit(name.front())) return false;
  for (char c : name) {
    if (!(detail::is_ascii_letter(c) || detail::is_ascii_digit(c) || c == '_')) return false;
  }
  return true;
}

namespace detail {

// "env" of "env:NAME"; empty when the reference has no scheme. A scheme is
// a letter, then letters, digits, '+', '.' or '-', as the collector has it.
constexpr std::string_view reference_scheme(std::string_view inside) noexcept {
  const std::size_t colon = inside.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  const std::string_view scheme = inside.substr(0, colon);
  if (!is_ascii_letter(scheme.front())) return {};
  for (char c : scheme) {
    if (!(is_ascii_letter(c) || is_ascii_digit(c) || c == '+' || c == '.' || c == '-')) return {};
  }
  // "${NAME:-default}" is a variable with a default, not a scheme "NAME".
  if (inside.substr(colon).starts_with(":-")) return {};
  return scheme;
}

}  // namespace detail

// expand_env (below), also saying which variables the text named.
inline Result<EnvExpansion> expand_env_references(std::string_view text) {
  const auto fail = [](errc code, std::string message) -> Result<EnvExpansion> {
    return Failure{make_error_code(code), std::move(message)};
  };
  EnvExpansion out;
  out.text.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c != '$' || (next != '$' && next != '{')) {
      out.text += c;
      continue;
    }
    if (next == '$') {  // "$$" is one literal '$', so "$${env:X}" stays "${env:X}"
      out.text += '$';
      ++i;
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    // Messages quote no more of the text than a variable name: the text may be a secret.
    const std::string at = " at character " + std::to_string(i + 1);
    if (close == std::string_view::npos) {
      return fail(errc::invalid_configuration,
                  "\"${\"" + at + " is never closed by \"}\"; write \"$$\" for a literal \"$\"");
    }
    std::string_view inside = text.substr(i + 2, close - i - 2);
    const std::string_view scheme = detail::reference_scheme(inside);
    if (!scheme.empty()) {
      if (scheme != "env") {
        const bool collector_provider = scheme == "file" || scheme == "yaml" || scheme == "http" || scheme == "https";
        return fail(errc::invalid_configuration,
                    "the reference" + at + " uses " +
                        (collector_provider ? "the collector's " + std::string(scheme) + " provider" : "a provider") +
                        ", which oauth2cc does not support; use ${env:NAME} or ${NAME} (and client_secret_file "
                        "for a secret kept in a file)");
      }
      inside.remove_prefix(scheme.size() + 1);
    }
    std::string_view name = inside;
    std::string_view fallback;
    bool has_fallback = false;
    if (const std::size_t dash = inside.find(":-"); dash != std::string_view::npos) {
      name = inside.substr(0, dash);
      fallback = inside.substr(dash + 2);
      has_fallback = true;
    }
    if (inside.find('$') != std::string_view::npos || !is_env_name(name)) {
      return fail(errc::invalid_configuration,
                  "the reference" + at +
                      " does not name an environment variable (letters, digits and _, not starting with a digit); "
                      "write \"$$\" for a literal \"$\"");
    }
    const std::string variable(name);
    const std::string reference = "${" + std::string(scheme.empty() ? "" : "env:") + variable + "}";
    // The value is used as it is, never expanded again: a secret may hold "${".
    if (const char* value = std::getenv(variable.c_str())) {
      out.text += value;
    } else if (has_fallback) {
      out.text += fallback;
    } else {
      return fail(errc::environment_variable_unset, "environment variable " + variable +
                                                        " is not set (referred to as " + reference +
                                                        "); set it in this process's environment");
    }
    out.variables.push_back(variable);
    i = close;
  }
  return out;
}

// Expands the collector's environment references: ${env:NAME} and ${NAME}
// become the variable's value, ${env:NAME:-default} falls back to `default`
// when NAME is unset, and "$$" is a literal "$" (so "$${env:X}" stays
// "${env:X}"). Values are inserted as they are, never expanded again. A lone
// "$" stays as it is. An unset variable without a default is
// errc::environment_variable_unset naming the variable, never a value.
inline Result<std::string> expand_env(std::string_view text) {
  Result<EnvExpansion> expanded = expand_env_references(text);
  if (!expanded) return std::move(expanded).failure();
  return std::move(expanded->text);
}

}  // namespace oauth2cc
