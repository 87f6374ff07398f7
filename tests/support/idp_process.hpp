// Test support: runs tests/idp/idp.mjs (a real oidc-provider) as a child
// process for the lifetime of an IdpProcess object. POSIX only.
//
//   oauth2cc_test::IdpProcess idp(OAUTH2CC_IDP_SCRIPT);            // HTTP
//   oauth2cc_test::IdpProcess idps(OAUTH2CC_IDP_SCRIPT, true,
//                                  certs + "/server.pem",
//                                  certs + "/server.key", 2);      // HTTPS, 2 s tokens
//   idp.token_endpoint();   // "http://127.0.0.1:PORT/token"
//
// `node` is looked up on PATH; tests/idp must have been set up with `npm ci`.
// IdpOptions::command runs another program that speaks the same protocol (a
// JSON line with at least "issuer" and "token_endpoint" on stdout once
// listening, exit at EOF on stdin): tests/support/tls_token_server.cpp.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;  // NOLINT: POSIX, needed by posix_spawnp

namespace oauth2cc_test {

struct IdpOptions {
    std::string script;            // path to tests/idp/idp.mjs
    bool https = false;
    std::string cert_file;         // PEM, only with https
    std::string key_file;          // PEM, only with https
    int access_token_ttl = 300;    // seconds
    std::chrono::milliseconds startup_timeout{30000};
    std::chrono::milliseconds shutdown_timeout{5000};
    std::string node = "node";     // resolved via PATH
    std::vector<std::string> extra_args;  // appended to the command line, e.g. {"--clients", file}
    std::vector<std::string> command;     // instead of node and the script: program and arguments
};

class IdpProcess {
public:
    explicit IdpProcess(std::string script, bool https = false, std::string cert_file = {},
                        std::string key_file = {}, int access_token_ttl = 300)
        : IdpProcess(make_options(std::move(script), https, std::move(cert_file),
                                  std::move(key_file), access_token_ttl)) {}

    explicit IdpProcess(IdpOptions options) : options_(std::move(options)) {
        try {
            start();
        } catch (...) {
            // The destructor will not run for a half-constructed object. A
            // harness that failed to start may not honour stdin EOF: kill it.
            stop(/*graceful=*/false);
            throw;
        }
    }

    IdpProcess(const IdpProcess&) = delete;
    IdpProcess& operator=(const IdpProcess&) = delete;
    IdpProcess(IdpProcess&&) = delete;
    IdpProcess& operator=(IdpProcess&&) = delete;

    ~IdpProcess() { stop(); }

    [[nodiscard]] const std::string& issuer() const noexcept { return issuer_; }
    [[nodiscard]] const std::string& token_endpoint() const noexcept { return token_endpoint_; }
    [[nodiscard]] const std::string& protected_url() const noexcept { return protected_url_; }
    [[nodiscard]] const std::string& jwks_uri() const noexcept { return jwks_uri_; }
    // Accepts only DPoP-bound tokens with a valid proof; "-nonce" appended, it also demands its nonce.
    [[nodiscard]] const std::string& dpop_protected_url() const noexcept { return dpop_protected_url_; }
    [[nodiscard]] pid_t pid() const noexcept { return pid_; }

    // Everything the harness wrote to stderr so far (for test failure output).
    [[nodiscard]] std::string stderr_output() const { return read_log(); }

private:
    static IdpOptions make_options(std::string script, bool https, std::string cert_file,
                                   std::string key_file, int ttl) {
        IdpOptions o;
        o.script = std::move(script);
        o.https = https;
        o.cert_file = std::move(cert_file);
        o.key_file = std::move(key_file);
        o.access_token_ttl = ttl;
        return o;
    }

    static void close_fd(int& fd) noexcept {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }

    // Our ends must be close-on-exec so that children spawned concurrently
    // (other tests, other IdPs) do not inherit them: an inherited copy of the
    // stdin write end would keep the harness from ever seeing EOF. Also keep
    // them above 2 so the dup2 onto 0/1/2 in the child is never a no-op.
    static int cloexec_high(int fd) {
        const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
        const int saved = errno;
        ::close(fd);
        if (moved < 0) throw_errno("fcntl(F_DUPFD_CLOEXEC)", saved);
        return moved;
    }

    [[noreturn]] static void throw_errno(const std::string& what, int err) {
        throw std::runtime_error("oauth2cc_test::IdpProcess: " + what + ": " + std::strerror(err));
    }

