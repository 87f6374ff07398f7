#pragma once

// A Config from JSON text or a JSON file: config_from_json (in
// <oauth2cc/config/json_reader.hpp>) behind a light declaration, so with the
// compiled library a caller never parses the JSON library's headers.

#include <string>       // string
#include <string_view>  // string_view

#include <oauth2cc/config/types.hpp>
#include <oauth2cc/detail/system/linkage.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc {

// One oauth2client block, or a whole collector configuration from which the
// block `extensions: oauth2client/<extension>` is picked, as config_from_json
// reads it.
// From JSON text. A syntax error names the line and column, never the text.
OAUTH2CC_API Result<Config> config_from_json_text(std::string_view text, std::string_view extension = {});

// The same from a JSON file (for YAML and JSON alike: load_config_file in
// <oauth2cc/config_yaml.hpp>). Messages start with the path.
OAUTH2CC_API Result<Config> config_from_json_file(const std::string& path, std::string_view extension = {});

}  // namespace oauth2cc

#if !defined(OAUTH2CC_COMPILED_LIB)
#include <oauth2cc/config/load-inl.hpp>
#endif
