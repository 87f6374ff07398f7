// oauth2cc decode: a JWT's header and claims, and what its times mean now.

#include <istream>
#include <iterator>
#include <string>

#include "commands.hpp"
#include "jwt.hpp"
#include "time_text.hpp"

namespace oauth2cc::cli {

namespace {

// A token is a few KiB; this bounds what a mistaken pipe can make us hold.
constexpr std::size_t max_input_bytes = 1024 * 1024;

Result<std::string> read_all(std::istream& in) {
  std::string text;
  char chunk[4096];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_input_bytes) {
      return Failure{make_error_code(errc::malformed_response),
                     "standard input is larger than " + std::to_string(max_input_bytes) + " bytes, so not a token"};
    }
  }
  return text;
}

// "exp: 1764087000 = 2025-11-25 17:10:00 CET (+0100), expires in 4m 59s"
std::string time_claim(const nlohmann::json& claims, const char* name, WallTime now) {
  const auto found = claims.find(name);
  if (found == claims.end()) return {};
  std::string line = std::string(name) + ": ";
  if (!found->is_number()) return line + "not a number (a JWT NumericDate is seconds since 1970)";
  const std::optional<WallTime> at = from_unix_seconds(found->get<double>());
  if (!at) return line + found->dump() + " (out of range)";
  line += found->dump() + " = " + local_time_text(*at) + ", ";
  const bool past = *at <= now;
  const std::string relative = relative_text(*at, now);
  if (std::string_view(name) == "exp") return line + (past ? "expired " : "expires ") + relative;
  if (std::string_view(name) == "iat") return line + "issued " + relative;
  return line + (past ? "valid since " : "not valid until ") + relative;  // nbf
}

}  // namespace

ExitCode run_decode(const std::string& input, std::istream& standard_input, Console& console) {
  std::string text = input;
  if (input == "-") {
    Result<std::string> read = read_all(standard_input);
    if (!read) {
      console.error(read.message());
      return exit_code_for(read.error());
    }
    text = std::move(*read);
  }
  const std::string_view token = bare_token(text);
  Result<DecodedJwt> jwt = decode_jwt(token);
  if (!jwt) {
    console.error(jwt.message());  // the generic fixes are about token endpoints, not pasted tokens
    return exit_code_for(jwt.error());
  }
  // The decoded parts are printed; the token itself never is.
  console.keep_out(token);

  console.line("header:");
  console.line(jwt->header.dump(2));
  console.line("claims:");
  console.line(jwt->claims.dump(2));
  const WallTime now = std::chrono::system_clock::now();
  for (const char* name : {"exp", "iat", "nbf"}) {
    if (std::string line = time_claim(jwt->claims, name, now); !line.empty()) console.line(line);
  }
  console.line("signature: " + std::to_string(jwt->signature_length) +
               " characters, NOT verified: decode shows what the token says, not whether it is genuine");
  return ExitCode::success;
}

}  // namespace oauth2cc::cli
