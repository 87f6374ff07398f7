#pragma once

// Configuration: the OpenTelemetry Collector's oauth2client keys.
//   <oauth2cc/config/types.hpp>        Config, plain data
//   <oauth2cc/config/load.hpp>         a Config from JSON text or a JSON file
//   <oauth2cc/config/json_reader.hpp>  a Config from a parsed JSON document
//   <oauth2cc/config/factories.hpp>    token sources, cache and retry settings from a Config
// YAML files: <oauth2cc/config_yaml.hpp>. An authenticator from a Config:
// <oauth2cc/authenticator_from_config.hpp>.

#include <oauth2cc/config/factories.hpp>
#include <oauth2cc/config/json_reader.hpp>
#include <oauth2cc/config/load.hpp>
#include <oauth2cc/config/types.hpp>
