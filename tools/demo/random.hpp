#pragma once

// Randomness for keys, secrets and ids, from OpenSSL's CSPRNG.

#include <cstddef>
#include <string>

namespace oauth2cc_demo {

void random_bytes(unsigned char* out, std::size_t size);

// `bytes` random bytes as lowercase hex (twice as many characters).
std::string random_hex(std::size_t bytes);

}  // namespace oauth2cc_demo
