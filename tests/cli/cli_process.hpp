// Runs the real `oauth2cc` binary as a child process, as a user's shell
// would: arguments, extra environment variables, standard input; captures
// standard output, standard error and the exit code. POSIX only.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;  // NOLINT: POSIX, for posix_spawn

namespace oauth2cc_test {

struct CliRun {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

struct CliInput {
  std::vector<std::string> args;
  std::map<std::string, std::string> env;  // set (or replaced) in the child's environment
  std::vector<std::string> unset;          // removed from it
  std::string stdin_text;
};

class CliProcess {
 public:
  // The child is killed if it runs longer than this: a hung CLI fails the test.
  static constexpr std::chrono::seconds limit{60};

  static CliRun run(const std::string& binary, const CliInput& input) {
    Pipe in, out, err;
    std::vector<std::string> environment = environment_for(input);
    std::vector<char*> envp;
    for (auto& entry : environment) envp.push_back(entry.data());
    envp.push_back(nullptr);
    std::vector<std::string> args{binary};
    args.insert(args.end(), input.args.begin(), input.args.end());
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.read_end, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out.write_end, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.write_end, STDERR_FILENO);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("cannot run " + binary + ": " + std::strerror(spawned));
    in.close_read();
    out.close_write();
    err.close_write();

    // Standard input is small; write it all, then EOF.
    const std::string& text = input.stdin_text;
    for (std::size_t written = 0; written < text.size();) {
      const ssize_t n = ::write(in.write_end, text.data() + written, text.size() - written);
      if (n <= 0 && errno != EINTR) break;
      if (n > 0) written += static_cast<std::size_t>(n);
    }
    in.close_write();

    CliRun result;
    drain(pid, out.read_end, err.read_end, result);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
  }

 private:
  struct Pipe {
    int read_end = -1;
    int write_end = -1;
    Pipe() {
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
      read_end = fds[0];
      write_end = fds[1];
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    ~Pipe() {
      close_read();
      close_write();
    }
    void close_read() { close_fd(read_end); }
    void close_write() { close_fd(write_end); }
    static void close_fd(int& fd) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
  };

  static std::vector<std::string> environment_for(const CliInput& input) {
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text = *entry;
      const std::string name = text.substr(0, text.find('='));
      bool dropped = input.env.count(name) > 0;
      for (const auto& unset : input.unset) dropped = dropped || unset == name;
      if (!dropped) environment.push_back(text);
    }
    for (const auto& [name, value] : input.env) environment.push_back(name + "=" + value);
    return environment;
  }

  // Reads both pipes until both close, so neither can fill up and block the child.
  static void drain(pid_t pid, int out, int err, CliRun& result) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open = 2;
    while (open > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ::kill(pid, SIGKILL);
        result.err += "\n[test: oauth2cc killed after " + std::to_string(limit.count()) + " s]";
        return;
      }
      const int ready = ::poll(fds, 2, static_cast<int>(left.count()));
      if (ready < 0 && errno != EINTR) return;
      for (int i = 0; i < 2; ++i) {
        if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        char chunk[4096];
        const ssize_t n = ::read(fds[i].fd, chunk, sizeof chunk);
        if (n > 0) {
          sinks[i]->append(chunk, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          fds[i].fd = -1;
          --open;
        }
      }
    }
  }
};

}  // namespace oauth2cc_test
