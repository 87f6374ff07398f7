#pragma once

// The core: everything but the cpp-httplib transport. Bring your own
// HttpTransport and this is all you need; it includes neither httplib nor
// OpenSSL.

#include <oauth2cc/version.hpp>

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator_stats.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/cache/file_cache.hpp>
#include <oauth2cc/cache/file_cached.hpp>
#include <oauth2cc/cache/no_cache.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/config.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/retry/exponential_backoff.hpp>
#include <oauth2cc/retry/no_retry.hpp>
#include <oauth2cc/retry/retry_policy.hpp>
#include <oauth2cc/retry/sleeper.hpp>
#include <oauth2cc/retrying_transport.hpp>
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
#include <oauth2cc/testing.hpp>
#include <oauth2cc/token.hpp>
