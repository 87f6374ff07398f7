#include "options.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace oauth2cc_demo {

const char* const demo_usage = R"(usage: oauth2cc-demo [options]

Sends OTLP trace batches to an OAuth2-protected receiver, authenticating with
oauth2cc. By default everything runs in this process on 127.0.0.1: a token
endpoint issuing short-lived signed JWTs, and an OTLP/HTTP receiver that
verifies them and revokes one half way through, so refreshes and the
401 -> invalidate -> retry path both happen.

  --batches N            batches to send (default 20)
  --spans N              spans per batch (default 5)
  --interval DUR         time between batches (default 300ms)
  --token-lifetime DUR   lifetime of the embedded endpoint's tokens, whole
                         seconds (default 4s)
  --revoke-at N          the receiver revokes the token presented with its
                         N-th request; 0: never (default: half way through
                         the batches; never with --serve-only)
  --config FILE          get tokens from the real IdP configured in FILE, a
                         collector configuration (YAML or JSON) with an
                         oauth2client extension; needs --endpoint
  --extension NAME       which oauth2client extension in FILE (mlflow for
                         oauth2client/mlflow); needed when it has several
  --endpoint URL         send to this OTLP/HTTP traces URL instead of the
                         embedded receiver (e.g. http://mlflow:5000/v1/traces)
  --serve-only           run only the token endpoint and the receiver, print
                         their URLs as one JSON line, and serve until stdin
                         closes; the client secret is read from
                         OAUTH2CC_DEMO_CLIENT_SECRET
  --help                 this text

DUR is a whole number with ms, s or m: 300ms, 4s, 1m.
Exit status: 0 when every batch was accepted in the end, 1 otherwise, 2 for
bad usage.
)";

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  long long number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end == text.data() || number < 0) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (unit == "ms") return std::chrono::milliseconds(number);
  if (unit == "s") return std::chrono::seconds(number);
  if (unit == "m") return std::chrono::minutes(number);
  return std::nullopt;
}

namespace {

long long parse_count(std::string_view flag, std::string_view text, long long minimum) {
  long long number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end != text.data() + text.size() || number < minimum) {
    throw std::invalid_argument(std::string(flag) + " needs a whole number of at least " + std::to_string(minimum) +
                                ", not '" + std::string(text) + "'");
  }
  return number;
}

std::chrono::milliseconds parse_duration_flag(std::string_view flag, std::string_view text) {
  const auto duration = parse_duration(text);
  if (!duration) {
    throw std::invalid_argument(std::string(flag) + " needs a duration such as 300ms, 4s or 1m, not '" +
                                std::string(text) + "'");
  }
  return *duration;
}

}  // namespace

DemoOptions parse_options(const std::vector<std::string_view>& args) {
  DemoOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view flag = args[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= args.size()) throw std::invalid_argument(std::string(flag) + " needs a value");
      return args[++i];
    };
    if (flag == "--help" || flag == "-h") {
      options.help = true;
    } else if (flag == "--batches") {
      options.batches = static_cast<int>(parse_count(flag, value(), 1));
    } else if (flag == "--spans") {
      options.spans_per_batch = static_cast<int>(parse_count(flag, value(), 1));
    } else if (flag == "--interval") {
      options.interval = parse_duration_flag(flag, value());
    } else if (flag == "--token-lifetime") {
      const auto lifetime = parse_duration_flag(flag, value());
      // expires_in is whole seconds (RFC 6749 §5.1).
      if (lifetime.count() == 0 || lifetime.count() % 1000 != 0) {
        throw std::invalid_argument("--token-lifetime needs whole seconds of at least 1s, such as 2s or 1m");
      }
      options.token_lifetime = std::chrono::duration_cast<std::chrono::seconds>(lifetime);
    } else if (flag == "--revoke-at") {
      options.revoke_at = static_cast<std::uint64_t>(parse_count(flag, value(), 0));
    } else if (flag == "--config") {
      options.config_file = value();
    } else if (flag == "--extension") {
      options.extension = value();
    } else if (flag == "--endpoint") {
      options.endpoint = value();
    } else if (flag == "--serve-only") {
      options.serve_only = true;
    } else {
      throw std::invalid_argument("unknown argument '" + std::string(flag) + "'; see --help");
    }
  }
  if (!options.extension.empty() && options.config_file.empty()) {
    throw std::invalid_argument("--extension needs --config FILE");
  }
  if (!options.config_file.empty() && options.endpoint.empty()) {
    throw std::invalid_argument(
        "--config needs --endpoint URL: the embedded receiver trusts only the embedded token endpoint's tokens");
  }
  if (options.serve_only && (!options.config_file.empty() || !options.endpoint.empty())) {
    throw std::invalid_argument("--serve-only runs the embedded servers only; drop --config and --endpoint");
  }
  return options;
}

}  // namespace oauth2cc_demo
