#pragma once

// A token kept in a file between runs, for short-lived processes (a CLI, a
// cron job, a batch exporter) that would otherwise fetch a token on every
// start. Opt-in: nothing is written unless a FileCache is built. POSIX only.
//
// Safety rules: the directory must be a real directory (no symlink) owned by
// this user with no group/other permissions (0700; created so); a file must be
// a regular file (no symlink) owned by this user with no group/other
// permissions (0600; created so), at most max_file_bytes, holding the format
// this code writes, for exactly the key asked for, and valid for at least
// FileCacheSettings::min_remaining. Anything else is ignored, reported to the
// Observer (FileCacheProblem), and never trusted. Files are written whole to a
// temporary file in the same directory, fsync'd and renamed over the old one,
// so a reader sees the old file or the new one, never a part. Only the token
// and its metadata (type, scope, issue and expiry time, the key) are written:
// never a client secret, an assertion or a private key.

#include <fcntl.h>     // open, O_*
#include <sys/stat.h>  // mkdir, lstat, fstat, fchmod
#include <unistd.h>    // read, write, close, fsync, rename, unlink, geteuid

#include <cerrno>        // errno, EEXIST, EINTR, ELOOP, ENOENT
#include <chrono>        // milliseconds, seconds
#include <cstdint>       // uint64_t
#include <cstdlib>       // getenv, mkstemp
#include <optional>      // optional
#include <string>        // string
#include <string_view>   // string_view
#include <system_error>  // generic_category
#include <utility>       // move, pair
#include <vector>        // vector

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/file_cache/file_cache_settings.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/source/discovered_client_credentials.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// What a cached token is for: a file holds the token of one key and is read
// back only for the same key.
struct FileCacheKey {
  std::string token_url;
  std::string client_id;  // or "file:<path>" for a client_id_file
  std::vector<std::string> scopes;
  std::string auth_method;
  // audience, resource and endpoint_params: they change what the token is for.
  std::vector<std::pair<std::string, std::string>> params;

  bool operator==(const FileCacheKey&) const = default;
};

// The key of the tokens a ClientCredentials source fetches.
inline FileCacheKey file_cache_key(const ClientCredentialsSettings& settings) {
  FileCacheKey key;
  key.token_url = settings.token_url;
  key.client_id = settings.client_id_file.empty() ? settings.client_id : "file:" + settings.client_id_file;
  key.scopes = settings.scopes;
  key.auth_method = std::string(to_string(settings.auth_method));
  if (!settings.audience.empty()) key.params.emplace_back("audience", settings.audience);
  if (!settings.resource.empty()) key.params.emplace_back("resource", settings.resource);
  for (const auto& param : settings.endpoint_params) key.params.push_back(param);
  return key;
}

// FileCached's key: the issuer in place of the token endpoint, known before
// discovery, so a restarted process finds its token without asking the IdP;
// the allowed methods stand for the one discovery picks.
inline FileCacheKey file_cache_key(const DiscoveredClientCredentialsSettings& settings) {
  FileCacheKey key = file_cache_key(settings.client);
  key.token_url = settings.issuer;
  key.auth_method.clear();
  const std::vector<AuthMethod> methods =
      settings.auth_methods.empty() ? std::vector<AuthMethod>{settings.client.auth_method} : settings.auth_methods;
  for (const AuthMethod method : methods) key.auth_method += (key.auth_method.empty() ? "" : "|") + std::string(to_string(method));
  return key;
}

namespace detail {

inline constexpr std::string_view file_cache_format = "oauth2cc-token-cache-1";
inline constexpr std::size_t max_cache_file_bytes = 64 * 1024;  // a token and its metadata; JWTs are a few KiB

inline nlohmann::json key_json(const FileCacheKey& key) {
  nlohmann::json params = nlohmann::json::array();
  for (const auto& [name, value] : key.params) params.push_back({name, value});
  return {{"token_url", key.token_url},
          {"client_id", key.client_id},
          {"scopes", key.scopes},
          {"auth_method", key.auth_method},
          {"params", std::move(params)}};
}

// FNV-1a: only spreads keys over file names. A collision is harmless, as
// the file also holds the key and a different key is a miss.
inline std::string key_file_name(const FileCacheKey& key) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : key_json(key).dump()) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  constexpr char digits[] = "0123456789abcdef";
  std::string name = "token-";
  for (int shift = 60; shift >= 0; shift -= 4) name += digits[(hash >> shift) & 0xf];
  return name + ".json";
}

