// oauth2cc::compiled: config_from_json_text and config_from_json_file,
// compiled once (<oauth2cc/config/load.hpp> declares them).
#include <oauth2cc/config/load-inl.hpp>
