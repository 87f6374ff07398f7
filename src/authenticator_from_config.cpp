// oauth2cc::compiled: make_authenticator and make_token_source_authenticator,
// compiled once with the httplib transport, the signers and the file cache
// behind them (<oauth2cc/authenticator_from_config.hpp> declares them).
#include <oauth2cc/authenticator_from_config-inl.hpp>
