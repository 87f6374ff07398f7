// What the CLI tests share: the binary, the real IdP's clients, temporary
// files, endpoints that fail on purpose, and the guard every invocation
// passes through: no output may carry a client secret, and none may carry a
// token except the standard output of `oauth2cc token`, which is its job.
#pragma once

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/detail/http/form_encode.hpp>

#include "../support/idp_process.hpp"
#include "../support/temp_dir.hpp"
#include "../support/test_clients.hpp"
#include "cli_process.hpp"

namespace oauth2cc_test {

inline const std::string cli_binary = OAUTH2CC_CLI_BINARY;
inline const std::string certs = OAUTH2CC_TEST_CERTS_DIR;
inline const std::string idp_script = OAUTH2CC_IDP_SCRIPT;

inline IdpProcess start_idp(bool https, const std::string& cert = "server") {
  return IdpProcess(idp_script, https, certs + "/" + cert + ".pem", certs + "/" + cert + ".key");
}

// Every form a secret takes on the wire or in a header.
inline std::vector<std::string> secret_spellings() {
  std::vector<std::string> out;
  const std::pair<std::string, std::string> clients[] = {
      {basic_id, basic_secret}, {post_id, post_secret}, {readonly_id, readonly_secret}};
  for (const auto& [id, secret] : clients) {
    out.push_back(secret);
    out.push_back(oauth2cc::detail::form_encode(secret));
    out.push_back(oauth2cc::detail::base64_encode(oauth2cc::detail::form_encode(id) + ":" +
                                                  oauth2cc::detail::form_encode(secret)));
  }
  return out;
}

// Tokens this test case has seen on some standard output.
inline std::set<std::string>& known_tokens() {
  static std::set<std::string> tokens;
  return tokens;
}

// A JWT, or a run of 40+ base64url characters (the harness's opaque tokens
// have 43) standing alone: what a leaked token looks like.
inline bool has_token_shape(const std::string& text) {
  static const std::regex jwt("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
  static const std::regex opaque("(^|[^A-Za-z0-9_./-])[A-Za-z0-9_-]{40,}([^A-Za-z0-9_./-]|$)");
  return std::regex_search(text, jwt) || std::regex_search(text, opaque);
}

inline bool has_known_token(const std::string& text) {
  for (const auto& token : known_tokens()) {
    if (text.find(token) != std::string::npos) return true;
  }
  return false;
}

enum class Stdout { no_token, may_carry_token };

// Asserts what must hold for every output of the CLI.
inline void check_no_leaks(const CliRun& run, Stdout stdout_rule) {
  for (const auto& secret : secret_spellings()) {
    CHECK_MESSAGE(run.out.find(secret) == std::string::npos, "a client secret on stdout");
    CHECK_MESSAGE(run.err.find(secret) == std::string::npos, "a client secret on stderr");
  }
  CHECK_MESSAGE(!has_known_token(run.err), "a token on stderr:\n" << run.err);
  CHECK_MESSAGE(!has_token_shape(run.err), "something token-shaped on stderr:\n" << run.err);
  if (stdout_rule == Stdout::no_token) {
    CHECK_MESSAGE(!has_known_token(run.out), "a token on stdout:\n" << run.out);
    CHECK_MESSAGE(!has_token_shape(run.out), "something token-shaped on stdout:\n" << run.out);
  }
}

// Runs oauth2cc and checks its output for leaks. Only a successful `token`
// may print a token (on stdout), and `decode` prints claims of a token the
// caller already has; every other output is held to the strict rule.
inline CliRun run_cli(CliInput input) {
  CliRun run = CliProcess::run(cli_binary, input);
  const std::string command = input.args.empty() ? "" : input.args.front();
  const bool prints_token = run.exit_code == 0 && (command == "token" || command == "decode");
  check_no_leaks(run, prints_token ? Stdout::may_carry_token : Stdout::no_token);
  return run;
}

inline CliRun run_cli(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return run_cli(CliInput{std::move(args), std::move(env), {}, {}});
}

// Runs `token --format token` and remembers the token, so every later output
// of this test case is checked for it.
inline std::string fetch_token(std::vector<std::string> args, std::map<std::string, std::string> env) {
  args.insert(args.begin(), "token");
  args.insert(args.end(), {"--format", "token"});
  const CliRun run = run_cli(std::move(args), std::move(env));
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  std::string token = run.out.substr(0, run.out.find('\n'));
  known_tokens().insert(token);
  return token;
}

// A socket bound on 127.0.0.1 for as long as the object lives. Not
// listening, it refuses every connection, and no other process can take the
// port meanwhile: a reliable "closed port".
class LoopbackSocket {
 public:
  LoopbackSocket() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot bind a loopback socket");
    }
    port_ = ntohs(address.sin_port);
  }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
  ~LoopbackSocket() { close(); }

  // Accepts connections into the backlog but never reads or answers.
  void listen_silently() {
    if (::listen(fd_, 8) != 0) throw std::runtime_error("listen failed");
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int port() const { return port_; }
  std::string url(const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_) + "/token";
  }

 private:
  int fd_;
  int port_ = 0;
};

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The report line of one check step ("PASS  DNS: ..."), or "" when absent.
inline std::string step_line(const std::string& report, const std::string& status, const std::string& step) {
  const std::string start = status + "  " + step;
  for (std::size_t at = 0; at < report.size();) {
    const std::size_t end = report.find('\n', at);
    const std::string line = report.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (line.rfind(start, 0) == 0) return line;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return {};
}

}  // namespace oauth2cc_test
