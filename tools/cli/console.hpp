#pragma once

// Where the CLI writes. Everything but the token a user asked for passes
// through scrub(): the client secret and the token can never reach a message
// or the check report, even if some server text echoed them back.

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <oauth2cc/error.hpp>
#include <oauth2cc/secret.hpp>

namespace oauth2cc::cli {

class Console {
 public:
  Console(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  // A value that must never be written, except by token_output().
  void keep_out(std::string_view value);
  // The client secret, and the HTTP Basic credential made of it (a proxy or
  // IdP that echoes the request may send either back).
  void keep_out_client(std::string_view client_id, std::string_view secret);

  std::string scrub(std::string_view text) const;

  // "oauth2cc: error: <text>" on stderr.
  void error(std::string_view text) const;
  // "oauth2cc: warning: <text>" on stderr.
  void warning(std::string_view text) const;
  // The message, then the likely fix, on stderr.
  void failure(const Failure& failure) const;
  // A line on stdout (reports, decoded claims).
  void line(std::string_view text) const;
  // The one thing written unscrubbed: what `oauth2cc token` was asked to print.
  void token_output(std::string_view text) const;

 private:
  std::ostream& out_;
  std::ostream& err_;
  std::vector<Secret> kept_out_;
};

}  // namespace oauth2cc::cli