inline std::string os_reason(int error) { return std::generic_category().message(error); }

inline std::int64_t unix_ms(WallTime time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

// A token as it may go into an Authorization header: visible ASCII only.
inline bool is_header_safe(std::string_view text) {
  for (const char c : text) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return !text.empty();
}

// Closes a descriptor on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { close(); }
  int get() const noexcept { return fd_; }
  bool close() noexcept {
    const bool ok = fd_ < 0 || ::close(fd_) == 0;
    fd_ = -1;
    return ok;
  }

 private:
  int fd_;
};

}  // namespace detail

// Reads and writes the cached token of a key. Not thread-safe by itself (a
// FileCached source is used by one Authenticator, which fetches one token at
// a time); processes sharing the directory are safe with each other.
class FileCache {
 public:
  explicit FileCache(FileCacheSettings settings = {}) : settings_(std::move(settings)) {
    if (settings_.min_remaining.count() < 0) {
      throw Error(errc::invalid_configuration, "file cache: min_remaining must not be negative");
    }
    if (!settings_.directory.empty() && settings_.directory.front() != '/') {
      throw Error(errc::invalid_configuration,
                  "file cache: directory must be an absolute path, so every run finds the same file");
    }
  }

  // Receives a FileCacheProblem for every file or directory ignored and every
  // write that failed. May be null; must outlive this cache.
  void set_observer(Observer* observer) noexcept { observer_ = observer; }

  // The directory in use, or empty when neither setting nor environment names one.
  std::string directory() const {
    if (!settings_.directory.empty()) return settings_.directory;
    const char* xdg = std::getenv("XDG_CACHE_HOME");  // NOLINT(concurrency-mt-unsafe): read only
    if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/oauth2cc";
    const char* home = std::getenv("HOME");  // NOLINT(concurrency-mt-unsafe): read only
    if (home != nullptr && home[0] == '/') return std::string(home) + "/.cache/oauth2cc";
    return {};
  }

  // The file a key's token lives in (it need not exist).
  std::string path(const FileCacheKey& key) const {
    const std::string dir = directory();
    return dir.empty() ? std::string() : dir + "/" + detail::key_file_name(key);
  }

  // The cached token of `key` if there is a trustworthy one with at least
  // min_remaining left at `at`; its times are moved onto `at`'s steady clock.
  std::optional<Token> load(const FileCacheKey& key, const Instant& at) {
    const std::string dir = directory();
    if (!usable_directory(dir, /*create=*/false)) return std::nullopt;
    const std::string file = dir + "/" + detail::key_file_name(key);
    std::optional<std::string> text = read(file);
    if (!text) return std::nullopt;
    std::optional<Token> token = parse(*text, file, key, at);
    secure_wipe(*text);
    return token;
  }

  // Writes `token`, fetched at `at`, as the cached token of `key`. Returns
  // false (after telling the observer) when it could not be written.
  bool store(const FileCacheKey& key, const Token& token, const Instant& at) {
    const std::string dir = directory();
    if (!usable_directory(dir, /*create=*/true)) return false;
    const std::string file = dir + "/" + detail::key_file_name(key);
    const auto wall = [&at](SteadyTime steady) {
      return at.wall + std::chrono::duration_cast<WallTime::duration>(steady - at.steady);
    };
    nlohmann::json document = {{"format", detail::file_cache_format},
                               {"key", detail::key_json(key)},
                               {"access_token", token.value},
                               {"token_type", token.type},
                               {"scope", token.scope},
                               {"issued_at_ms", detail::unix_ms(wall(token.issued_at))},
                               {"expires_at_ms", detail::unix_ms(wall(token.expires_at))}};
    std::string text = document.dump();
    document["access_token"].get_ref<std::string&>().assign(token.value.size(), '\0');  // wipe the copy
    const bool written = write_atomically(dir, file, text);
    secure_wipe(text);
    return written;
  }

