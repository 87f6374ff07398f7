// <oauth2cc/adapters/grpc_call.hpp> against a grpc++ server on 127.0.0.1 (one TLS
// port, one plaintext port) whose handler checks the `authorization`
// metadata. No protobuf: generic calls with raw ByteBuffers.
#include <doctest/doctest.h>

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <grpcpp/support/byte_buffer.h>

#include <oauth2cc/adapters/grpc_call.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_contract.hpp"

using namespace oauth2cc;
using oauth2cc_test::Answer;
using oauth2cc_test::Backend;
using oauth2cc_test::CountingIdp;
using oauth2cc_test::Sent;

namespace {

using Auth = Authenticator<ClientCredentials>;

std::string read_cert(const std::string& name) {
  std::ifstream file(std::string(OAUTH2CC_TEST_CERTS_DIR) + "/" + name);
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Echoes one message back when `backend` accepts the call's authorization
// metadata; otherwise UNAUTHENTICATED at once.
class GuardedEcho final : public grpc::CallbackGenericService {
 public:
  explicit GuardedEcho(Backend& backend) : backend_(backend) {}

  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* context) override {
    const auto& metadata = context->client_metadata();
    const auto found = metadata.find("authorization");
    const std::string authorization = found == metadata.end() ? "" : std::string(found->second.data(), found->second.size());
    return new Reactor(backend_.accepts(authorization));
  }

 private:
  class Reactor final : public grpc::ServerGenericBidiReactor {
   public:
    explicit Reactor(bool accepted) {
      if (accepted) {
        StartRead(&message_);
      } else {
        Finish(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "token rejected"));
      }
    }
    void OnReadDone(bool ok) override {
      if (!ok) {
        Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request"));
        return;
      }
      StartWriteAndFinish(&message_, grpc::WriteOptions(), grpc::Status::OK);
    }
    void OnDone() override { delete this; }

   private:
    grpc::ByteBuffer message_;
  };

  Backend& backend_;
};

class GrpcServer {
 public:
  explicit GrpcServer(Backend& backend) : service_(backend) {
    grpc::SslServerCredentialsOptions ssl;
    ssl.pem_key_cert_pairs.push_back({read_cert("server.key"), read_cert("server.pem")});
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(ssl), &tls_port_);
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &plain_port_);
    builder.RegisterCallbackGenericService(&service_);
    server_ = builder.BuildAndStart();
    REQUIRE(server_);
  }
  ~GrpcServer() { server_->Shutdown(); }

  std::string tls_target() const { return "127.0.0.1:" + std::to_string(tls_port_); }
  std::string plain_target() const { return "127.0.0.1:" + std::to_string(plain_port_); }

 private:
  GuardedEcho service_;
  int tls_port_ = 0;
  int plain_port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// One blocking unary call through the generic stub; the server's message, if
// any, in `answer`.
grpc::Status echo(grpc::GenericStub& stub, grpc::ClientContext& context, std::string* answer = nullptr) {
  const grpc::Slice slice(std::string("ping"));
  const grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/test.Echo/Echo", grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  std::vector<grpc::Slice> slices;
  if (answer != nullptr && response.Dump(&slices).ok()) {
    answer->clear();
    for (const grpc::Slice& part : slices) answer->append(reinterpret_cast<const char*>(part.begin()), part.size());
  }
  return status;
}

std::shared_ptr<grpc::Channel> tls_channel(const GrpcServer& server, std::shared_ptr<grpc::CallCredentials> call,
                                           std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
                                               interceptors = {}) {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = read_cert("ca.pem");
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      server.tls_target(), grpc::CompositeChannelCredentials(grpc::SslCredentials(ssl), std::move(call)),
      grpc::ChannelArguments(), std::move(interceptors));
}

std::shared_ptr<grpc::Channel> plain_channel(const GrpcServer& server, std::shared_ptr<Auth> auth) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<adapters::BearerInterceptorFactory<Auth>>(std::move(auth)));
  return grpc::experimental::CreateCustomChannelWithInterceptors(server.plain_target(), grpc::InsecureChannelCredentials(),
                                                                 grpc::ChannelArguments(), std::move(interceptors));
}

// adapters::call() on a plaintext channel: one stub for all threads.
struct GrpcDriver {
  static constexpr std::string_view accepted_body = "ping";  // echoed
  GrpcServer server;
  grpc::GenericStub stub;

  explicit GrpcDriver(Backend& backend)
      : server(backend), stub(grpc::CreateChannel(server.plain_target(), grpc::InsecureChannelCredentials())) {}

  template <class A>
  Sent send(A& auth, const std::function<void()>& before_first = {}) {
    Sent sent;
    const grpc::Status status = adapters::call(auth, [&](grpc::ClientContext& context) {
      if (++sent.attempts == 1 && before_first) before_first();
      return echo(stub, context, &sent.body);
    });
    // UNAUTHENTICATED stands for HTTP's 401; call() says UNAVAILABLE, with this prefix, when it had no token.
    if (status.ok()) {
      sent.answer = Answer::accepted;
    } else if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
      sent.answer = Answer::rejected;
    } else if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
               status.error_message().starts_with("oauth2cc could not obtain a token: ")) {
      sent.answer = Answer::no_token;
    }
    if (!status.ok()) sent.failure = std::to_string(static_cast<int>(status.error_code())) + " " + status.error_message();
    return sent;
  }
};

}  // namespace

