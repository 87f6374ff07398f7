#pragma once

// A TokenSource for an access token that another program keeps in a file: a
// sidecar (Vault agent, an IdP's agent, a cron job) that fetches and rotates
// the token, while the exporter only presents it.
//
//   Authenticator auth{TokenFile("/var/run/secrets/token", std::chrono::seconds(30))};

#include <atomic>        // atomic
#include <cerrno>        // errno
#include <chrono>        // seconds
#include <cstdint>       // uint64_t
#include <optional>      // optional
#include <string>        // string
#include <string_view>   // string_view
#include <system_error>  // error_code, generic_category
#include <utility>       // move

#if defined(__unix__) || defined(__APPLE__)
#include <sys/stat.h>  // stat
#else
#include <filesystem>  // file_size, last_write_time
#endif

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/credential_file.hpp>
#include <oauth2cc/detail/token/handed_token.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

namespace detail {

// What tells one version of a file from the next without reading it: device,
// inode (a writer that renames a new file into place, as the kubelet and most
// sidecars do, changes it), size and modification time.
struct FileVersion {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;

  friend bool operator==(const FileVersion&, const FileVersion&) = default;
};

// The version of the file at `path` (following symbolic links, as Kubernetes
// volumes are), or the operating system's reason it has none.
inline Result<FileVersion> file_version(const std::string& path) {
#if defined(__unix__) || defined(__APPLE__)
  struct ::stat status {};
  if (::stat(path.c_str(), &status) != 0) {
    return Failure{make_error_code(errc::credential_file_unusable), std::generic_category().message(errno)};
  }
#if defined(__APPLE__)
  const auto& modified = status.st_mtimespec;
#else
  const auto& modified = status.st_mtim;
#endif
  return FileVersion{static_cast<std::uint64_t>(status.st_dev), static_cast<std::uint64_t>(status.st_ino),
                     static_cast<std::uint64_t>(status.st_size),
                     static_cast<std::int64_t>(modified.tv_sec) * 1'000'000'000 + modified.tv_nsec};
#else
  // Without stat(): size and modification time only.
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return Failure{make_error_code(errc::credential_file_unusable), error.message()};
  const auto modified = std::filesystem::last_write_time(path, error);
  if (error) return Failure{make_error_code(errc::credential_file_unusable), error.message()};
  return FileVersion{0, 0, static_cast<std::uint64_t>(size),
                     static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                   modified.time_since_epoch())
                                                   .count())};
#endif
}

}  // namespace detail

// Presents the token in the file at `path`, re-read when the file changes.
//
// Expiry: the Authenticator's hot path reads memory only, so the file can be
// looked at only when the Authenticator asks this source for a token, which
// it does when the served token is due. Each token is therefore served for
// at most `recheck_interval` (60 s by default), and never past its JWT `exp`
// claim when it is a JWT: the Authenticator comes back within that interval
// (RefreshAhead: at 80% of it) and a rewritten file is picked up then. A
// check costs one stat(); the content is read again only when the file's
// inode, size or modification time changed. A writer should replace the
// file by renaming a new one into place; one that rewrites it in place with
// a token of the same size within the file system's timestamp granularity
// is seen only at its next change.
//
// Failures: credential_file_unusable (missing, unreadable, empty),
// invalid_token_characters, token_expired (a JWT whose exp has passed: the
// writer has stopped). The Authenticator keeps serving the last token until
// its expiry while the file is being replaced.
class TokenFile {
 public:
  // Throws oauth2cc::Error (invalid_configuration) for an empty path or a
  // recheck_interval that is not positive. The file is first read by fetch.
  explicit TokenFile(std::string path, std::chrono::seconds recheck_interval = std::chrono::seconds(60))
      : path_(std::move(path)), recheck_interval_(recheck_interval) {
    if (path_.empty()) throw Error(errc::invalid_configuration, "token_file is an empty path");
    if (recheck_interval_.count() <= 0) {
      throw Error(errc::invalid_configuration, "token_file: recheck_interval must be positive, e.g. 60s");
    }
  }
  TokenFile(TokenFile&& other) noexcept
      : path_(std::move(other.path_)),
        recheck_interval_(other.recheck_interval_),
        version_(other.version_),
        token_(std::move(other.token_)),
        reads_(other.reads_.load(std::memory_order_relaxed)) {}

  // The Authenticator calls fetch from one thread at a time.
  template <HttpTransport Transport>
  Result<Token> fetch(Transport& /*unused: no request is sent*/, const Instant& at) {
    Result<detail::FileVersion> version = detail::file_version(path_);
    if (!version) {
      return Failure{version.error(), "cannot read token_file " + path_ + ": " + version.message() +
                                          "; check the path and that this process may read it (is " +
                                          std::string(writer) + " writing it, and the volume mounted?)"};
    }
    if (!version_ || *version_ != *version) {
      Result<Secret> token = read_token_file(path_, "token_file", writer);
      reads_.fetch_add(1, std::memory_order_relaxed);
      if (!token) return std::move(token).failure();
      token_ = std::move(*token);
      version_ = *version;
    }
    return detail::handed_token(std::string(token_.reveal()), at, recheck_interval_, "token_file " + path_,
                                std::string(writer) + " should replace it before it expires: check that it runs");
  }

  const std::string& path() const noexcept { return path_; }
  std::chrono::seconds recheck_interval() const noexcept { return recheck_interval_; }
  // How often the file's content was read (a check that found it unchanged
  // only stat()s it): for tests and diagnostics.
  std::uint64_t reads() const noexcept { return reads_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::string_view writer = "the sidecar that keeps the token";

  std::string path_;
  std::chrono::seconds recheck_interval_;
  std::optional<detail::FileVersion> version_;  // of the file token_ was read from
  Secret token_;
  std::atomic<std::uint64_t> reads_{0};
};

static_assert(TokenSource<TokenFile, detail::ArchetypeTransport>);

}  // namespace oauth2cc
