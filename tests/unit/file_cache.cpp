// FileCache and FileCached: a token that outlives the process, and the
// safety rules that keep a file nobody should trust from being used.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/file_cache/file_cached.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "../support/scoped_env.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
namespace file_cache_test {

namespace fs = std::filesystem;

namespace {

using CachedAuthenticator = Authenticator<FileCached<ClientCredentials>, ExpiryBuffer, MockTransport, ManualClock>;

constexpr const char* client_secret = "file-cache-test-secret";

ClientCredentials source(std::vector<std::string> scopes = {"api:read"}) {
  ClientCredentials credentials("https://idp.example/token", "cache-client", client_secret);
  credentials.scopes(std::move(scopes));
  return credentials;
}

struct RecordingObserver final : Observer {
  void file_cache_problem(const FileCacheProblem& event) noexcept override {
    paths.emplace_back(event.path);
    reasons.emplace_back(event.reason);
  }
  std::vector<std::string> paths;
  std::vector<std::string> reasons;
};

// A MockTransport that issues tok-1, tok-2, ... each valid `lifetime` seconds.
MockTransport issuing_idp(long long lifetime = 3600) {
  MockTransport mock;
  auto issued = std::make_shared<int>(0);
  mock.on_request([issued, lifetime](const HttpRequest&) -> Result<HttpResponse> {
    return HttpResponse{200,
                        {{"Content-Type", "application/json"}},
                        R"({"access_token":"tok-)" + std::to_string(++*issued) +
                            R"(","token_type":"Bearer","expires_in":)" + std::to_string(lifetime) + "}"};
  });
  return mock;
}

// One "process": an Authenticator with its own FileCached source on `dir`.
struct Run {
  Run(const std::string& dir, const MockTransport& mock, const ManualClock& clock, FileCacheSettings settings = {},
      std::vector<std::string> scopes = {"api:read"})
      : auth(FileCached<ClientCredentials>(source(std::move(scopes)), with_directory(std::move(settings), dir)),
             ExpiryBuffer(60s), mock, clock),
        observer(std::make_shared<RecordingObserver>()) {
    auth.set_observer(observer);
  }
  static FileCacheSettings with_directory(FileCacheSettings settings, const std::string& dir) {
    settings.directory = dir;
    return settings;
  }
  CachedAuthenticator auth;
  std::shared_ptr<RecordingObserver> observer;
};

