#pragma once

// Forward declarations, for headers that only name oauth2cc types.
namespace oauth2cc {

struct Token;
struct Failure;
class Error;
template <class T>
class Result;
class Secret;
struct SystemClock;
class ExpiryBuffer;
class RefreshAhead;
class Observer;
class ExponentialBackoff;
struct NoRetry;
struct NoCache;
class ClientCredentials;
class HttplibTransport;  // defined in <oauth2cc/transport/httplib.hpp>
class AnyAuthenticator;

}  // namespace oauth2cc
