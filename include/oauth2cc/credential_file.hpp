#pragma once

// Credentials kept in files (a mounted Kubernetes secret, a projected
// service-account token, a sidecar's token), read afresh on each use with
// oauth2cc's rules: bounded size, a line ending dropped, the path named in
// messages and the content never.

#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/detail/system/read_file.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>

namespace oauth2cc {

namespace detail {

// A client id or secret is a few dozen bytes; anything this big is the wrong file.
inline constexpr std::size_t max_credential_file_bytes = 64 * 1024;

// Drops one line ending ("\n" or "\r\n") at the end, the one `echo` and
// editors add. Nothing else is trimmed: spaces inside or around a secret are
// part of it.
inline void trim_one_line_ending(std::string& text) noexcept {
  if (text.ends_with("\r\n")) {
    text.resize(text.size() - 2);
  } else if (text.ends_with('\n')) {
    text.pop_back();
  }
}

}  // namespace detail

// Reads a credential (client_id_file, client_secret_file) afresh, so a
// rotated Kubernetes secret is used by the next token request. `setting`
// names the key in messages; the path is named, the content never.
inline Result<Secret> read_credential_file(const std::string& path, std::string_view setting) {
  Result<std::string> content = detail::read_file(path, detail::max_credential_file_bytes);
  if (!content) {
    return Failure{make_error_code(errc::credential_file_unusable),
                   "cannot read " + std::string(setting) + " " + path + ": " + content.message() +
                       "; check the path and that this process may read it (is the secret mounted?)"};
  }
  detail::trim_one_line_ending(*content);
  if (content->empty()) {
    return Failure{
        make_error_code(errc::credential_file_unusable),
        std::string(setting) + " " + path + " is empty; write the credential into it (a trailing newline is ignored)"};
  }
  return Secret(std::move(*content));
}

// Reads a token or client assertion that another program keeps in a file
// (the kubelet's projected service-account token, a sidecar's access token)
// afresh. White space around it is dropped: tokens hold none, and writers add
// newlines. `setting` names the key, `writer` what should have written the
// file, for the fix; the path is named, the content never.
inline Result<Secret> read_token_file(const std::string& path, std::string_view setting, std::string_view writer) {
  Result<std::string> content = detail::read_file(path, detail::max_credential_file_bytes);
  if (!content) {
    return Failure{make_error_code(errc::credential_file_unusable),
                   "cannot read " + std::string(setting) + " " + path + ": " + content.message() +
                       "; check the path and that this process may read it (is " + std::string(writer) +
                       " writing it, and the volume mounted?)"};
  }
  detail::trim_ascii_space(*content);
  if (content->empty()) {
    return Failure{make_error_code(errc::credential_file_unusable),
                   std::string(setting) + " " + path + " is empty; " + std::string(writer) +
                       " should have written a token into it (check that it runs)"};
  }
  return Secret(std::move(*content));
}

}  // namespace oauth2cc
