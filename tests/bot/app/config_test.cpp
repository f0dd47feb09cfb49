#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"
#include "tests/fakes/build_paths.hpp"

#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

using namespace onevoice::bot;
namespace fs = std::filesystem;

namespace {

constexpr std::array<const char*, 4> k_secrets{"xapp-1-SECRETAPP", "xoxb-SECRETBOT",
                                               "syt_SECRETMATRIX", "hunter2SECRET"};

EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        const auto it = vars.find(std::string(name));
        return it == vars.end() ? std::nullopt : std::optional(it->second);
    };
}

EnvLookup all_secrets() {
    return env_of({{"SLACK_APP_TOKEN", k_secrets[0]},
                   {"SLACK_BOT_TOKEN", k_secrets[1]},
                   {"MATRIX_ACCESS_TOKEN", k_secrets[2]},
                   {"MATRIX_PASSWORD", k_secrets[3]}});
}

bool known_zone(std::string_view name) {
    return name == "UTC" || name == "Europe/Berlin" || name == "America/New_York";
}

// Each test runs in a fresh empty working directory, so that an onevoice.toml lying around
// cannot change the result, and in which the implicit ./onevoice.toml can be tested.
struct ConfigFixture {
    fs::path old_cwd = fs::current_path();
    fs::path dir = fs::temp_directory_path() /
                   ("onevoice-config-test-" + std::to_string(std::random_device{}()));

    ConfigFixture() {
        fs::create_directories(dir);
        fs::current_path(dir);
    }
    ~ConfigFixture() {
        std::error_code error;
        fs::current_path(old_cwd, error);
        fs::remove_all(dir, error);
    }
    ConfigFixture(const ConfigFixture&) = delete;
    ConfigFixture& operator=(const ConfigFixture&) = delete;

    std::string write(const std::string& name, const std::string& text) const {
        const fs::path path = dir / name;
        std::ofstream(path) << text;
        return path.string();
    }
    static Config load(const std::vector<std::string>& args, const EnvLookup& env = env_of({})) {
        return load_config(args, env, known_zone);
    }
    // The ConfigError that loading throws (with every secret set), after checking that its
    // message is one line and holds no secret.
    static ConfigError error_from(const std::vector<std::string>& args) {
        try {
            load_config(args, all_secrets(), known_zone);
        } catch (const ConfigError& e) {
            const std::string message = e.what();
            CHECK(message.find('\n') == std::string::npos);
            for (const char* secret : k_secrets) {
                CHECK(message.find(secret) == std::string::npos);
            }
            return e;
        }
        FAIL("load_config did not throw");
        return ConfigError("", ""); // not reached: FAIL throws
    }
    // The error for a config file holding `text`.
    ConfigError file_error(const std::string& text) const {
        return error_from({"--config", write("bad.toml", text)});
    }
};

std::string message_of(const ConfigError& e) {
    return e.what();
}

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE_FIXTURE(ConfigFixture, "Config: without flags, file or environment the defaults apply") {
    const Config config = load({});
    CHECK_FALSE(config.config_path.has_value());
    CHECK(config.database == "onevoice.db");
    CHECK(config.adapter == "console");
    CHECK(config.locale == Locale::en);
    CHECK(config.time_zone == "UTC");
    CHECK(config.admins.empty());
    CHECK(config.log_level == LogLevel::info);
    CHECK(config.log_format == LogFormat::text);
    CHECK(config.console_user.empty());
    CHECK(config.outbox_max_attempts == 8);
    CHECK(config.shutdown_drain == std::chrono::seconds(5));
    CHECK(config.slack_app_token.empty());
    CHECK(config.slack_bot_token.empty());
    CHECK(config.matrix_access_token.empty());
    CHECK(config.matrix_password.empty());
    CHECK_FALSE(config.show_help);
    CHECK_FALSE(config.show_version);
}

