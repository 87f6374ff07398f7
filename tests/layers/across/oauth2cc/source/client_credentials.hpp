#pragma once
// A token source that includes a signer: parts are independent unless
// docs/architecture.md allows it, and it does not allow source/ -> jwt/.
#include <oauth2cc/jwt/dpop.hpp>
