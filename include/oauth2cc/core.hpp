#pragma once

// The core: an Authenticator, the token sources, caches in memory and retry,
// with your own HttpTransport. It includes neither httplib nor OpenSSL.
//
// Opt-in, each its own include, so a translation unit pays only for what it
// uses (see the README's compile-cost table):
//   <oauth2cc/config.hpp>              configuration files (JSON)
//   <oauth2cc/file_cache/file_cached.hpp>   tokens kept in files between runs
//   <oauth2cc/testing.hpp>             MockTransport, ManualClock, ... for tests
//   <oauth2cc/jwt/*.hpp>               JWT signing and DPoP (OpenSSL)
//   <oauth2cc/adapters/*.hpp>          plugging tokens into curl, gRPC, httplib

#include <oauth2cc/version.hpp>

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator_stats.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/cache/no_cache.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/retry/exponential_backoff.hpp>
#include <oauth2cc/retry/no_retry.hpp>
#include <oauth2cc/retry/retry_policy.hpp>
#include <oauth2cc/retry/sleeper.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>
#include <oauth2cc/source/client_assertion_file.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/source/discovered_client_credentials.hpp>
#include <oauth2cc/source/discovery.hpp>
#include <oauth2cc/source/jwt_bearer.hpp>
#include <oauth2cc/source/static_token.hpp>
#include <oauth2cc/source/subject_token.hpp>
#include <oauth2cc/source/token_client.hpp>
#include <oauth2cc/source/token_exchange.hpp>
#include <oauth2cc/source/token_file.hpp>
#include <oauth2cc/token.hpp>
