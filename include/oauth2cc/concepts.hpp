#pragma once

#include <concepts>  // same_as

#include <oauth2cc/clock.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// Sends a form POST and returns the response, or a Failure for anything that
// kept an HTTP response from arriving (connect, TLS, timeout, size cap).
// An HTTP error status is a response, not a Failure.
template <class T>
concept HttpTransport = requires(T& transport, const HttpRequest& request) {
  { transport.post_form(request) } -> std::same_as<Result<HttpResponse>>;
};

// A transport that can GET (HttplibTransport, RetryingTransport and
// MockTransport can): for OIDC discovery (<oauth2cc/source/discovery.hpp>).
// Token requests need only post_form, so this is not part of HttpTransport
// (and discover() needs only get).
template <class T>
concept HttpGetTransport = requires(T& transport, const HttpRequest& request) {
  { transport.get(request) } -> std::same_as<Result<HttpResponse>>;
};

// A transport that adds a DPoP proof (RFC 9449) to each token request, such
// as DpopTransport: the source then accepts DPoP-bound tokens.
template <class T>
concept SendsDpopProofs = requires {
  requires T::sends_dpop_proofs;
};

// Where tokens come from: one call, one token (or the reason there is none).
// `at` is when the request starts; the source derives the expiry from it.
template <class S, class Transport>
concept TokenSource = HttpTransport<Transport> && requires(S& source, Transport& transport, const Instant& at) {
  { source.fetch(transport, at) } -> std::same_as<Result<Token>>;
};

// Decides, once per token, when it must be refreshed. The Authenticator
// serves the cached token until then and fetches a new one after.
template <class P>
concept CachePolicy = requires(const P& policy, const Token& token) {
  { policy.refresh_at(token) } -> std::same_as<SteadyTime>;
};

// Time, injectable so tests control it (ManualClock in testing.hpp).
template <class C>
concept Clock = requires(const C& clock) {
  { clock.now() } -> std::same_as<SteadyTime>;
  { clock.wall_now() } -> std::same_as<WallTime>;
};

namespace detail {

// The least a transport can be; shipped sources are checked against it so a
// source never depends on more than the concept promises.
struct ArchetypeTransport {
  Result<HttpResponse> post_form(const HttpRequest&) { return HttpResponse{}; }
};

}  // namespace detail

static_assert(HttpTransport<detail::ArchetypeTransport>);
static_assert(Clock<SystemClock>);

}  // namespace oauth2cc
