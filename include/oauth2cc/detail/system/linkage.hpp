#pragma once

// OAUTH2CC_API marks the functions that the compiled library defines once.
// Header-only (the default) they are inline, defined in the -inl.hpp header
// next to their declaration. With OAUTH2CC_COMPILED_LIB, which the
// oauth2cc::compiled target sets, they are only declared, and src/ defines
// them in that library, so the JSON, HTTP and TLS code behind them is
// compiled once instead of in every translation unit.

#if defined(OAUTH2CC_COMPILED_LIB)
#define OAUTH2CC_API
#else
#define OAUTH2CC_API inline
#endif
