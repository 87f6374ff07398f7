#pragma once

#include <cerrno>        // errno
#include <cstddef>       // size_t
#include <cstdio>        // FILE, fopen, fread, fclose, ferror
#include <string>        // string, to_string
#include <system_error>  // generic_category

#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc::detail {

// The whole content of a file, read at most `max_bytes` of it. On failure the
// message is only the reason ("No such file or directory", "larger than ...
// bytes"), for the caller to put after the setting and path it was reading,
// and never any of the content.
inline Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  const auto os_reason = [] { return std::generic_category().message(errno); };
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Failure{make_error_code(errc::invalid_configuration), os_reason()};

  // Sized once: growing the buffer would leave copies of a secret in freed memory.
  std::string content(max_bytes + 1, '\0');
  const std::size_t size = std::fread(content.data(), 1, content.size(), file);
  const bool failed = std::ferror(file) != 0;
  const std::string reason = failed ? os_reason() : std::string();
  std::fclose(file);
  if (failed) return Failure{make_error_code(errc::invalid_configuration), reason};
  if (size > max_bytes) {
    return Failure{make_error_code(errc::invalid_configuration),
                   "larger than " + std::to_string(max_bytes) + " bytes, so not the file meant"};
  }
  content.resize(size);
  return content;
}

}  // namespace oauth2cc::detail
