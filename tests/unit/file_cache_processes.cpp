// Several processes writing and reading one cache file at once: every read
// is a miss or one whole token some process wrote, never a torn mix; and no
// reader ever finds a half-written (corrupt) file.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <oauth2cc/file_cache/file_cache.hpp>
#include <oauth2cc/observer.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace file_cache_processes_test {

namespace {

constexpr int processes = 6;
constexpr int rounds = 150;
constexpr std::size_t token_size = 3000;  // a JWT's size: many write() chunks could tear

// A token that names its writer and round and checks itself: the body repeats
// one character derived from both, and it ends with a fixed marker.
std::string token_of(int writer, int round) {
  const std::string head = "w" + std::to_string(writer) + "r" + std::to_string(round) + ".";
  const char fill = static_cast<char>('a' + (writer * 7 + round) % 26);
  return head + std::string(token_size - head.size() - 4, fill) + ".end";
}

bool whole(const std::string& token) {
  const std::size_t r = token.find('r');
  const std::size_t dot = token.find('.');
  if (token.size() != token_size || token[0] != 'w' || r == std::string::npos || dot == std::string::npos) return false;
  const int writer = std::stoi(token.substr(1, r - 1));
  const int round = std::stoi(token.substr(r + 1, dot - r - 1));
  return token == token_of(writer, round);
}

struct CountingObserver final : Observer {
  void file_cache_problem(const FileCacheProblem&) noexcept override { ++problems; }
  int problems = 0;
};

// One child process: writes its tokens and reads between writes. Its exit
// status: 0 all reads whole, 1 a torn or foreign read, 2 a write failed,
// 3 no read ever hit, 4 a file was reported (a half-written file seen).
int child(const std::string& dir, int writer) {
  FileCacheSettings settings;
  settings.directory = dir;
  FileCache cache(settings);
  CountingObserver observer;
  cache.set_observer(&observer);
  const FileCacheKey key{"https://idp.example/token", "shared-client", {"api:read"}, "client_secret_basic", {}};
  int hits = 0;
  for (int round = 0; round < rounds; ++round) {
    const Instant at{std::chrono::steady_clock::now(), std::chrono::system_clock::now()};
    Token token;
    token.value = token_of(writer, round);
    token.type = "Bearer";
    token.issued_at = at.steady;
    token.expires_at = at.steady + 1h;
    if (!cache.store(key, token, at)) return 2;
    for (int read = 0; read < 3; ++read) {
      const std::optional<Token> loaded = cache.load(key, at);
      if (!loaded) continue;
      ++hits;
      if (!whole(loaded->value) || loaded->type != "Bearer") return 1;
    }
  }
  if (observer.problems > 0) return 4;
  return hits > 0 ? 0 : 3;
}

}  // namespace

TEST_SUITE("FileCache processes") {
  TEST_CASE("processes writing and reading one cache file never see a torn token") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    std::vector<pid_t> children;
    for (int writer = 0; writer < processes; ++writer) {
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) ::_exit(child(dir, writer));
      children.push_back(pid);
    }
    int whole_runs = 0;
    for (const pid_t pid : children) {
      int status = 0;
      REQUIRE(::waitpid(pid, &status, 0) == pid);
      REQUIRE(WIFEXITED(status));
      CHECK_MESSAGE(WEXITSTATUS(status) == 0, "child exit status " << WEXITSTATUS(status));
      whole_runs += WEXITSTATUS(status) == 0 ? 1 : 0;
    }
    CHECK(whole_runs == processes);
    // One file, no temporary leftovers.
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) files += entry.is_regular_file() ? 1 : 0;
    CHECK(files == 1);
  }
}

}  // namespace file_cache_processes_test
