#pragma once

// Library version; bumped by releases, checked by the package config files.
#define OAUTH2CC_VERSION_MAJOR 0
#define OAUTH2CC_VERSION_MINOR 1
#define OAUTH2CC_VERSION_PATCH 0
#define OAUTH2CC_VERSION_STRING "0.1.0"
