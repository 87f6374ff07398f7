// oauth2cc token: one token request through the library, printed as asked.

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "jwt.hpp"
#include "settings.hpp"
#include "time_text.hpp"
#include "token_request.hpp"

namespace oauth2cc::cli {

namespace {

std::string json_output(const Token& token) {
  using namespace std::chrono;
  // Rounded: the request took some milliseconds of the lifetime already.
  const auto left = duration_cast<seconds>(token.expires_at - steady_clock::now() + milliseconds(500));
  nlohmann::json out = {
      {"token_type", token.type},
      {"access_token", token.value},
      {"expires_in", left.count()},
      {"expires_at", iso8601_utc(time_point_cast<WallTime::duration>(system_clock::now() + left))},
      {"scope", token.scope.empty() ? nlohmann::json(nullptr) : nlohmann::json(token.scope)},
  };
  if (Result<DecodedJwt> jwt = decode_jwt(token.value)) out["claims"] = jwt->claims;
  return out.dump(2);
}

}  // namespace

ExitCode run_token(const ConnectionFlags& flags, TokenFormat format, Console& console) {
  Result<Config> config = load_settings(flags);
  if (!config) {
    console.failure(config.failure());
    return exit_code_for(config.error());
  }
  console.keep_out_client(current_client_id(*config), current_secret(*config).reveal());

  // A cache file that is not trusted is no reason to fail; the user hears why.
  Result<Token> token = request_token(*config, [&console](std::string_view path, std::string_view reason) {
    console.warning(std::string(path) + ": " + std::string(reason));
  });
  if (!token) {
    console.failure(token.failure());
    return exit_code_for(token.error());
  }
  console.keep_out(token->value);

  switch (format) {
    case TokenFormat::header: console.token_output("Authorization: " + token->type + " " + token->value); break;
    case TokenFormat::token: console.token_output(token->value); break;
    case TokenFormat::json: console.token_output(json_output(*token)); break;
  }
  return ExitCode::success;
}

}  // namespace oauth2cc::cli
