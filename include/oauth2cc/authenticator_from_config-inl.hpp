#pragma once

// The definition behind <oauth2cc/authenticator_from_config.hpp>: inline
// when header-only, compiled once into the oauth2cc::compiled library
// otherwise.

#include <memory>   // shared_ptr
#include <utility>  // move

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config/httplib_factories.hpp>
#include <oauth2cc/config/make_authenticator.hpp>
#include <oauth2cc/transport/httplib.hpp>

namespace oauth2cc {

OAUTH2CC_API AnyAuthenticator make_authenticator(const Config& config, std::shared_ptr<Observer> observer) {
  return make_authenticator(config, HttplibTransport(transport_settings(config)), std::move(observer));
}

}  // namespace oauth2cc
