#include "arguments.hpp"

#include <algorithm>
#include <array>

namespace oauth2cc::cli {

namespace {

// An argument quoted back in a message: at most 32 characters, control
// characters shown as '?' so a stray escape sequence cannot reach the terminal.
std::string shown_argument(std::string_view arg) {
  std::string shown(arg.substr(0, 32));
  std::replace_if(shown.begin(), shown.end(), [](char c) { return c < 0x20 || c == 0x7f; }, '?');
  return arg.size() > 32 ? shown + "..." : shown;
}

using Problem = std::optional<std::string>;  // what is wrong with a flag's value, if anything

struct Option {
  std::string_view name;
  bool takes_value;
  Problem (*apply)(Invocation&, std::string_view value);
};

// A single-valued flag may be given once: a second one is more likely a
// mistake than an intended override.
Problem set_once(std::optional<std::string>& field, std::string_view value) {
  if (field) return std::string("is given more than once");
  field.emplace(value);
  return std::nullopt;
}

template <auto Field>
Problem set_field(Invocation& invocation, std::string_view value) {
  return set_once(invocation.flags.*Field, value);
}

Problem add_scope(Invocation& invocation, std::string_view value) {
  if (value.empty()) return std::string("needs a scope name");
  invocation.flags.scopes.emplace_back(value);
  return std::nullopt;
}

Problem add_param(Invocation& invocation, std::string_view value) {
  const std::size_t equals = value.find('=');
  if (equals == std::string_view::npos || equals == 0) return std::string("needs KEY=VALUE, such as resource=urn:my:api");
  invocation.flags.params.emplace_back(value.substr(0, equals), value.substr(equals + 1));
  return std::nullopt;
}

Problem set_insecure(Invocation& invocation, std::string_view) {
  invocation.flags.insecure_skip_verify = true;
  return std::nullopt;
}

Problem set_cache(Invocation& invocation, std::string_view) {
  invocation.flags.cache = true;
  return std::nullopt;
}

Problem set_dpop(Invocation& invocation, std::string_view) {
  invocation.flags.dpop = true;
  return std::nullopt;
}

Problem set_format(Invocation& invocation, std::string_view value) {
  if (value == "header") {
    invocation.format = TokenFormat::header;
  } else if (value == "token") {
    invocation.format = TokenFormat::token;
  } else if (value == "json") {
    invocation.format = TokenFormat::json;
  } else {
    return std::string("must be header, token or json");
  }
  return std::nullopt;
}

constexpr std::array connection_options{
    Option{"--config", true, set_field<&ConnectionFlags::config_file>},
    Option{"--extension", true, set_field<&ConnectionFlags::extension>},
    Option{"--token-url", true, set_field<&ConnectionFlags::token_url>},
    Option{"--issuer", true, set_field<&ConnectionFlags::issuer>},
    Option{"--client-id", true, set_field<&ConnectionFlags::client_id>},
    Option{"--client-secret-env", true, set_field<&ConnectionFlags::client_secret_env>},
    Option{"--client-secret-file", true, set_field<&ConnectionFlags::client_secret_file>},
    Option{"--scope", true, add_scope},
    Option{"--param", true, add_param},
    Option{"--auth-method", true, set_field<&ConnectionFlags::auth_method>},
    Option{"--private-key-file", true, set_field<&ConnectionFlags::private_key_file>},
    Option{"--key-id", true, set_field<&ConnectionFlags::key_id>},
    Option{"--signing-algorithm", true, set_field<&ConnectionFlags::signing_algorithm>},
    Option{"--assertion-audience", true, set_field<&ConnectionFlags::assertion_audience>},
    Option{"--client-assertion-file", true, set_field<&ConnectionFlags::client_assertion_file>},
    Option{"--token-file", true, set_field<&ConnectionFlags::token_file>},
    Option{"--token-env", true, set_field<&ConnectionFlags::token_env>},
    Option{"--ca-file", true, set_field<&ConnectionFlags::ca_file>},
    Option{"--cert-file", true, set_field<&ConnectionFlags::cert_file>},
    Option{"--key-file", true, set_field<&ConnectionFlags::key_file>},
    Option{"--insecure-skip-verify", false, set_insecure},
    Option{"--timeout", true, set_field<&ConnectionFlags::timeout>},
    Option{"--dpop", false, set_dpop},
    Option{"--dpop-key-file", true, set_field<&ConnectionFlags::dpop_key_file>},
    Option{"--format", true, set_format},
};

// `check` always asks the IdP: a cached token would hide what it checks.
constexpr std::array token_options{
    Option{"--cache", false, set_cache},
};

Failure usage_error(std::string message) {
  return {make_error_code(errc::invalid_configuration), std::move(message)};
}

std::string help_hint(Command command) {
  return command == Command::none ? "run `oauth2cc --help`"
                                  : "run `oauth2cc " + std::string(command_name(command)) + " --help`";
}

Command command_named(std::string_view name) noexcept {
  if (name == "token") return Command::token;
  if (name == "check") return Command::check;
  if (name == "decode") return Command::decode;
  return Command::none;
}

const Option* find_option(Command command, std::string_view name) noexcept {
  if (command != Command::token && command != Command::check) return nullptr;
  for (const Option& option : connection_options) {
    if (option.name == name) return &option;
  }
  if (command != Command::token) return nullptr;
  for (const Option& option : token_options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

Problem check_combination(const ConnectionFlags& flags) {
  if (flags.client_secret_env && flags.client_secret_file) {
    return std::string("--client-secret-env and --client-secret-file name two secrets; give one");
  }
  return std::nullopt;
}

}  // namespace

std::string_view command_name(Command command) noexcept {
  switch (command) {
    case Command::token: return "token";
    case Command::check: return "check";
    case Command::decode: return "decode";
    case Command::none: break;
  }
  return "";
}

Result<Invocation> parse_arguments(const std::vector<std::string_view>& args) {
  Invocation invocation;
  std::size_t positional = 0;
  bool options_ended = false;  // after `--`, decode's argument is the TOKEN whatever it starts with
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    const Command command = invocation.command;
    if (arg == "--help" || arg == "-h") {
      invocation.help = true;
      continue;
    }
    if (command == Command::none) {
      if (arg == "--version") {
        invocation.version = true;
      } else if (arg == "help") {  // `oauth2cc help [COMMAND]`
        invocation.help = true;
      } else if (arg.starts_with("-")) {
        return usage_error("unknown option " + std::string(arg.substr(0, arg.find('='))) + "; " + help_hint(command));
      } else if ((invocation.command = command_named(arg)) == Command::none) {
        return usage_error("unknown command \"" + shown_argument(arg) +
                           "\"; the commands are token, check and decode");
      }
      continue;
    }
    if (command == Command::decode && arg == "--" && !options_ended) {
      options_ended = true;
      continue;
    }
    // decode has long options only, so a word with one leading dash is the
    // TOKEN: base64url tokens may start with '-'.
    if (command == Command::decode && (options_ended || !arg.starts_with("--"))) {
      if (++positional > 1) return usage_error("decode takes one TOKEN (or - for standard input); " + help_hint(command));
      invocation.decode_input = std::string(arg);
      continue;
    }
    if (!arg.starts_with("--")) {
      // Not echoed: a stray word on a token command line may well be a secret.
      return usage_error("unexpected argument #" + std::to_string(i + 1) + "; `oauth2cc " +
                         std::string(command_name(command)) + "` takes only options; " + help_hint(command));
    }

    const std::size_t equals = arg.find('=');
    const std::string_view name = arg.substr(0, equals);
    const Option* option = find_option(command, name);
    if (option == nullptr) {
      if (name == "--client-secret") {
        return usage_error("there is no --client-secret: a secret on the command line shows in `ps` and the "
                           "shell's history; use --client-secret-env VAR or --client-secret-file FILE");
      }
      return usage_error("unknown option " + std::string(name) + " for `oauth2cc " +
                         std::string(command_name(command)) + "`; " + help_hint(command));
    }
    std::string_view value;
    if (!option->takes_value) {
      if (equals != std::string_view::npos) return usage_error(std::string(name) + " takes no value");
    } else if (equals != std::string_view::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return usage_error(std::string(name) + " needs a value; " + help_hint(command));
    }
    if (Problem problem = option->apply(invocation, value)) return usage_error(std::string(name) + " " + *problem);
  }

  if (invocation.help || invocation.version) return invocation;
  if (invocation.command == Command::none) {
    return usage_error("no command given; the commands are token, check and decode; " + help_hint(Command::none));
  }
  if (invocation.command == Command::decode && positional == 0) {
    return usage_error("decode needs a TOKEN, or - to read it from standard input; " + help_hint(Command::decode));
  }
  if (Problem problem = check_combination(invocation.flags)) return usage_error(*problem);
  return invocation;
}

}  // namespace oauth2cc::cli
