#pragma once

// oauth2cc on gRPC C++ calls: `authorization: Bearer …` metadata on every
// call, and UNAUTHENTICATED fed back so a rejected token is replaced. Part of
// oauth2cc::grpc (CMake) / oauth2cc_grpc_dep (meson). Three ways in:
//
//  1. TLS channels: call credentials from bearer_call_credentials(), composed
//     with grpc::SslCredentials through grpc::CompositeChannelCredentials.
//     grpc hands call credentials no answer, so add
//     BearerInterceptorFactory(auth, BearerInterceptorFactory::report_only)
//     to the channel for the feedback.
//  2. Plaintext channels (in-cluster, grpc::InsecureChannelCredentials()):
//     grpc applies call credentials only on secure channels, so there the
//     BearerInterceptorFactory attaches the metadata itself (and feeds back).
//  3. Either channel, with one retry after UNAUTHENTICATED: call(auth, fn)
//     puts the metadata on a fresh ClientContext per attempt.
//
// `Auth` is an Authenticator<...> or an AnyAuthenticator (anything with
// try_header() and report_response()).

#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/interceptor.h>
#include <grpcpp/support/status.h>

#include <map>          // multimap
#include <memory>       // shared_ptr, unique_ptr, make_shared
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <oauth2cc/result.hpp>

namespace oauth2cc::adapters {

// The metadata key (gRPC wants lowercase) and the HTTP status a gRPC
// UNAUTHENTICATED stands for when it is reported to the authenticator.
inline constexpr const char* grpc_authorization_key = "authorization";
inline constexpr int grpc_unauthenticated_as_http = 401;

// grpc call credentials: each call asks `auth` for its header.
//
// IsBlocking() is false by default: grpc then calls GetMetadata() on the
// thread that starts the call instead of handing every call to its own
// thread pool. That is right for oauth2cc, whose cached path takes no lock
// and does no I/O; only a call that finds no valid token waits for the token
// request, as header() would. With start_background_refresh() even that
// happens only for the first token and after a rejection. Pass
// blocking = true if calls are started from threads that must never wait.
template <class Auth>
class BearerMetadataPlugin final : public grpc::MetadataCredentialsPlugin {
 public:
  explicit BearerMetadataPlugin(std::shared_ptr<Auth> auth, bool blocking = false)
      : auth_(std::move(auth)), blocking_(blocking) {}

  bool IsBlocking() const override { return blocking_; }
  const char* GetType() const override { return "oauth2cc"; }
  grpc::string DebugString() override { return "oauth2cc bearer token"; }

  grpc::Status GetMetadata(grpc::string_ref /*service_url*/, grpc::string_ref /*method_name*/,
                           const grpc::AuthContext& /*channel_auth_context*/,
                           std::multimap<grpc::string, grpc::string>* metadata) override {
    Result<std::string_view> header = auth_->try_header();
    if (!header) {
      // The call fails with this status; the message names the cause, not the secret.
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "oauth2cc could not obtain a token: " + header.message());
    }
    metadata->emplace(grpc_authorization_key, std::string(*header));
    return grpc::Status::OK;
  }

 private:
  std::shared_ptr<Auth> auth_;
  bool blocking_;
};

// Call credentials for a secure channel:
//   grpc::CompositeChannelCredentials(grpc::SslCredentials(ssl), bearer_call_credentials(auth))
// `auth` is shared: grpc keeps the credentials as long as any channel uses them.
template <class Auth>
std::shared_ptr<grpc::CallCredentials> bearer_call_credentials(std::shared_ptr<Auth> auth, bool blocking = false) {
  return grpc::MetadataCredentialsFromPlugin(std::make_unique<BearerMetadataPlugin<Auth>>(std::move(auth), blocking));
}

// Tells `auth` how a call that carried `sent_header` ended. True when the
// token was rejected and calling again with a new header makes sense.
template <class Auth>
bool report_status(Auth& auth, std::string_view sent_header, const grpc::Status& status) noexcept {
  if (status.error_code() != grpc::StatusCode::UNAUTHENTICATED || sent_header.empty()) return false;
  return auth.report_response(sent_header, grpc_unauthenticated_as_http);
}

// A client interceptor per call, for grpc::experimental::CreateCustomChannelWithInterceptors.
//   attach:      puts `authorization` in the call's metadata itself (the way
//                that works on plaintext channels) and reports UNAUTHENTICATED.
//   report_only: with bearer_call_credentials() on a secure channel, which
//                add the metadata below the interceptors: reports
//                UNAUTHENTICATED with the header that was current when the
//                call started, which is what the credentials sent unless the
//                token changed in the instant between.
// The rejected call itself is not sent again (an interceptor cannot); the
// next call carries the new token. Use call() to retry at once.
template <class Auth>
class BearerInterceptorFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  enum Mode { attach, report_only };

  explicit BearerInterceptorFactory(std::shared_ptr<Auth> auth, Mode mode = attach)
      : auth_(std::move(auth)), mode_(mode) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo* /*info*/) override {
    return new Interceptor(auth_, mode_);  // grpc owns and deletes it
  }

 private:
  class Interceptor final : public grpc::experimental::Interceptor {
   public:
    Interceptor(std::shared_ptr<Auth> auth, Mode mode) : auth_(std::move(auth)), mode_(mode) {}

    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
      using Hook = grpc::experimental::InterceptionHookPoints;
      if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_INITIAL_METADATA)) {
        Result<std::string_view> header = auth_->try_header();
        // Without a token the call goes out without one and the server says
        // UNAUTHENTICATED; an interceptor has no way to fail it here.
        if (header) {
          sent_.assign(*header);
          if (mode_ == attach) methods->GetSendInitialMetadata()->emplace(grpc_authorization_key, sent_);
        }
      }
      if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_STATUS)) {
        const grpc::Status* status = methods->GetRecvStatus();
        if (status != nullptr) (void)report_status(*auth_, sent_, *status);
      }
      methods->Proceed();
    }

   private:
    std::shared_ptr<Auth> auth_;
    Mode mode_;
    std::string sent_;
  };

  std::shared_ptr<Auth> auth_;
  Mode mode_;
};

struct NoConfiguration {
  void operator()(grpc::ClientContext& /*context*/) const noexcept {}
};

// Runs `rpc(context)` (a blocking stub call returning grpc::Status) with a
// fresh grpc::ClientContext carrying `authorization` metadata, on any
// channel. When the server answers UNAUTHENTICATED and a new token can help,
// the authenticator drops the rejected one (once, however many threads were
// rejected with it) and `rpc` runs once more with a new context and header.
// `configure(context)` sets deadlines and other metadata on each context.
//
// Without a token, nothing is sent and the status is UNAVAILABLE with the reason.
template <class Auth, class Rpc, class Configure = NoConfiguration>
grpc::Status call(Auth& auth, Rpc&& rpc, Configure&& configure = {}) {
  for (int attempt = 1;; ++attempt) {
    Result<std::string_view> header = auth.try_header();
    if (!header) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "oauth2cc could not obtain a token: " + header.message());
    const std::string sent(*header);
    grpc::ClientContext context;
    configure(context);
    context.AddMetadata(grpc_authorization_key, sent);
    grpc::Status status = rpc(context);
    if (!report_status(auth, sent, status) || attempt == 2) return status;
  }
}

}  // namespace oauth2cc::adapters
