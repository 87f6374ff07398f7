#pragma once

// From a Config (the collector's oauth2client keys) to a ready authenticator
// on the cpp-httplib transport, in one call:
//
//   auto config = oauth2cc::load_config_file("collector.yaml", "mlflow").value();
//   oauth2cc::AnyAuthenticator auth = oauth2cc::make_authenticator(config);
//   request.headers.emplace("Authorization", auth.header());
//
// This header declares; the definitions (httplib, OpenSSL, JSON) are in
// authenticator_from_config-inl.hpp, included below when header-only and
// compiled once into the oauth2cc::compiled library otherwise. DPoP from a
// Config: make_dpop_authenticator in <oauth2cc/config/httplib_factories.hpp>.

#include <memory>  // shared_ptr

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/detail/system/linkage.hpp>
#include <oauth2cc/observer.hpp>

namespace oauth2cc {

// make_authenticator(config, transport) of <oauth2cc/config/make_authenticator.hpp>
// on HttplibTransport with the Config's tls settings: read there what each
// Config becomes. Throws oauth2cc::Error (invalid_configuration) for a Config
// that lacks what its source needs.
OAUTH2CC_API AnyAuthenticator make_authenticator(const Config& config, std::shared_ptr<Observer> observer = {});

}  // namespace oauth2cc

#if !defined(OAUTH2CC_COMPILED_LIB)
#include <oauth2cc/authenticator_from_config-inl.hpp>
#endif