    void make_pipe(int& read_end, int& write_end) {
        int fds[2];
        if (::pipe(fds) != 0) throw_errno("pipe", errno);
        read_end = cloexec_high(fds[0]);
        write_end = cloexec_high(fds[1]);
    }

    void open_log() {
        const char* tmp = std::getenv("TMPDIR");
        std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/oauth2cc-idp-XXXXXX";
        std::vector<char> buf(path.begin(), path.end());
        buf.push_back('\0');
        const int fd = ::mkstemp(buf.data());
        if (fd < 0) throw_errno("mkstemp(" + path + ")", errno);
        // Unlinked right away: nothing to clean up even if the test crashes.
        ::unlink(buf.data());
        log_fd_ = cloexec_high(fd);
    }

    [[nodiscard]] std::string read_log() const {
        std::string out;
        if (log_fd_ < 0) return out;
        char buf[4096];
        off_t off = 0;
        for (;;) {
            // pread: the child shares the file offset, so never move it.
            const ssize_t n = ::pread(log_fd_, buf, sizeof buf, off);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            out.append(buf, static_cast<std::size_t>(n));
            off += n;
        }
        constexpr std::size_t max_len = 16 * 1024;
        if (out.size() > max_len) out = "[...]" + out.substr(out.size() - max_len);
        return out;
    }

    [[nodiscard]] std::string command_line() const {
        std::string s;
        for (const auto& a : argv_) {
            if (!s.empty()) s += ' ';
            s += a;
        }
        return s;
    }

    [[noreturn]] void fail(const std::string& what) const {
        std::string msg = "oauth2cc_test::IdpProcess: " + what + "\n  command: " + command_line();
        const std::string log = read_log();
        if (!log.empty()) msg += "\n  harness stderr:\n" + log;
        if (options_.command.empty() && log.find("Cannot find package") != std::string::npos) {
            msg += "\n  hint: run `npm ci` in the directory of " + options_.script;
        }
        throw std::runtime_error(msg);
    }

    void start() {
        if (!options_.command.empty()) {
            argv_ = options_.command;
            launch();
            return;
        }
        if (options_.access_token_ttl < 1) {
            throw std::invalid_argument("oauth2cc_test::IdpProcess: access_token_ttl must be >= 1");
        }
        if (options_.https && (options_.cert_file.empty() || options_.key_file.empty())) {
            throw std::invalid_argument("oauth2cc_test::IdpProcess: https needs cert and key files");
        }

        argv_ = {options_.node, options_.script, "--port", "0", "--access-token-ttl",
                 std::to_string(options_.access_token_ttl)};
        if (options_.https) {
            argv_.insert(argv_.end(), {"--https", "--cert", options_.cert_file, "--key",
                                       options_.key_file});
        }
        argv_.insert(argv_.end(), options_.extra_args.begin(), options_.extra_args.end());
        launch();
    }

    // Runs argv_ and waits for its ready line.
    void launch() {
        open_log();
        int child_stdin = -1;
        int child_stdout = -1;
        make_pipe(child_stdin, stdin_w_);
        try {
            make_pipe(stdout_r_, child_stdout);
            spawn(child_stdin, child_stdout);
        } catch (...) {
            close_fd(child_stdin);
            close_fd(child_stdout);
            throw;
        }
        close_fd(child_stdin);
        close_fd(child_stdout);

        parse_ready_line(read_ready_line());
    }

