// Runs inputs through the harnesses without libFuzzer, so that every build,
// g++ or clang, replays the checked-in corpora as tests:
//   fuzz_replay <harness> <file or directory>...
// Each harness is compiled here with LLVMFuzzerTestOneInput renamed to
// fuzz_<harness>_one_input (see CMakeLists.txt). A broken invariant traps.

#include <algorithm>    // sort
#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <cstdio>       // printf, fprintf
#include <filesystem>   // directory_iterator, is_directory
#include <fstream>      // ifstream
#include <iterator>     // istreambuf_iterator
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

extern "C" int fuzz_token_response_one_input(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_oauth_error_one_input(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_jwt_claims_one_input(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_duration_one_input(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_expand_env_one_input(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_config_json_one_input(const std::uint8_t* data, std::size_t size);

namespace {

struct Harness {
  std::string_view name;
  int (*run)(const std::uint8_t*, std::size_t);
};

constexpr Harness harnesses[] = {
    {"token_response", fuzz_token_response_one_input}, {"oauth_error", fuzz_oauth_error_one_input},
    {"jwt_claims", fuzz_jwt_claims_one_input},         {"duration", fuzz_duration_one_input},
    {"expand_env", fuzz_expand_env_one_input},         {"config_json", fuzz_config_json_one_input},
};

// The files named, and the files directly inside the directories named, in a stable order.
std::vector<std::filesystem::path> inputs(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 2; i < argc; ++i) {
    const std::filesystem::path path = argv[i];
    if (!std::filesystem::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::filesystem::path> inside;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      if (entry.is_regular_file()) inside.push_back(entry.path());
    }
    std::sort(inside.begin(), inside.end());
    files.insert(files.end(), inside.begin(), inside.end());
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  const Harness* harness = nullptr;
  for (const auto& h : harnesses) {
    if (argc > 1 && h.name == argv[1]) harness = &h;
  }
  if (harness == nullptr || argc < 3) {
    std::fprintf(stderr, "usage: fuzz_replay <harness> <file or directory>...\nharnesses:");
    for (const auto& h : harnesses) std::fprintf(stderr, " %.*s", static_cast<int>(h.name.size()), h.name.data());
    std::fprintf(stderr, "\n");
    return 2;
  }

  const std::vector<std::filesystem::path> files = inputs(argc, argv);
  if (files.empty()) {
    std::fprintf(stderr, "fuzz_replay: no inputs found; a corpus must not be empty\n");
    return 1;
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "fuzz_replay: cannot read %s\n", file.c_str());
      return 1;
    }
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::printf("%s (%zu bytes)\n", file.c_str(), bytes.size());
    std::fflush(stdout);  // the name must be out before a trap ends the process
    // libFuzzer's contract: 0, or -1 to keep an input out of the corpus.
    const int status = harness->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (status != 0 && status != -1) {
      std::fprintf(stderr, "fuzz_replay: harness returned %d\n", status);
      return 1;
    }
  }
  std::printf("%zu inputs replayed through %.*s, every invariant held\n", files.size(),
              static_cast<int>(harness->name.size()), harness->name.data());
  return 0;
}
