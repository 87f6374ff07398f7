#include "random.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace oauth2cc_demo {

void random_bytes(unsigned char* out, std::size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1) throw std::runtime_error("OpenSSL could not produce random bytes");
}

std::string random_hex(std::size_t bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::vector<unsigned char> raw(bytes);
  random_bytes(raw.data(), raw.size());
  std::string text;
  text.reserve(2 * bytes);
  for (unsigned char byte : raw) {
    text += digits[byte >> 4];
    text += digits[byte & 0x0f];
  }
  return text;
}

}  // namespace oauth2cc_demo
