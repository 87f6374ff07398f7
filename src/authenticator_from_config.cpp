// oauth2cc::compiled: make_authenticator(config), compiled once with the
// httplib transport, the signers and the file cache behind it
// (<oauth2cc/authenticator_from_config.hpp> declares it).
#include <oauth2cc/authenticator_from_config-inl.hpp>