  const FileCacheSettings& settings() const noexcept { return settings_; }

 private:
  uid_t owner() const noexcept { return settings_.owner ? static_cast<uid_t>(*settings_.owner) : ::geteuid(); }

  void report(std::string_view file, const std::string& reason) const noexcept {
    if (observer_ != nullptr) observer_->file_cache_problem(FileCacheProblem{file, reason});
  }

  // mkdir -p with 0700 for what is missing; existing parents are left alone.
  static void create_directories(const std::string& dir) {
    for (std::size_t slash = dir.find('/', 1); slash != std::string::npos; slash = dir.find('/', slash + 1)) {
      ::mkdir(dir.substr(0, slash).c_str(), 0700);
    }
    ::mkdir(dir.c_str(), 0700);
  }

  // The directory exists (or, when writing, was created), is no symlink, is
  // ours and closed to group and others.
  bool usable_directory(const std::string& dir, bool create) const {
    if (dir.empty()) {
      report("", "no cache directory: set FileCacheSettings::directory (config cache.directory), "
                 "$XDG_CACHE_HOME or $HOME");
      return false;
    }
    struct stat info {};
    if (::lstat(dir.c_str(), &info) != 0) {
      int error = errno;
      if (error == ENOENT && create) {
        create_directories(dir);
        if (::lstat(dir.c_str(), &info) == 0) return usable_directory(dir, false);
        error = errno;
      }
      if (error != ENOENT || create) {
        report(dir, "not cached: cannot use the cache directory: " + detail::os_reason(error) + "; check the path");
      }
      return false;  // no directory yet: a plain miss
    }
    if (!S_ISDIR(info.st_mode)) {
      report(dir, "ignored: the cache directory is a symbolic link or not a directory; make it a real "
                  "directory (mkdir -m 700)");
      return false;
    }
    if (info.st_uid != owner()) {
      report(dir, "ignored: the cache directory belongs to user " + std::to_string(info.st_uid) +
                      ", not to this user (" + std::to_string(owner()) + "); use a directory of your own");
      return false;
    }
    if ((info.st_mode & 077) != 0) {
      report(dir, "ignored: the cache directory is open to group or others; run chmod 700 on it");
      return false;
    }
    return true;
  }