    void spawn(int child_stdin, int child_stdout) {
        posix_spawn_file_actions_t fa;
        posix_spawnattr_t attr;
        if (int e = ::posix_spawn_file_actions_init(&fa); e != 0) throw_errno("posix_spawn", e);
        if (int e = ::posix_spawnattr_init(&attr); e != 0) {
            ::posix_spawn_file_actions_destroy(&fa);
            throw_errno("posix_spawnattr_init", e);
        }

        int err = ::posix_spawn_file_actions_adddup2(&fa, child_stdin, STDIN_FILENO);
        if (err == 0) err = ::posix_spawn_file_actions_adddup2(&fa, child_stdout, STDOUT_FILENO);
        if (err == 0) err = ::posix_spawn_file_actions_adddup2(&fa, log_fd_, STDERR_FILENO);

        // Do not pass on a blocked/ignored SIGTERM etc. from the test runner.
        sigset_t empty;
        sigset_t defaults;
        sigemptyset(&empty);
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGTERM);
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGPIPE);
        sigaddset(&defaults, SIGHUP);
        if (err == 0) err = ::posix_spawnattr_setsigmask(&attr, &empty);
        if (err == 0) err = ::posix_spawnattr_setsigdefault(&attr, &defaults);
        if (err == 0) {
            err = ::posix_spawnattr_setflags(
                &attr, static_cast<short>(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
        }

        std::vector<char*> argv;
        argv.reserve(argv_.size() + 1);
        for (auto& a : argv_) argv.push_back(a.data());
        argv.push_back(nullptr);

        if (err == 0) {
            err = ::posix_spawnp(&pid_, argv_.front().c_str(), &fa, &attr, argv.data(), environ);
            if (err != 0) pid_ = -1;
        }
        ::posix_spawn_file_actions_destroy(&fa);
        ::posix_spawnattr_destroy(&attr);
        if (err != 0) {
            throw_errno("cannot spawn '" + argv_.front() + "'" +
                            (options_.command.empty() ? " (is Node.js on PATH?)" : ""), err);
        }
    }

    std::string read_ready_line() {
        using clock = std::chrono::steady_clock;
        const auto deadline = clock::now() + options_.startup_timeout;
        std::string buf;
        for (;;) {
            if (const auto nl = buf.find('\n'); nl != std::string::npos) {
                return buf.substr(0, nl);
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - clock::now());
            if (left.count() <= 0) {
                fail("harness did not report readiness within " +
                     std::to_string(options_.startup_timeout.count()) + " ms");
            }
            pollfd p{stdout_r_, POLLIN, 0};
            const int r = ::poll(&p, 1, static_cast<int>(left.count()));
            if (r < 0) {
                if (errno == EINTR) continue;
                throw_errno("poll", errno);
            }
            if (r == 0) continue;  // deadline check above reports the timeout
            char chunk[1024];
            const ssize_t n = ::read(stdout_r_, chunk, sizeof chunk);
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                throw_errno("read", errno);
            }
            if (n == 0) {
                // stdout closed without a ready line: the harness died.
                fail("harness exited before becoming ready (" + reap_status() + ")");
            }
            buf.append(chunk, static_cast<std::size_t>(n));
        }
    }

    void parse_ready_line(const std::string& line) {
        try {
            const auto j = nlohmann::json::parse(line);
            issuer_ = j.at("issuer").get<std::string>();
            token_endpoint_ = j.at("token_endpoint").get<std::string>();
            // The IdP's own endpoints; a plain token endpoint (IdpOptions::command) has none.
            if (options_.command.empty()) {
                protected_url_ = j.at("protected").get<std::string>();
                jwks_uri_ = j.at("jwks_uri").get<std::string>();
                dpop_protected_url_ = j.at("dpop_protected").get<std::string>();
            }
        } catch (const nlohmann::json::exception& e) {
            fail("unexpected ready line '" + line + "': " + e.what());
        }
    }

    // Blocking reap; only used once the child is known to be exiting.
    std::string reap_status() {
        if (pid_ <= 0) return "not running";
        int status = 0;
        pid_t r;
        do {
            r = ::waitpid(pid_, &status, 0);
        } while (r < 0 && errno == EINTR);
        pid_ = -1;
        if (r < 0) return "exit status unknown";
        if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
        if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
        return "status " + std::to_string(status);
    }

    void stop(bool graceful = true) noexcept {
        // EOF on stdin is the harness's cue to shut down cleanly.
        close_fd(stdin_w_);
        if (pid_ > 0) {
            using clock = std::chrono::steady_clock;
            if (!graceful) ::kill(pid_, SIGTERM);
            const auto deadline =
                clock::now() + (graceful ? options_.shutdown_timeout : std::chrono::milliseconds(1000));
            bool reaped = false;
            while (!reaped) {
                int status = 0;
                const pid_t r = ::waitpid(pid_, &status, WNOHANG);
                if (r == pid_ || (r < 0 && errno != EINTR)) {
                    reaped = true;  // exited, or ECHILD (SIGCHLD ignored)
                } else if (clock::now() >= deadline) {
                    break;
                } else {
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
            }
            if (!reaped) {
                ::kill(pid_, SIGKILL);
                int status = 0;
                while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
                }
            }
            pid_ = -1;
        }
        close_fd(stdout_r_);
        close_fd(log_fd_);
    }

    IdpOptions options_;
    std::vector<std::string> argv_;
    pid_t pid_ = -1;
    int stdin_w_ = -1;
    int stdout_r_ = -1;
    int log_fd_ = -1;
    std::string issuer_;
    std::string token_endpoint_;
    std::string protected_url_;
    std::string jwks_uri_;
    std::string dpop_protected_url_;
};

}  // namespace oauth2cc_test