TEST_CASE_FIXTURE(ConfigFixture,
                  "Config: the file overrides defaults and flags override the file") {
    const std::string path = write("my.toml", R"(database = "file.db"
adapter = "matrix"
locale = "de"
time_zone = "America/New_York"
admins = ["@boss", "<@U024BE7LH>", "@alice:example.org"]
log_level = "warn"
log_format = "json"
[outbox]
max_attempts = 3
shutdown_drain_seconds = 0
)");
    SUBCASE("file only") {
        const Config config = load({"--config", path});
        CHECK(config.config_path == path);
        CHECK(config.database == "file.db");
        CHECK(config.adapter == "matrix");
        CHECK(config.locale == Locale::de);
        CHECK(config.time_zone == "America/New_York");
        CHECK(config.admins ==
              std::vector<std::string>{"@boss", "<@U024BE7LH>", "@alice:example.org"});
        CHECK(config.log_level == LogLevel::warn);
        CHECK(config.log_format == LogFormat::json);
        CHECK(config.outbox_max_attempts == 3);
        CHECK(config.shutdown_drain == std::chrono::seconds(0));
    }
    SUBCASE("flags win, also when given before --config") {
        const Config config =
            load({"--db", "flag.db", "--adapter=console", "--locale", "en", "--log-level", "debug",
                  "--config", path, "--log-format", "text"});
        CHECK(config.database == "flag.db");
        CHECK(config.adapter == "console");
        CHECK(config.locale == Locale::en);
        CHECK(config.log_level == LogLevel::debug);
        CHECK(config.log_format == LogFormat::text);
        CHECK(config.time_zone == "America/New_York"); // no flag: the file's value stays
    }
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: an empty file keeps the defaults") {
    const Config config = load({"--config", write("empty.toml", "")});
    CHECK(config.config_path.has_value());
    CHECK(config.database == "onevoice.db");
    CHECK(config.outbox_max_attempts == 8);
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: ./onevoice.toml is read when --config is absent") {
    write("onevoice.toml", "locale = \"de\"\n");
    const Config config = load({});
    CHECK(config.config_path == "onevoice.toml");
    CHECK(config.locale == Locale::de);
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: --as names the console user without the @") {
    CHECK(load({"--as", "@alice"}).console_user == "alice");
    CHECK(load({"--as=bob"}).console_user == "bob");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: --help and --version return before the file is read") {
    const Config help = load({"--config", "missing.toml", "--help"});
    CHECK(help.show_help);
    CHECK_FALSE(help.show_version);
    CHECK(load({"-h"}).show_help);
    CHECK(load({"--version"}).show_version);
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: an unknown flag names the flag") {
    const ConfigError e = error_from({"--frobnicate"});
    CHECK(e.key() == "--frobnicate");
    CHECK(message_of(e) == "--frobnicate: unknown option; see --help");
    // The value after '=' could be a pasted token, so it is left out.
    CHECK(message_of(error_from({"--token=xoxb-SECRETBOT"})) ==
          "--token: unknown option; see --help");
    CHECK(message_of(error_from({"serve"})) == "serve: unexpected argument; see --help");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a flag without its value names the flag") {
    CHECK(message_of(error_from({"--db"})) == "--db: missing value PATH");
    CHECK(message_of(error_from({"--db", "--locale", "de"})) == "--db: missing value PATH");
    CHECK(message_of(error_from({"--help=yes"})) == "--help: takes no value");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a bad flag value names the flag and the choices") {
    CHECK(message_of(error_from({"--adapter", "telegram"})) ==
          R"(--adapter: must be "console", "slack" or "matrix", not "telegram")");
    CHECK(message_of(error_from({"--locale", "fr"})) ==
          R"(--locale: must be "en" or "de", not "fr")");
    CHECK(message_of(error_from({"--log-level", "loud"})) ==
          R"(--log-level: must be "debug", "info", "warn" or "error", not "loud")");
    CHECK(error_from({"--log-format", "xml"}).key() == "--log-format");
    CHECK(error_from({"--db", ""}).key() == "--db");
    CHECK(error_from({"--as", "@"}).key() == "--as");
    CHECK(error_from({"--as", "al ice"}).key() == "--as");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a bad flag is reported even when the file is bad too") {
    // Flags are checked before the file is read.
    CHECK(error_from({"--config", write("bad.toml", "x = "), "--locale", "fr"}).key() ==
          "--locale");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a syntax error names the file, line and column") {
    const std::string path = write("bad.toml", "database = \"x.db\"\nlocale = \n");
    const ConfigError e = error_from({"--config", path});
    CHECK(e.key() == path);
    CHECK(message_of(e).find("syntax error at line 2, column ") != std::string::npos);
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a syntax error in ./onevoice.toml names that file") {
    write("onevoice.toml", "[outbox\n");
    const ConfigError e = error_from({});
    CHECK(e.key() == "onevoice.toml");
    CHECK(message_of(e).find("line 1, column ") != std::string::npos);
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a --config file that cannot be read is an error") {
    const ConfigError missing = error_from({"--config", "nowhere.toml"});
    CHECK(missing.key() == "nowhere.toml");
    CHECK(message_of(missing).find("cannot read file") != std::string::npos);
    const ConfigError directory = error_from({"--config", dir.string()});
    CHECK(message_of(directory) == dir.string() + ": cannot read file");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: an unknown key names the key") {
    CHECK(message_of(file_error("frobnicate = 1\n")) == "frobnicate: unknown key");
    CHECK(message_of(file_error("[outbox]\nfrobnicate = 1\n")) == "outbox.frobnicate: unknown key");
    CHECK(message_of(file_error("[outbox.retry]\nx = 1\n")) == "outbox.retry: unknown key");
    CHECK(message_of(file_error("[telegram]\nurl = \"x\"\n")) == "telegram: unknown key");
    // A quoted key with a dot is one key, not max_attempts inside [outbox].
    CHECK(message_of(file_error("\"outbox.max_attempts\" = 3\n")) ==
          "outbox.max_attempts: unknown key");
    // A quoted key may hold a line break; the message stays on one line.
    CHECK(file_error("\"a\\nb\" = 1\n").key() == "a b");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a token in the file points to the environment") {
    const ConfigError e = file_error("slack_bot_token = \"xoxb-SECRETBOT\"\n");
    CHECK(e.key() == "slack_bot_token");
    CHECK(message_of(e).find("SLACK_BOT_TOKEN") != std::string::npos);
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a value of the wrong type names the key") {
    CHECK(message_of(file_error("locale = 1\n")) == "locale: must be a string");
    CHECK(message_of(file_error("database = true\n")) == "database: must be a string");
    CHECK(message_of(file_error("admins = \"@boss\"\n")) == "admins: must be an array of strings");
    CHECK(message_of(file_error("admins = [\"@boss\", 2]\n")) ==
          "admins: must be an array of strings");
    CHECK(file_error("admins = [\"\"]\n").key() == "admins");
    CHECK(message_of(file_error("[outbox]\nmax_attempts = \"3\"\n")) ==
          "outbox.max_attempts: must be an integer");
    CHECK(message_of(file_error("[outbox]\nmax_attempts = 2.0\n")) ==
          "outbox.max_attempts: must be an integer");
    CHECK(message_of(file_error("outbox = 3\n")) == "outbox: must be a table");
    CHECK(load({"--config", write("ok.toml", "admins = []\n")}).admins.empty());
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a number out of range names the key and the range") {
    CHECK(message_of(file_error("[outbox]\nmax_attempts = 0\n")) ==
          "outbox.max_attempts: must be between 1 and 100, not 0");
    CHECK(file_error("[outbox]\nmax_attempts = 101\n").key() == "outbox.max_attempts");
    CHECK(file_error("[outbox]\nshutdown_drain_seconds = -1\n").key() ==
          "outbox.shutdown_drain_seconds");
    CHECK(file_error("outbox = { shutdown_drain_seconds = 301 }\n").key() ==
          "outbox.shutdown_drain_seconds");
    const Config edges =
        load({"--config",
              write("ok.toml", "[outbox]\nmax_attempts = 100\nshutdown_drain_seconds = 300\n")});
    CHECK(edges.outbox_max_attempts == 100);
    CHECK(edges.shutdown_drain == std::chrono::seconds(300));
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: an unknown time zone names the zone") {
    CHECK(message_of(file_error("time_zone = \"Mars/Base\"\n")) ==
          "time_zone: unknown time zone 'Mars/Base'");
    CHECK(load({"--config", write("ok.toml", "time_zone = \"Europe/Berlin\"\n")}).time_zone ==
          "Europe/Berlin");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: a bad choice in the file lists the choices") {
    CHECK(message_of(file_error("locale = \"fr\"\n")) ==
          R"(locale: must be "en" or "de", not "fr")");
    CHECK(file_error("adapter = \"telegram\"\n").key() == "adapter");
    CHECK(file_error("log_level = \"loud\"\n").key() == "log_level");
    CHECK(file_error("log_format = \"xml\"\n").key() == "log_format");
    CHECK(file_error("database = \"\"\n").key() == "database");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: the adapter is chosen from the environment") {
    using Vars = std::map<std::string, std::string>;
    const auto adapter_for = [](Vars vars, const std::vector<std::string>& args = {}) {
        return load(args, env_of(std::move(vars))).adapter;
    };
    CHECK(adapter_for({}) == "console");
    CHECK(adapter_for({{"SLACK_APP_TOKEN", "a"}, {"SLACK_BOT_TOKEN", "b"}}) == "slack");
    CHECK(adapter_for({{"SLACK_BOT_TOKEN", "b"}}) == "console"); // Socket Mode needs both
    CHECK(adapter_for({{"MATRIX_ACCESS_TOKEN", "t"}}) == "matrix");
    CHECK(adapter_for({{"MATRIX_PASSWORD", "p"}}) == "matrix");
    CHECK(adapter_for(
              {{"SLACK_APP_TOKEN", "a"}, {"SLACK_BOT_TOKEN", "b"}, {"MATRIX_PASSWORD", "p"}}) ==
          "slack");
    CHECK(adapter_for({{"MATRIX_PASSWORD", ""}}) == "console"); // set but empty counts as unset
    CHECK(adapter_for({{"SLACK_APP_TOKEN", "a"}, {"SLACK_BOT_TOKEN", "b"}},
                      {"--adapter", "console"}) == "console");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: secrets come from the environment, redacted") {
    const Config config = load({}, all_secrets());
    CHECK(config.slack_app_token.reveal() == k_secrets[0]);
    CHECK(config.slack_bot_token.reveal() == k_secrets[1]);
    CHECK(config.matrix_access_token.reveal() == k_secrets[2]);
    CHECK(config.matrix_password.reveal() == k_secrets[3]);
    CHECK(config.slack_bot_token.redacted() == "xoxb-…(redacted)");
    CHECK(config.matrix_access_token.redacted() == "(redacted)");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: Slack settings come from the file and SLACK_API_URL") {
    CHECK(load({}).slack_api_url == "https://slack.com/api/");
    const Config config =
        load({"--config", write("slack.toml", "[slack]\nca_file = \"/tmp/ca.pem\"\n"
                                              "team_channel = \"C0123\"\n")},
             env_of({{"SLACK_API_URL", "http://127.0.0.1:4567/api"}}));
    CHECK(config.slack_api_url == "http://127.0.0.1:4567/api/");
    CHECK(config.slack_ca_file == "/tmp/ca.pem");
    CHECK(config.slack_team_channel == "C0123");
    try {
        load({}, env_of({{"SLACK_API_URL", "ftp://example.org/"}}));
        FAIL("expected a ConfigError");
    } catch (const ConfigError& e) {
        CHECK(e.key() == "SLACK_API_URL");
    }
    CHECK(message_of(file_error("[slack]\nchannel = \"C1\"\n")) == "slack.channel: unknown key");
}