  // The file's content if it is a trustworthy file; nothing if absent.
  std::optional<std::string> read(const std::string& file) const {
    // O_NOFOLLOW: a symlink fails with ELOOP; O_NONBLOCK: a FIFO cannot hang us.
    detail::FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (fd.get() < 0) {
      const int error = errno;
      if (error == ELOOP) {
        report(file, "ignored: the cache file is a symbolic link; delete it");
      } else if (error != ENOENT) {
        report(file, "ignored: cannot open the cache file: " + detail::os_reason(error));
      }
      return std::nullopt;
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
      report(file, "ignored: the cache file is not a regular file; delete it");
      return std::nullopt;
    }
    if (info.st_uid != owner()) {
      report(file, "ignored: the cache file belongs to user " + std::to_string(info.st_uid) + ", not to this user (" +
                       std::to_string(owner()) + "); delete it");
      return std::nullopt;
    }
    if ((info.st_mode & 077) != 0) {
      report(file, "ignored: the cache file is readable or writable by group or others, so its token may be "
                   "known to them; delete it");
      return std::nullopt;
    }
    if (static_cast<std::size_t>(info.st_size) > detail::max_cache_file_bytes) {
      report(file, "ignored: the cache file is larger than " + std::to_string(detail::max_cache_file_bytes) +
                       " bytes, so not one this library wrote; delete it");
      return std::nullopt;
    }
    std::string text(detail::max_cache_file_bytes + 1, '\0');  // sized once: no stray copies of the token
    std::size_t size = 0;
    while (size < text.size()) {
      const ssize_t got = ::read(fd.get(), text.data() + size, text.size() - size);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        report(file, "ignored: cannot read the cache file: " + detail::os_reason(errno));
        secure_wipe(text);
        return std::nullopt;
      }
      if (got == 0) break;
      size += static_cast<std::size_t>(got);
    }
    text.resize(size);
    return text;
  }

  std::optional<Token> parse(const std::string& text, const std::string& file, const FileCacheKey& key,
                             const Instant& at) const {
    const auto corrupt = [&](std::string_view what) {
      report(file, "ignored: the cache file is corrupt (" + std::string(what) + "); it is replaced on the next fetch");
      return std::nullopt;
    };
    nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) return corrupt("not a JSON object");
    const auto string_at = [&document](const char* name) -> const std::string* {
      const auto found = document.find(name);
      return found != document.end() && found->is_string() ? &found->get_ref<const std::string&>() : nullptr;
    };
    const auto ms_at = [&document](const char* name) -> std::optional<std::int64_t> {
      const auto found = document.find(name);
      if (found == document.end() || !found->is_number_integer()) return std::nullopt;
      return found->get<std::int64_t>();
    };
    const std::string* format = string_at("format");
    if (format == nullptr || *format != detail::file_cache_format) return corrupt("unknown format");
    const auto stored_key = document.find("key");
    if (stored_key == document.end() || *stored_key != detail::key_json(key)) {
      return std::nullopt;  // another key with the same file name: a miss, and the fetch replaces it
    }
    const std::string* value = string_at("access_token");
    const std::string* type = string_at("token_type");
    const std::string* scope = string_at("scope");
    const std::optional<std::int64_t> issued = ms_at("issued_at_ms");
    const std::optional<std::int64_t> expires = ms_at("expires_at_ms");
    if (value == nullptr || !detail::is_header_safe(*value)) return corrupt("access_token");
    if (type == nullptr || !detail::is_header_safe(*type)) return corrupt("token_type");
    if (scope == nullptr) return corrupt("scope");
    if (!issued || !expires || *expires <= *issued) return corrupt("issue and expiry times");

    const std::int64_t now = detail::unix_ms(at.wall);
    const auto left = std::chrono::milliseconds(*expires - now);
    if (left <= settings_.min_remaining) return std::nullopt;  // expired, or about to: a plain miss
    if (*issued > now + std::chrono::milliseconds(std::chrono::minutes(5)).count()) {
      report(file, "ignored: the cache file's token was issued in the future; is this machine's clock right?");
      return std::nullopt;
    }
    Token token;
    token.value = *value;
    token.type = *type;
    token.scope = *scope;
    token.expires_at = at.steady + left;
    token.issued_at = at.steady - std::chrono::milliseconds(now - *issued);
    document["access_token"].get_ref<std::string&>().assign(value->size(), '\0');  // wipe the parsed copy
    return token;
  }

  bool write_atomically(const std::string& dir, const std::string& file, const std::string& text) const {
    std::string temp = file + ".tmp-XXXXXX";
    detail::FileDescriptor fd(::mkstemp(temp.data()));  // O_EXCL, mode 0600
    if (fd.get() < 0) {
      report(file, "not cached: cannot create a temporary file in the cache directory: " + detail::os_reason(errno));
      return false;
    }
    const auto fail = [&](std::string_view step) {
      const int error = errno;
      ::unlink(temp.c_str());
      report(file, "not cached: " + std::string(step) + " failed: " + detail::os_reason(error));
      return false;
    };
    if (::fchmod(fd.get(), 0600) != 0) return fail("fchmod");
    for (std::size_t done = 0; done < text.size();) {
      const ssize_t wrote = ::write(fd.get(), text.data() + done, text.size() - done);
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote <= 0) return fail("write");
      done += static_cast<std::size_t>(wrote);
    }
    if (::fsync(fd.get()) != 0) return fail("fsync");
    if (!fd.close()) return fail("close");
    if (::rename(temp.c_str(), file.c_str()) != 0) return fail("rename");
    // The rename itself survives a crash once the directory is synced too.
    detail::FileDescriptor directory(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory.get() >= 0) ::fsync(directory.get());
    return true;
  }

  FileCacheSettings settings_;
  Observer* observer_ = nullptr;
};

}  // namespace oauth2cc
