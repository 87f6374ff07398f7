#pragma once
// A vocabulary header that includes an umbrella: tools/check_layers.py must refuse it.
#include <oauth2cc/core.hpp>