TEST_CASE("Secret: redacted keeps at most a short type prefix") {
    CHECK(Secret("xoxb-123-456").redacted() == "xoxb-…(redacted)");
    CHECK(Secret("xapp-1-A0").redacted() == "xapp-…(redacted)");
    CHECK(Secret("syt_abc_def").redacted() == "(redacted)");
    CHECK(Secret("longer-prefix").redacted() == "(redacted)");
    CHECK(Secret("ab-").redacted() == "(redacted)"); // the prefix would be the whole secret
    CHECK(Secret("").redacted() == "(unset)");
    CHECK(Secret().empty());
    CHECK_FALSE(Secret("x").empty());
    CHECK(Secret("x").reveal() == "x");
}

TEST_CASE_FIXTURE(ConfigFixture, "Config: onevoice.example.toml loads") {
    const std::string path = std::string(onevoice::tests::source_dir()) + "/onevoice.example.toml";
    const Config config = load({"--config", path});
    CHECK(config.config_path == path);
    CHECK(config.time_zone == "Europe/Berlin");
    CHECK(config.locale == Locale::en);
    CHECK(config.adapter == "console"); // left to the environment
    CHECK(config.admins.size() == 3);
    CHECK(config.outbox_max_attempts == 8);
    CHECK(config.shutdown_drain == std::chrono::seconds(5));
}

TEST_CASE("Config: the usage text explains every flag on one line") {
    const std::string usage = usage_text();
    for (const char* flag :
         {"--config PATH", "--db PATH", "--adapter NAME", "--locale LANG", "--log-level LEVEL",
          "--log-format FORMAT", "--as @NAME", "-h, --help", "--version"}) {
        CAPTURE(flag);
        const auto at = usage.find(flag);
        REQUIRE(at != std::string::npos);
        const auto line_end = usage.find('\n', at);
        CHECK(line_end - at > std::string_view(flag).size() + 10); // an explanation follows
    }
    CHECK(usage.ends_with('\n'));
}

TEST_SUITE_END();