TYPE_TO_STRING(GrpcDriver);

TEST_SUITE("grpc adapter") {
  OAUTH2CC_ADAPTER_CONTRACT(GrpcDriver);

  TEST_CASE("the metadata arrives over TLS with call credentials composed with SslCredentials") {
    CountingIdp idp;
    Backend backend;
    GrpcServer server(backend);
    auto auth = std::make_shared<Auth>(ClientCredentials(idp.url(), "id", "secret"));
    grpc::GenericStub stub(tls_channel(server, adapters::bearer_call_credentials(auth)));

    grpc::ClientContext context;
    const grpc::Status status = echo(stub, context);
    CHECK(status.error_code() == grpc::StatusCode::OK);
    CHECK(backend.last_authorization() == "Bearer token-1");
    CHECK(idp.requests() == 1);
  }

  TEST_CASE("the metadata arrives over plaintext through the interceptor") {
    CountingIdp idp;
    Backend backend;
    GrpcServer server(backend);
    auto auth = std::make_shared<Auth>(ClientCredentials(idp.url(), "id", "secret"));
    grpc::GenericStub stub(plain_channel(server, auth));

    grpc::ClientContext context;
    CHECK(echo(stub, context).error_code() == grpc::StatusCode::OK);
    CHECK(backend.last_authorization() == "Bearer token-1");
    CHECK(idp.requests() == 1);
  }

  TEST_CASE("plaintext: call credentials are not sent, which is why the interceptor exists") {
    CountingIdp idp;
    Backend backend;
    GrpcServer server(backend);
    auto auth = std::make_shared<Auth>(ClientCredentials(idp.url(), "id", "secret"));
    grpc::GenericStub stub(grpc::CreateChannel(server.plain_target(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_credentials(adapters::bearer_call_credentials(auth));
    const grpc::Status status = echo(stub, context);
    // grpc 1.51 fails the call on the client; either way no token reaches the server.
    CHECK(status.error_code() != grpc::StatusCode::OK);
    CHECK(backend.last_authorization().empty());
    MESSAGE("call credentials on a plaintext channel: ", status.error_code(), " ", status.error_message());
  }

  // The interceptors cannot send again: the next call carries the new token.
  // call(), which does send again, is the contract's.
  TEST_CASE("a revoked token is replaced after one UNAUTHENTICATED") {
    CountingIdp idp;
    Backend backend;
    backend.revoke("token-1");
    GrpcServer server(backend);
    auto auth = std::make_shared<Auth>(ClientCredentials(idp.url(), "id", "secret"));

    SUBCASE("TLS call credentials with the report-only interceptor: the next call succeeds") {
      std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
      interceptors.push_back(std::make_unique<adapters::BearerInterceptorFactory<Auth>>(
          auth, adapters::BearerInterceptorFactory<Auth>::report_only));
      grpc::GenericStub stub(tls_channel(server, adapters::bearer_call_credentials(auth), std::move(interceptors)));
      grpc::ClientContext first;
      CHECK(echo(stub, first).error_code() == grpc::StatusCode::UNAUTHENTICATED);
      grpc::ClientContext second;
      CHECK(echo(stub, second).error_code() == grpc::StatusCode::OK);
      CHECK(backend.requests() == 2);
    }
    SUBCASE("the plaintext interceptor: the next call succeeds") {
      grpc::GenericStub stub(plain_channel(server, auth));
      grpc::ClientContext first;
      CHECK(echo(stub, first).error_code() == grpc::StatusCode::UNAUTHENTICATED);
      grpc::ClientContext second;
      CHECK(echo(stub, second).error_code() == grpc::StatusCode::OK);
      CHECK(backend.requests() == 2);
    }
    CHECK(backend.rejected() == 1);
    CHECK(backend.last_authorization() == "Bearer token-2");
    CHECK(idp.requests() == 2);
  }

  TEST_CASE("no token: nothing reaches the server and the status says why") {
    Backend backend;
    GrpcServer server(backend);
    oauth2cc_test::ProtectedResource not_an_idp(backend);
    auto auth = std::make_shared<Auth>(ClientCredentials(oauth2cc_test::missing_token_endpoint(not_an_idp), "id", "secret"));

    // Through call credentials; call() is the contract's.
    grpc::GenericStub stub(tls_channel(server, adapters::bearer_call_credentials(auth)));
    grpc::ClientContext context;
    const grpc::Status status = echo(stub, context);
    CHECK(status.error_code() == grpc::StatusCode::UNAVAILABLE);
    CHECK(status.error_message().find("oauth2cc could not obtain a token: ") != std::string::npos);
    CHECK(backend.requests() == 0);
  }
}
