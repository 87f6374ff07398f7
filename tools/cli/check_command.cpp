// oauth2cc check: the troubleshooting steps a user would do by hand with env,
// dig, nc, openssl s_client and curl, each reported on its own line.

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config/httplib_factories.hpp>
#include <oauth2cc/credential_file.hpp>
#include <oauth2cc/url.hpp>

#include <openssl/x509.h>

#include "check_report.hpp"
#include "commands.hpp"
#include "fixes.hpp"
#include "jwt.hpp"
#include "network_probe.hpp"
#include "settings.hpp"
#include "time_text.hpp"
#include "tls_probe.hpp"
#include "token_request.hpp"

namespace oauth2cc::cli {

namespace {

constexpr std::chrono::milliseconds default_timeout{10'000};

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

template <class Visit>
void for_each_string(const nlohmann::json& node, const std::string& path, const Visit& visit) {
  if (node.is_object()) {
    for (const auto& item : node.items()) {
      for_each_string(item.value(), path.empty() ? item.key() : path + "." + item.key(), visit);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) for_each_string(node[i], path + "[" + std::to_string(i) + "]", visit);
  } else if (node.is_string()) {
    visit(path, node.get_ref<const std::string&>());
  }
}

// One line per ${env:VAR} the block refers to: set or not, and the length of
// the value, never the value.
void check_environment(const MergedBlock& merged, CheckReport& report) {
  for_each_string(merged.block, "", [&report](const std::string& key, const std::string& value) {
    if (value.find("${") == std::string::npos) return;
    Result<EnvExpansion> expanded = expand_env_references(value);
    if (!expanded) {
      const std::string flags = flags_for_keys(key + ":");
      report.fail(key + " from the environment", expanded.message(),
                  "set the variable where this runs (for the collector: its container's env, e.g. from a "
                  "Kubernetes secret)" + (flags.empty() ? std::string() : "; " + flags),
                  ExitCode::usage);
      return;
    }
    for (const std::string& variable : expanded->variables) {
      const std::string step = key + " from ${env:" + variable + "}";
      const char* set = std::getenv(variable.c_str());
      if (set == nullptr) {
        report.pass(step, "not set; the default written after :- is used");
      } else if (*set == '\0') {
        report.fail(step, "set but empty", "put the value into " + variable, ExitCode::usage);
      } else {
        report.pass(step, "set (" + std::to_string(std::strlen(set)) + " chars)");
      }
    }
  });
}

std::string method_names(const std::vector<AuthMethod>& methods) {
  std::vector<std::string> names;
  for (const AuthMethod method : methods) names.emplace_back(to_string(method));
  return joined(names);
}

// What proves the client, without its value.
std::string client_credential(const Config& config) {
  switch (config.auth_method) {
    case AuthMethod::none: return ", no client secret";
    case AuthMethod::private_key_jwt:
      return config.client_assertion_file.empty() ? ", private_key_file set" : ", client_assertion_file set";
    case AuthMethod::tls_client_auth:
    case AuthMethod::self_signed_tls_client_auth: return ", client certificate tls.cert_file";
    case AuthMethod::client_secret_basic:
    case AuthMethod::client_secret_post:
    case AuthMethod::client_secret_jwt: break;
  }
  return config.client_secret_file.empty() ? ", client_secret set" : ", client_secret from a file";
}

// The grant, when it is not client_credentials, and what it sends.
std::string grant(const Config& config) {
  switch (config.grant) {
    case GrantKind::jwt_bearer:
      return ", grant_type jwt-bearer signed with " + std::string(config.jwt_bearer.key_file.empty()
                                                                     ? "client_certificate_key"
                                                                     : "client_certificate_key_file");
    case GrantKind::token_exchange:
      return ", grant_type token-exchange of the subject token " +
             std::string(config.token_exchange.subject_token_file.empty() ? "set" : "from a file");
    case GrantKind::client_credentials: break;
  }
  return {};
}

std::string describe(const Config& config, const MergedBlock& merged) {
  std::string text = merged.where + (uses_discovery(config) ? ": issuer " + config.issuer + " (token endpoint discovered)"
                                                            : ": token_url " + config.token_url);
  text += grant(config);
  text += config.client_id_file.empty() ? ", client_id " + config.client_id : ", client_id from a file";
  text += client_credential(config);
  const std::vector<AuthMethod> methods = discovery_auth_methods(config);
  if (uses_discovery(config) && methods.size() > 1) {
    text += ", auth_method the first the IdP supports of " + method_names(methods);
  } else {
    text += ", auth_method " + std::string(to_string(config.auth_method));
  }
  text += config.scopes.empty() ? ", no scopes" : ", scopes " + joined(config.scopes, " ");
  std::vector<std::string> params;
  for (const auto& param : config.endpoint_params) params.push_back(param.first);
  if (!params.empty()) text += ", endpoint_params " + joined(params);
  text += ", timeout " + duration_text(std::chrono::duration_cast<std::chrono::seconds>(config.timeout));
  if (config.timeout < std::chrono::seconds(1)) text += " (" + std::to_string(config.timeout.count()) + " ms)";
  return text;
}

void check_credential_file(const std::string& path, std::string_view setting, CheckReport& report) {
  if (path.empty()) return;
  const std::string step = std::string(setting) + " " + path;
  Result<Secret> content = read_credential_file(path, setting);
  if (content) {
    report.pass(step, "readable (" + std::to_string(content->reveal().size()) + " chars)");
  } else {
    report.fail(step, content.message(), "", ExitCode::usage);
  }
}

// token_url (or, for discovery, issuer: the first request goes there) even
// from a configuration that failed validation, so the network steps can
// still run.
std::optional<Url> token_url_of(const MergedBlock& merged, const std::optional<Config>& config) {
  if (config) return parse_url(uses_discovery(*config) ? config->issuer : config->token_url);
  if (!merged.block.is_object()) return std::nullopt;
  auto found = merged.block.find("token_url");
  if (found == merged.block.end()) found = merged.block.find("issuer");
  if (found == merged.block.end() || !found->is_string()) return std::nullopt;
  Result<std::string> url = expand_env(found->get_ref<const std::string&>());
  return url ? parse_url(*url) : std::nullopt;
}

std::string milliseconds_text(std::chrono::microseconds took) {
  const auto tenths = (took.count() + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " ms";
}

bool untrusted_issuer(long result) {
  return result == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT || result == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
         result == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || result == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
         result == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

struct TlsVerdict {
  std::string problem;  // empty: the certificate is fine
  std::string fix;
};

TlsVerdict judge(const TlsProbeResult& tls, const std::string& name, const std::string& ca_file) {
  const std::string names = tls.certificate.names.empty() ? "none" : joined(tls.certificate.names);
  if (tls.verify_result == X509_V_ERR_CERT_HAS_EXPIRED) {
    return {"the certificate expired at " + tls.certificate.not_after,
            "renew the IdP's certificate (or, if it is not really expired, fix this machine's clock)"};
  }
  if (tls.verify_result == X509_V_ERR_CERT_NOT_YET_VALID) {
    return {"the certificate is not valid yet (" + tls.verify_text + ")", "check this machine's clock and the IdP's"};
  }
  if (untrusted_issuer(tls.verify_result)) {
    return {"the certificate is not trusted: " + tls.verify_text + " (issuer " + tls.certificate.issuer + ", CAs from " +
                (ca_file.empty() ? std::string("the system") : "tls.ca_file " + ca_file) + ")",
            "set tls.ca_file (--ca-file) to the PEM bundle of the CA that issued it (" + tls.certificate.issuer + ")"};
  }
  if (tls.verify_result != X509_V_OK) {
    return {"the certificate was rejected: " + tls.verify_text, "check the IdP's certificate"};
  }
  if (!tls.name_matches) {
    return {"the certificate is not valid for " + name + " (it names " + names + ")",
            "use a name the certificate has in token_url (" + names +
                "), or set tls.server_name_override to one of them"};
  }
  return {};
}

class Check {
 public:
  Check(const ConnectionFlags& flags, Console& console) : flags_(flags), console_(console), report_(console) {}

  ExitCode run() {
    Result<MergedBlock> merged = merge_settings(flags_);
    if (!merged) {
      report_.fail("configuration", merged.message(), likely_fix(merged.failure()), exit_code_for(merged.error()));
      skip_rest("the configuration cannot be read");
      return finish();
    }
    check_environment(*merged, report_);
    check_configuration(*merged);

    const std::optional<Url> url = token_url_of(*merged, config_);
    if (!url) {
      skip_rest("there is no usable token_url");
      return finish();
    }
    if (check_network(*url) && check_discovery()) check_token_request();
    return finish();
  }

 private:
  void check_configuration(const MergedBlock& merged) {
    Result<Config> config = validate(merged);
    if (!config) {
      report_.fail("configuration", config.message(), likely_fix(config.failure()), exit_code_for(config.error()));
      return;
    }
    config_ = std::move(*config);
    console_.keep_out_client(current_client_id(*config_), current_secret(*config_).reveal());
    report_.pass("configuration", describe(*config_, merged));
    if (config_->tls.insecure) {
      report_.detail("note: tls.insecure does not turn off certificate verification of an https:// token_url "
                     "(insecure_skip_verify does), as in the collector");
    }
    check_credential_file(config_->client_id_file, "client_id_file", report_);
    check_credential_file(config_->client_secret_file, "client_secret_file", report_);
    check_credential_file(config_->jwt_bearer.key_file, "client_certificate_key_file", report_);
    check_credential_file(config_->token_exchange.subject_token_file, "subject_token_file", report_);
    check_credential_file(config_->token_exchange.actor_token_file, "actor_token_file", report_);
  }

  std::chrono::milliseconds timeout() const { return config_ ? config_->timeout : default_timeout; }

  // DNS, TCP and TLS; false when the token request would fail the same way.
  bool check_network(const Url& url) {
    Result<std::vector<Endpoint>> endpoints = resolve(url.host, url.port);
    if (!endpoints) {
      report_.fail("DNS", endpoints.message(),
                   "check the host name in token_url (--token-url) and this machine's DNS (/etc/resolv.conf); "
                   "inside a cluster, use the service's full name", ExitCode::network);
      skip_after_network(url, "the host name did not resolve");
      return false;
    }
    std::vector<std::string> addresses;
    for (const Endpoint& endpoint : *endpoints) addresses.push_back(endpoint.text);
    report_.pass("DNS", url.host + " resolves to " + joined(addresses));

    const std::string where = url.host + " port " + std::to_string(url.port);
    Result<Connection> connection = connect_first(*endpoints, timeout());
    if (!connection) {
      const bool timed_out = connection.error() == make_error_code(errc::timeout);
      report_.fail("TCP connect to " + where, connection.message(),
                   timed_out ? "nothing answered: a firewall or network policy may drop the packets; check the "
                               "network path to the IdP, or raise timeout (--timeout)"
                             : "nothing accepts connections there: check the port in token_url and that the IdP "
                               "is running and listening on that address",
                   ExitCode::network);
      skip_after_network(url, "no TCP connection");
      return false;
    }
    report_.pass("TCP connect to " + where,
                 "connected to " + connection->endpoint->text + " in " + milliseconds_text(connection->took));

    if (!url.https) {
      report_.skip("TLS", "token_url is http://, so there is no TLS: the client secret and the token travel in "
                          "clear text; use https:// unless every network in between is trusted");
      return true;
    }
    return check_tls(url, connection->socket);
  }

  bool check_tls(const Url& url, const Socket& socket) {
    if (!config_) {
      report_.skip("TLS", "the TLS settings are part of the configuration, which is invalid");
      return true;  // the token request step says why it is skipped
    }
    const TlsSettings& tls = config_->tls;
    TlsProbeSettings probe;
    probe.server_name = tls.server_name_override.empty() ? url.host : tls.server_name_override;
    probe.ca_file = tls.ca_file;
    probe.cert_file = tls.cert_file;
    probe.key_file = tls.key_file;
    probe.min_version = tls.min_version;
    probe.timeout = timeout();
    const std::string step = "TLS handshake with " + probe.server_name;

    Result<TlsProbeResult> result = probe_tls(socket.fd(), probe);
    if (!result) {
      report_.fail(step, result.message(), likely_fix(result.failure()), exit_code_for(result.error()));
      report_.skip("token request", "the TLS handshake fails");
      return false;
    }
    const TlsVerdict verdict = judge(*result, probe.server_name, tls.ca_file);
    const CertificateInfo& certificate = result->certificate;
    const bool skip_verify = tls.insecure_skip_verify;
    if (verdict.problem.empty()) {
      report_.pass(step, result->protocol + ", certificate verified");
    } else if (skip_verify) {
      report_.pass(step, result->protocol + ", certificate NOT verified (insecure_skip_verify): " + verdict.problem);
    } else {
      report_.fail(step, result->protocol + ", " + verdict.problem, "", ExitCode::network);
    }
    report_.detail("certificate: subject " + certificate.subject + "; issuer " + certificate.issuer +
                   "; not after " + certificate.not_after);
    report_.detail("names: " + (certificate.names.empty() ? std::string("none") : joined(certificate.names)) +
                   "; " + probe.server_name + (result->name_matches ? " matches" : " does NOT match"));
    report_.detail("verification: " + result->verify_text);
    if (verdict.problem.empty()) return true;
    if (skip_verify) {
      report_.detail("before turning insecure_skip_verify off: " + verdict.fix);
      return true;
    }
    report_.fix(verdict.fix);
    report_.skip("token request", "the certificate would be rejected the same way");
    return false;
  }

  // With issuer: what <issuer>/.well-known/openid-configuration says, and the
  // auth method taken from it. False when the token request cannot be made.
  bool check_discovery() {
    if (!config_ || !uses_discovery(*config_)) return true;
    HttplibTransport transport(transport_settings(*config_));
    Result<ProviderMetadata> metadata = discover(transport, config_->issuer, config_->timeout);
    if (!metadata) {
      report_.fail("OIDC discovery", metadata.message(),
                   "check issuer (--issuer): the IdP's issuer URL, the part before /.well-known/openid-configuration",
                   exit_code_for(metadata.error()));
      report_.skip("token request", "the token endpoint is not known");
      return false;
    }
    const std::vector<AuthMethod> allowed = discovery_auth_methods(*config_);
    Result<AuthMethod> method = choose_auth_method(*metadata, allowed);
    const std::string found = "token endpoint " + metadata->token_endpoint + ", token_endpoint_auth_methods_supported " +
                              joined(metadata->token_endpoint_auth_methods_supported);
    if (!method) {
      report_.fail("OIDC discovery", found + "; none of " + method_names(allowed),
                   allowed.size() == 1 ? "set auth_method (--auth-method) to one the IdP supports, or remove it"
                                       : "give the credentials of a method the IdP supports",
                   ExitCode::usage);
      report_.skip("token request", "no auth method fits");
      return false;
    }
    report_.pass("OIDC discovery", found + "; auth_method " + std::string(to_string(*method)));
    return true;
  }

  void check_token_request() {
    if (!config_) {
      report_.skip("token request", "the configuration is invalid");
      return;
    }
    Config uncached = *config_;
    uncached.cache.reset();  // a cached token would prove nothing about the IdP
    Result<Token> token = request_token(uncached);
    if (!token) {
      report_.fail("token request", token.message(), likely_fix(token.failure()), exit_code_for(token.error()));
      return;
    }
    console_.keep_out(token->value);
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(token->expires_at - std::chrono::steady_clock::now() +
                                                                       std::chrono::milliseconds(500));
    Result<DecodedJwt> jwt = decode_jwt(token->value);
    report_.pass("token request", "got a " + token->type + " token (" + (jwt ? "JWT" : "opaque") + ", " +
                                      std::to_string(token->value.size()) + " chars), expires in " +
                                      duration_text(left) +
                                      (token->scope.empty() ? ", no scope named" : ", scope \"" + token->scope + "\""));
    if (jwt) {
      std::vector<std::string> claims;
      for (const char* name : {"iss", "sub", "aud", "client_id", "scope"}) {
        if (const auto found = jwt->claims.find(name); found != jwt->claims.end()) {
          claims.push_back(std::string(name) + " " + (found->is_string() ? found->get<std::string>() : found->dump()));
        }
      }
      report_.detail("claims: " + joined(claims, "; ") + " (see all with `oauth2cc token ... | oauth2cc decode -`)");
    }
  }

  void skip_after_network(const Url& url, std::string_view reason) {
    if (url.https) report_.skip("TLS", reason);
    report_.skip("token request", reason);
  }

  void skip_rest(std::string_view reason) {
    for (const char* step : {"DNS", "TCP connect", "TLS", "token request"}) report_.skip(step, reason);
  }

  ExitCode finish() {
    report_.summary();
    return report_.exit_code();
  }

  const ConnectionFlags& flags_;
  Console& console_;
  CheckReport report_;
  std::optional<Config> config_;
};

}  // namespace

ExitCode run_check(const ConnectionFlags& flags, Console& console) { return Check(flags, console).run(); }

}  // namespace oauth2cc::cli
