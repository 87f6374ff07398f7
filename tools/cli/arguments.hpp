#pragma once

// The command line: which subcommand, and the flags given to it.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <oauth2cc/result.hpp>

namespace oauth2cc::cli {

enum class Command { none, token, check, decode };

enum class TokenFormat { header, token, json };

// The flags of `token` and `check`. Whatever is set overrides the config file.
struct ConnectionFlags {
  std::optional<std::string> config_file;
  std::optional<std::string> extension;
  std::optional<std::string> token_url;
  std::optional<std::string> issuer;  // OIDC discovery instead of token_url
  std::optional<std::string> client_id;
  std::optional<std::string> client_secret_env;   // the NAME of a variable, never a secret
  std::optional<std::string> client_secret_file;
  std::vector<std::string> scopes;                 // any --scope replaces the file's scopes
  std::vector<std::pair<std::string, std::string>> params;  // --param KEY=VALUE, replacing the same KEY
  std::optional<std::string> auth_method;
  std::optional<std::string> private_key_file;    // private_key_jwt
  std::optional<std::string> key_id;
  std::optional<std::string> signing_algorithm;
  std::optional<std::string> assertion_audience;
  std::optional<std::string> client_assertion_file;  // workload identity (private_key_jwt)
  std::optional<std::string> token_file;             // present a sidecar's token, request none
  std::optional<std::string> token_env;              // the NAME of a variable holding a token
  std::optional<std::string> ca_file;
  std::optional<std::string> cert_file;
  std::optional<std::string> key_file;
  bool insecure_skip_verify = false;
  bool dpop = false;                              // dpop.enabled
  std::optional<std::string> dpop_key_file;       // dpop.key_file (implies --dpop)
  std::optional<std::string> timeout;             // a duration as the collector writes it: 10s, 500ms
  bool cache = false;                              // token only: the file cache (cache.enabled)
};

struct Invocation {
  Command command = Command::none;
  bool help = false;     // --help: for `command`, or for the tool when none
  bool version = false;  // --version
  ConnectionFlags flags;
  TokenFormat format = TokenFormat::header;
  std::string decode_input;  // decode's TOKEN, or "-" for standard input
};

// The arguments after the program name. A usage error is
// errc::invalid_configuration naming the flag; values are never quoted back,
// as one of them could be a secret typed in the wrong place.
Result<Invocation> parse_arguments(const std::vector<std::string_view>& args);

std::string_view command_name(Command command) noexcept;

}  // namespace oauth2cc::cli
