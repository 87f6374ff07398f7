#pragma once

// The definitions behind <oauth2cc/config/load.hpp>: inline when header-only,
// compiled once into the oauth2cc::compiled library otherwise.

#include <string>       // string, to_string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include <oauth2cc/config/json_reader.hpp>
#include <oauth2cc/config/load.hpp>
#include <oauth2cc/detail/token/json_depth.hpp>
#include <oauth2cc/error.hpp>

namespace oauth2cc {

OAUTH2CC_API Result<Config> config_from_json_text(std::string_view text, std::string_view extension) {
  nlohmann::json document;
  if (detail::json_nests_deeper_than(text, detail::max_json_depth)) {
    return Failure{make_error_code(errc::invalid_configuration),
                   "the configuration nests more than " + std::to_string(detail::max_json_depth) +
                       " levels of objects and arrays; that is not a collector configuration"};
  }
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    return Failure{make_error_code(errc::invalid_configuration),
                   "the configuration is not valid JSON: syntax error at " +
                       detail::line_and_column(text, error.byte == 0 ? 0 : error.byte - 1) +
                       "; check the quotes, commas and brackets there"};
  } catch (const nlohmann::json::exception&) {  // out_of_range: a number beyond a double's range
    return Failure{make_error_code(errc::invalid_configuration),
                   "the configuration holds a number beyond the range of a double; check the numbers in it"};
  }
  return config_from_json(document, extension);
}

OAUTH2CC_API Result<Config> config_from_json_file(const std::string& path, std::string_view extension) {
  Result<std::string> text = read_config_file(path);
  if (!text) return std::move(text).failure();
  return detail::with_path(path, config_from_json_text(*text, extension));
}

}  // namespace oauth2cc
