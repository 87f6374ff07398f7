#pragma once

// FileCacheSettings: where FileCache keeps tokens between runs. Plain data of
// its own, so Config holds it (its `cache` block) without the file cache's
// POSIX and JSON code behind it.

#include <chrono>    // seconds
#include <cstdint>   // uint32_t
#include <optional>  // optional
#include <string>    // string

namespace oauth2cc {

struct FileCacheSettings {
  // Where the files go; empty means $XDG_CACHE_HOME/oauth2cc, else
  // $HOME/.cache/oauth2cc. Created 0700 when missing.
  std::string directory;
  // A cached token is used only while it has at least this much life left.
  std::chrono::seconds min_remaining{30};
  // The user id that must own the directory and the files; unset means the
  // process's effective user. Tests set it to see a foreign owner refused
  // without being root. A number rather than uid_t, so this header needs no
  // POSIX header (uid_t is 32 bits wide on Linux and macOS).
  std::optional<std::uint32_t> owner;
};

}  // namespace oauth2cc