std::string cache_file(const std::string& dir) {
  FileCacheSettings settings;
  settings.directory = dir;
  return FileCache(settings).path(file_cache_key(source().settings()));
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mode_t mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

bool reported(const RecordingObserver& observer, const std::string& words) {
  for (const auto& reason : observer.reasons) {
    if (reason.find(words) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_SUITE("FileCache") {
  TEST_CASE("a second run within the token's lifetime reuses the file's token without a request") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    MockTransport mock = issuing_idp();
    ManualClock clock;
    {
      Run first(dir, mock, clock);
      CHECK(first.auth.header() == "Bearer tok-1");
    }
    clock.advance(10min);
    Run second(dir, mock, clock);
    CHECK(second.auth.header() == "Bearer tok-1");
    CHECK(mock.request_count() == 1);
    CHECK(second.observer->reasons.empty());
    // The loaded token keeps its real expiry, 50 minutes from now.
    CHECK(second.auth.token().expires_at == clock.now() + 50min);
  }

  TEST_CASE("the directory is created 0700 and the file 0600, holding the token and its key but no secret") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("a/b/oauth2cc");
    MockTransport mock = issuing_idp();
    ManualClock clock;
    Run run(dir, mock, clock);
    CHECK(run.auth.header() == "Bearer tok-1");
    CHECK(mode_of(dir) == 0700);
    const std::string file = cache_file(dir);
    CHECK(mode_of(file) == 0600);
    const std::string text = read_all(file);
    CHECK(text.find("tok-1") != std::string::npos);
    CHECK(text.find("cache-client") != std::string::npos);
    CHECK(text.find("api:read") != std::string::npos);
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(temp.path())) {
      if (!entry.is_regular_file()) continue;
      ++files;
      CHECK_MESSAGE(read_all(entry.path()).find(client_secret) == std::string::npos, entry.path());
    }
    CHECK(files == 1);  // no temporary file left behind
  }

  TEST_CASE("the token is written nowhere but the cache directory") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    // The default places and the temporary directory, pointed at an empty
    // directory that must stay empty while the cache writes to `dir`.
    oauth2cc_test::TempDir elsewhere;
    oauth2cc_test::ScopedEnv env;
    env.set("HOME", elsewhere.path()).set("XDG_CACHE_HOME", elsewhere.path()).set("TMPDIR", elsewhere.path());
    MockTransport mock = issuing_idp();
    ManualClock clock;
    Run run(dir, mock, clock);
    CHECK(run.auth.header() == "Bearer tok-1");
    for (const auto& entry : fs::recursive_directory_iterator(temp.path())) {
      if (!entry.is_regular_file()) continue;
      const bool in_cache = entry.path().parent_path() == fs::path(dir);
      CHECK_MESSAGE((in_cache || read_all(entry.path()).find("tok-1") == std::string::npos), entry.path());
    }
    CHECK(fs::is_empty(elsewhere.path()));
  }

  TEST_CASE("expiry is honoured: a token with less than min_remaining left is not read back") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    MockTransport mock = issuing_idp(600);
    ManualClock clock;
    { Run(dir, mock, clock).auth.header(); }

    SUBCASE("just above the margin: reused") {
      clock.advance(600s - 31s);
      Run later(dir, mock, clock);
      CHECK(later.auth.header() == "Bearer tok-1");
      CHECK(mock.request_count() == 1);
    }
    SUBCASE("within the margin: fetched anew and written") {
      clock.advance(600s - 30s);
      Run later(dir, mock, clock);
      CHECK(later.auth.header() == "Bearer tok-2");
      CHECK(mock.request_count() == 2);
      Run third(dir, mock, clock);
      CHECK(third.auth.header() == "Bearer tok-2");
      CHECK(mock.request_count() == 2);
    }
    SUBCASE("a wall clock stepped past the expiry: fetched anew") {
      clock.set_wall(clock.wall_now() + 1h);
      Run later(dir, mock, clock);
      CHECK(later.auth.header() == "Bearer tok-2");
    }
    SUBCASE("a larger min_remaining refuses it earlier") {
      clock.advance(400s);
      FileCacheSettings settings;
      settings.min_remaining = 300s;
      Run later(dir, mock, clock, settings);
      CHECK(later.auth.header() == "Bearer tok-2");
    }
  }

  TEST_CASE("invalidate() after a 401 fetches a new token instead of rereading the file's") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    MockTransport mock = issuing_idp();
    ManualClock clock;
    { Run(dir, mock, clock).auth.header(); }
    Run run(dir, mock, clock);
    CHECK(run.auth.header() == "Bearer tok-1");  // from the file
    run.auth.invalidate("tok-1");
    CHECK(run.auth.header() == "Bearer tok-2");
    CHECK(mock.request_count() == 2);
    CHECK(read_all(cache_file(dir)).find("tok-2") != std::string::npos);
    Run next(dir, mock, clock);
    CHECK(next.auth.header() == "Bearer tok-2");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("another key (other scopes) has its own file and never gets this key's token") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    MockTransport mock = issuing_idp();
    ManualClock clock;
    { Run(dir, mock, clock).auth.header(); }
    Run other(dir, mock, clock, {}, {"api:write"});
    CHECK(other.auth.header() == "Bearer tok-2");
    CHECK(mock.request_count() == 2);
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) files += entry.is_regular_file() ? 1 : 0;
    CHECK(files == 2);
  }

  TEST_CASE("a file holding another key under this key's name (a hash collision) is a miss") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    MockTransport mock = issuing_idp();
    ManualClock clock;
    { Run(dir, mock, clock, {}, {"api:write"}).auth.header(); }
    FileCacheSettings settings;
    settings.directory = dir;
    const FileCache cache(settings);
    fs::rename(cache.path(file_cache_key(source({"api:write"}).settings())), cache_file(dir));
    Run run(dir, mock, clock);
    CHECK(run.auth.header() == "Bearer tok-2");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("an untrusted file or directory is ignored, reported, and never used") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    MockTransport mock = issuing_idp();
    ManualClock clock;
    { Run(dir, mock, clock).auth.header(); }
    const std::string file = cache_file(dir);
    std::string expected_reason;
    std::string expected_path = file;

    SUBCASE("a group-readable file") {
      fs::permissions(file, fs::perms::group_read, fs::perm_options::add);
      expected_reason = "readable or writable by group or others";
    }
    SUBCASE("a world-readable file") {
      fs::permissions(file, fs::perms::others_read, fs::perm_options::add);
      expected_reason = "readable or writable by group or others";
    }
    SUBCASE("a group-writable file") {
      fs::permissions(file, fs::perms::group_write, fs::perm_options::add);
      expected_reason = "readable or writable by group or others";
    }
    SUBCASE("a symbolic link in place of the file, to a file that is fine") {
      const std::string target = temp.file("elsewhere.json");
      fs::copy_file(file, target);
      fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
      fs::remove(file);
      fs::create_symlink(target, file);
      expected_reason = "symbolic link";
    }
    SUBCASE("a directory open to others (0755)") {
      fs::permissions(dir, fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                               fs::perms::others_exec, fs::perm_options::add);
      expected_reason = "open to group or others";
      expected_path = dir;
    }
    SUBCASE("a symbolic link in place of the directory") {
      const std::string real = temp.file("real");
      fs::rename(dir, real);
      fs::create_symlink(real, dir);
      expected_reason = "symbolic link or not a directory";
      expected_path = dir;
    }
    SUBCASE("a file that belongs to another user (the owner check injected)") {
      FileCacheSettings settings;
      settings.owner = ::geteuid() + 1;
      Run run(dir, mock, clock, settings);
      CHECK(run.auth.header() == "Bearer tok-2");
      CHECK(reported(*run.observer, "belongs to user"));
      return;
    }
    SUBCASE("a file chowned to nobody (when the tests run as root)") {
      if (::geteuid() != 0) return;  // only root can give a file away; the injected case covers the rest
      REQUIRE(::chown(file.c_str(), 65534, 65534) == 0);
      expected_reason = "belongs to user 65534";
    }

    Run run(dir, mock, clock);
    CHECK(run.auth.header() == "Bearer tok-2");
    CHECK(mock.request_count() == 2);
    REQUIRE_FALSE(run.observer->reasons.empty());
    CHECK_MESSAGE(reported(*run.observer, expected_reason), run.observer->reasons.front());
    CHECK(run.observer->paths.front() == expected_path);
    for (const auto& reason : run.observer->reasons) CHECK(reason.find("tok-") == std::string::npos);
  }

  TEST_CASE("a refused file is not trusted, and a fetched token is not written into a refused directory") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    MockTransport mock = issuing_idp();
    ManualClock clock;
    fs::create_directory(dir);
    fs::permissions(dir, fs::perms::all, fs::perm_options::replace);  // 0777
    Run run(dir, mock, clock);
    CHECK(run.auth.header() == "Bearer tok-1");  // the fetch still works
    CHECK(fs::is_empty(dir));
    CHECK(reported(*run.observer, "chmod 700"));
  }

  TEST_CASE("a corrupt or truncated file is ignored, reported and replaced") {
    oauth2cc_test::TempDir temp;
    const std::string dir = temp.file("cache");
    MockTransport mock = issuing_idp();
    ManualClock clock;
    { Run(dir, mock, clock).auth.header(); }
    const std::string file = cache_file(dir);
    const std::string good = read_all(file);
    std::string bad;
    SUBCASE("not JSON") { bad = "this is not json"; }
    SUBCASE("truncated in the middle") { bad = good.substr(0, good.size() / 2); }
    SUBCASE("empty") { bad = ""; }
    SUBCASE("a token with a line break") {
      bad = good;
      bad.replace(bad.find("tok-1"), 5, "tok\\n1");
    }
    SUBCASE("expiry before issue") {
      nlohmann::json json = nlohmann::json::parse(good);
      json["expires_at_ms"] = json["issued_at_ms"].get<long long>() - 1;
      bad = json.dump();
    }
    SUBCASE("another format") {
      nlohmann::json json = nlohmann::json::parse(good);
      json["format"] = "something-else";
      bad = json.dump();
    }
    { std::ofstream(file, std::ios::binary | std::ios::trunc) << bad; }

    Run run(dir, mock, clock);
    CHECK(run.auth.header() == "Bearer tok-2");
    CHECK(reported(*run.observer, "corrupt"));
    CHECK(read_all(file).find("tok-2") != std::string::npos);
    CHECK(mode_of(file) == 0600);
  }

  TEST_CASE("without a directory setting the cache goes under $XDG_CACHE_HOME, else $HOME/.cache") {
    oauth2cc_test::ScopedEnv env;
    env.set("HOME", "/home/someone");
    SUBCASE("XDG_CACHE_HOME set") {
      env.set("XDG_CACHE_HOME", "/var/cache/me");
      CHECK(FileCache().directory() == "/var/cache/me/oauth2cc");
    }
    SUBCASE("XDG_CACHE_HOME relative, so ignored as the XDG spec says") {
      env.set("XDG_CACHE_HOME", "relative");
      CHECK(FileCache().directory() == "/home/someone/.cache/oauth2cc");
    }
    SUBCASE("XDG_CACHE_HOME unset") {
      env.unset("XDG_CACHE_HOME");
      CHECK(FileCache().directory() == "/home/someone/.cache/oauth2cc");
    }
    SUBCASE("a relative directory setting is refused") {
      CHECK_THROWS_AS(FileCache(FileCacheSettings{"relative/dir", 30s, std::nullopt}), Error);
    }
  }
}

}  // namespace file_cache_test
