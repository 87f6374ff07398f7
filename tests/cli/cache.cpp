// `oauth2cc token --cache`: the real binary run again and again, as a cron
// job would, against a token endpoint that counts its requests, and against
// the real IdP.

#include <doctest/doctest.h>

#include <httplib.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "../support/protected_resource.hpp"
#include "../support/test_server.hpp"
#include "cli_fixture.hpp"

using namespace oauth2cc_test;
namespace cache_test {

namespace fs = std::filesystem;

namespace {

// A token endpoint issuing a new opaque token per request, counting them.
class CountingEndpoint {
 public:
  CountingEndpoint() {
    server_->Post("/token", [this](const httplib::Request&, httplib::Response& res) {
      const int n = ++requests_;
      const std::string token = "cached-cli-token-" + std::to_string(n) + std::string(30, 'x');
      res.set_content(R"({"access_token":")" + token + R"(","token_type":"Bearer","expires_in":3600})",
                      "application/json");
    });
    server_.start();
  }
  std::string url() const { return server_.url("http"); }
  int requests() const { return requests_.load(); }

 private:
  TestServer server_;
  std::atomic<int> requests_{0};
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The cache files under `root` (temporary files included, if any were left).
std::vector<fs::path> files_under(const fs::path& root) {
  std::vector<fs::path> files;
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

}  // namespace

TEST_SUITE("cli token --cache") {
  TEST_CASE("a second run with --cache sends no request to the token endpoint") {
    CountingEndpoint endpoint;
    TempDir home;
    const std::map<std::string, std::string> env{{"IDP_SECRET", basic_secret}, {"XDG_CACHE_HOME", home.file("xdg")}};
    const std::vector<std::string> args{"--token-url", endpoint.url(), "--client-id", basic_id,
                                        "--client-secret-env", "IDP_SECRET", "--cache"};

    const std::string first = fetch_token(args, env);
    CHECK(endpoint.requests() == 1);
    const std::string second = fetch_token(args, env);
    CHECK(second == first);
    CHECK(endpoint.requests() == 1);

    // One file, 0600, in a 0700 $XDG_CACHE_HOME/oauth2cc, holding the token but no secret.
    const auto files = files_under(home.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].parent_path() == fs::path(home.file("xdg")) / "oauth2cc");
    struct stat info {};
    REQUIRE(::stat(files[0].c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    REQUIRE(::stat(files[0].parent_path().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
    const std::string text = read_all(files[0]);
    CHECK(contains(text, first));
    for (const auto& secret : secret_spellings()) CHECK_FALSE(contains(text, secret));

    SUBCASE("without --cache every run asks, and the file is left alone") {
      std::vector<std::string> uncached = args;
      uncached.pop_back();
      CHECK(fetch_token(uncached, env) != first);
      CHECK(endpoint.requests() == 2);
      CHECK(read_all(files[0]) == text);
    }
    SUBCASE("other scopes are another key: a request") {
      std::vector<std::string> scoped = args;
      scoped.insert(scoped.end(), {"--scope", "api:write"});
      CHECK(fetch_token(scoped, env) != first);
      CHECK(endpoint.requests() == 2);
    }
    SUBCASE("a group-readable cache file: a warning naming it, and a new token") {
      fs::permissions(files[0], fs::perms::group_read, fs::perm_options::add);
      std::vector<std::string> run_args = args;
      run_args.insert(run_args.begin(), "token");
      const CliRun run = run_cli(run_args, env);
      REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      CHECK(endpoint.requests() == 2);
      CHECK(contains(run.err, "oauth2cc: warning: " + files[0].string()));
      CHECK(contains(run.err, "readable or writable by group or others"));
      CHECK_FALSE(contains(run.err, first));
      CHECK_FALSE(contains(run.out, first));
    }
  }

  TEST_CASE("--cache against the real IdP: the cached token is accepted by the resource server") {
    const IdpProcess idp = start_idp(false);
    TempDir home;
    const std::map<std::string, std::string> env{{"IDP_SECRET", basic_secret}, {"XDG_CACHE_HOME", home.path()}};
    const std::vector<std::string> args{"--token-url", idp.token_endpoint(), "--client-id", basic_id,
                                        "--client-secret-env", "IDP_SECRET", "--param", "resource=" + api,
                                        "--scope", "api:read", "--cache"};
    const std::string first = fetch_token(args, env);
    const std::string second = fetch_token(args, env);
    CHECK(second == first);
    CHECK(protected_status(idp, "Bearer " + second, certs + "/ca.pem") == 200);
  }

  TEST_CASE("--dpop with --cache is refused before any request: a DPoP-bound token cannot be reused") {
    CountingEndpoint endpoint;
    TempDir home;
    const CliRun run = run_cli({"token", "--token-url", endpoint.url(), "--client-id", basic_id, "--client-secret-env",
                                "IDP_SECRET", "--dpop", "--cache"},
                               {{"IDP_SECRET", basic_secret}, {"XDG_CACHE_HOME", home.path()}});
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "the token cache does not hold DPoP-bound tokens"));
    CHECK(endpoint.requests() == 0);
    CHECK(files_under(home.path()).empty());
  }

  TEST_CASE("check takes no --cache: it always asks the IdP") {
    const CliRun run = run_cli({"check", "--cache"});
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "unknown option --cache for `oauth2cc check`"));
  }
}

}  // namespace cache_test
