#pragma once

// The settings `token` and `check` run with: the config file's oauth2client
// block with the flags written into it, then validated as one by the
// library's config reader. So a key missing from the file but given as a
// flag is fine, and every message names the key as the user knows it.

#include <string>

#include <nlohmann/json.hpp>

#include <oauth2cc/config.hpp>
#include <oauth2cc/result.hpp>

#include "arguments.hpp"

namespace oauth2cc::cli {

// The block after the flags were applied, not yet expanded or validated.
struct MergedBlock {
  nlohmann::json document;  // the block, at the place the file had it
  nlohmann::json block;     // the block alone, for reporting on its values
  std::string extension;    // the block's id in `document`, empty for a bare block
  std::string file;         // the config file, empty without --config
  std::string where;        // "extensions.oauth2client/mlflow in collector.yaml", "the flags"
  bool values_are_text = false;  // YAML: booleans may be spelled as text
};

// Reads --config (if given), picks the block, applies the flags. Fails
// (invalid_configuration) for an unreadable file, a syntax error, a missing
// block, or a flag that cannot be used.
Result<MergedBlock> merge_settings(const ConnectionFlags& flags);

// ${env:...} expanded and every key validated: all problems at once.
Result<Config> validate(const MergedBlock& merged);

// Both steps.
Result<Config> load_settings(const ConnectionFlags& flags);

// The client id and secret the next request will send, for keeping them out
// of output: inline or read from their files; empty if unreadable.
std::string current_client_id(const Config& config);
Secret current_secret(const Config& config);

}  // namespace oauth2cc::cli
