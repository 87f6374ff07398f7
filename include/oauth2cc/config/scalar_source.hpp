#pragma once

namespace oauth2cc {

// Where the scalars of a configuration document come from. JSON has types of
// its own; YAML arrives as text, so there a boolean or a number may be
// spelled as text ("true", "3").
enum class ScalarSource { json, text };

}  // namespace oauth2cc
