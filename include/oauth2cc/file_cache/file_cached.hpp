#pragma once

#include <optional>  // optional
#include <utility>   // move

#include <oauth2cc/file_cache/file_cache.hpp>
#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// A TokenSource that first looks in a FileCache: a process started again
// within a token's lifetime reuses the token an earlier run fetched instead
// of asking the IdP. A token this instance already handed out is never
// handed out again from the file, so a refresh, or an invalidate() after a
// 401, really fetches a new token (and replaces the file's).
//
//   Authenticator auth(FileCached(ClientCredentials(url, id, secret)));
template <class Source>
class FileCached {
 public:
  FileCached(Source source, FileCacheKey key, FileCacheSettings settings = {})
      : source_(std::move(source)), key_(std::move(key)), cache_(std::move(settings)) {}

  // The key of a ClientCredentials source comes from its settings.
  explicit FileCached(Source source, FileCacheSettings settings = {})
    requires requires(const Source& s) { file_cache_key(s.settings()); }
      : source_(std::move(source)), key_(file_cache_key(source_.settings())), cache_(std::move(settings)) {}

  template <HttpTransport Transport>
    requires TokenSource<Source, Transport>
  Result<Token> fetch(Transport& transport, const Instant& at) {
    if (std::optional<Token> cached = cache_.load(key_, at)) {
      if (cached->value != handed_out_.reveal()) {
        handed_out_ = Secret(cached->value);
        return std::move(*cached);
      }
      secure_wipe(cached->value);
    }
    Result<Token> token = source_.fetch(transport, at);
    if (!token) return token;
    cache_.store(key_, *token, at);
    handed_out_ = Secret(token->value);
    return token;
  }

  // Cache problems go to the observer; so do the source's events, if it has any.
  void set_observer(Observer* observer) noexcept {
    cache_.set_observer(observer);
    if constexpr (Observable<Source>) source_.set_observer(observer);
  }

  const FileCache& cache() const noexcept { return cache_; }
  const FileCacheKey& key() const noexcept { return key_; }
  Source& source() noexcept { return source_; }

 private:
  Source source_;
  FileCacheKey key_;
  FileCache cache_;
  Secret handed_out_;  // the last token this instance returned
};

static_assert(TokenSource<FileCached<ClientCredentials>, detail::ArchetypeTransport>);
static_assert(Observable<FileCached<ClientCredentials>>);

}  // namespace oauth2cc
