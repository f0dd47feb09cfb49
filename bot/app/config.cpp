#include "bot/app/config.hpp"

#include "bot/app/config_file.hpp"
#include "bot/model/errors.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

namespace onevoice::bot {
namespace {

using detail::k_adapters;
using detail::k_locales;
using detail::k_log_formats;
using detail::k_log_levels;

constexpr std::string_view k_default_path = "onevoice.toml";

std::string user_name(std::string_view key, std::string_view text) {
    const std::string_view name = text.starts_with('@') ? text.substr(1) : text;
    if (name.empty() || has_space(name)) {
        fail_config(key, "must be a user name like @alice, without spaces");
    }
    return std::string(name);
}

// --- flags -------------------------------------------------------------------------------------

// A flag's value is checked at once, so that a bad flag is reported before the file is read, but
// applied only after the file, so that flags win over it.
struct Flags {
    std::optional<std::string> config_path;
    std::vector<std::function<void(Config&)>> overrides;
    bool show_help = false;
    bool show_version = false;
};

template <typename T>
void set_later(Flags& flags, T Config::*member, T value) {
    flags.overrides.push_back([member, value](Config& config) { config.*member = value; });
}

using FlagParser = void (*)(std::string_view flag, const std::string& value, Flags& flags);

struct FlagSpec {
    std::string_view name;
    std::string_view alias;
    std::string_view value_name; // empty for a switch, which takes no value
    std::string_view help;
    FlagParser parse;
};

// Every flag, in the order --help lists them.
constexpr std::array<FlagSpec, 10> k_flags{{
    {"--config", "", "PATH", "read settings from PATH (default: ./onevoice.toml if it exists)",
     [](std::string_view, const std::string& value, Flags& flags) {
         flags.config_path = value;
     }},
    {"--db", "", "PATH", "SQLite database file (default: onevoice.db)",
     [](std::string_view flag, const std::string& value, Flags& flags) {
         if (value.empty()) {
             fail_config(flag, "must not be empty");
         }
         set_later(flags, &Config::database, value);
     }},
    {"--adapter", "", "NAME", "console, slack or matrix (default: chosen from the environment)",
     [](std::string_view flag, const std::string& value, Flags& flags) {
         set_later(flags, &Config::adapter, std::string(pick(k_adapters, flag, value)));
     }},
    {"--locale", "", "LANG", "language of the replies: en or de (default: en)",
     [](std::string_view flag, const std::string& value, Flags& flags) {
         set_later(flags, &Config::locale, pick(k_locales, flag, value));
     }},
    {"--log-level", "", "LEVEL", "debug, info, warn or error (default: info)",
     [](std::string_view flag, const std::string& value, Flags& flags) {
         set_later(flags, &Config::log_level, pick(k_log_levels, flag, value));
     }},
    {"--log-format", "", "FORMAT", "text, or json for one JSON object per line (default: text)",
     [](std::string_view flag, const std::string& value, Flags& flags) {
         set_later(flags, &Config::log_format, pick(k_log_formats, flag, value));
     }},
    {"--as", "", "@NAME", "console adapter: act as this user (default: your login name)",
     [](std::string_view flag, const std::string& value, Flags& flags) {
         set_later(flags, &Config::console_user, user_name(flag, value));
     }},
    {"--http", "", "HOST:PORT", "serve /healthz and /metrics there, e.g. 127.0.0.1:9477 (no auth)",
     [](std::string_view flag, const std::string& value, Flags& flags) {
         set_later(flags, &Config::http_listen,
                   std::optional<ListenAddress>(detail::listen_address(flag, value)));
     }},
    {"--help", "-h", "", "show this help and exit",
     [](std::string_view, const std::string&, Flags& flags) {
         flags.show_help = true;
     }},
    {"--version", "", "", "show the version and exit",
     [](std::string_view, const std::string&, Flags& flags) {
         flags.show_version = true;
     }},
}};

const FlagSpec* find_flag(std::string_view name) {
    const auto* it = std::ranges::find_if(
        k_flags, [&](const FlagSpec& flag) { return flag.name == name || flag.alias == name; });
    return it == k_flags.end() ? nullptr : it;
}

// Accepts "--db PATH" and "--db=PATH".
Flags parse_flags(const std::vector<std::string>& args) {
    Flags flags;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const auto equals = arg.starts_with("--") ? arg.find('=') : std::string::npos;
        // Only the part before '=' goes into a message: the rest might be a pasted token.
        const std::string name = arg.substr(0, equals);
        const FlagSpec* flag = find_flag(name);
        if (flag == nullptr) {
            fail_config(name, name.starts_with('-') ? "unknown option; see --help"
                                                    : "unexpected argument; see --help");
        }
        if (flag->value_name.empty()) {
            if (equals != std::string::npos) {
                fail_config(flag->name, "takes no value");
            }
            flag->parse(flag->name, {}, flags);
            continue;
        }
        std::string value;
        if (equals != std::string::npos) {
            value = arg.substr(equals + 1);
        } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
            value = args[++i];
        } else {
            fail_config(flag->name, "missing value " + std::string(flag->value_name));
        }
        flag->parse(flag->name, value, flags);
    }
    return flags;
}

// --- environment -------------------------------------------------------------------------------

Secret secret_from(const EnvLookup& env, std::string_view name) {
    return Secret(env ? env(name).value_or("") : "");
}

void apply_environment(Config& config, const EnvLookup& env) {
    config.slack_app_token = secret_from(env, "SLACK_APP_TOKEN");
    config.slack_bot_token = secret_from(env, "SLACK_BOT_TOKEN");
    config.matrix_access_token = secret_from(env, "MATRIX_ACCESS_TOKEN");
    config.matrix_password = secret_from(env, "MATRIX_PASSWORD");
    if (const auto url = env ? env("SLACK_API_URL") : std::nullopt; url && !url->empty()) {
        if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
            throw ConfigError("SLACK_API_URL", "must start with http:// or https://");
        }
        config.slack_api_url = *url;
        if (config.slack_api_url.back() != '/') {
            config.slack_api_url += '/';
        }
    }
    if (const auto url = env ? env("MATRIX_HOMESERVER") : std::nullopt; url && !url->empty()) {
        config.matrix_homeserver = *url;
    }
    if (!config.matrix_homeserver.empty() && config.matrix_homeserver.rfind("http://", 0) != 0 &&
        config.matrix_homeserver.rfind("https://", 0) != 0) {
        throw ConfigError("matrix.homeserver", "must start with http:// or https://");
    }
    if (const auto user = env ? env("MATRIX_USER") : std::nullopt; user && !user->empty()) {
        config.matrix_user = *user;
    }
    if (const auto file = env ? env("ONEVOICE_TEST_CLOCK_FILE") : std::nullopt; file) {
        config.test_clock_file = *file;
    }
    if (!config.adapter.empty()) {
        return;
    }
    // Without any chat credentials the console adapter is the default (DESIGN.md, Configuration).
    if (!config.slack_app_token.empty() && !config.slack_bot_token.empty()) {
        config.adapter = "slack";
    } else if (!config.matrix_access_token.empty() || !config.matrix_password.empty()) {
        config.adapter = "matrix";
    } else {
        config.adapter = "console";
    }
}

} // namespace

Config load_config(const std::vector<std::string>& args, const EnvLookup& env,
                   const ZoneValidator& is_zone) {
    const Flags flags = parse_flags(args);
    Config config;
    if (flags.show_help || flags.show_version) {
        config.show_help = flags.show_help;
        config.show_version = flags.show_version;
        return config;
    }
    std::optional<std::string> path = flags.config_path;
    std::error_code error;
    if (!path && std::filesystem::exists(k_default_path, error)) {
        path = std::string(k_default_path);
    }
    if (path) {
        detail::read_config_file(*path, config, is_zone);
    }
    for (const auto& apply : flags.overrides) {
        apply(config);
    }
    apply_environment(config, env);
    return config;
}

std::string usage_text() {
    std::vector<std::string> lefts;
    std::size_t width = 0;
    for (const FlagSpec& flag : k_flags) {
        std::string left = "  ";
        if (!flag.alias.empty()) {
            left += std::string(flag.alias) + ", ";
        }
        left += flag.name;
        if (!flag.value_name.empty()) {
            left += " " + std::string(flag.value_name);
        }
        width = std::max(width, left.size() + 2);
        lefts.push_back(std::move(left));
    }
    std::string text =
        "Usage: onevoice [options]\n"
        "       onevoice backup FILE [options]          copy the database to FILE, also while "
        "the bot runs\n"
        "       onevoice sentiment [--language de|en]   score each line of stdin: label, score, "
        "text\n\nOptions:\n";
    for (std::size_t i = 0; i < k_flags.size(); ++i) {
        lefts[i].resize(width, ' ');
        text += lefts[i] + std::string(k_flags[i].help) + "\n";
    }
    text += "\nSettings are described in onevoice.example.toml. Tokens come only from the\n"
            "environment: SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Slack, MATRIX_ACCESS_TOKEN or\n"
            "MATRIX_PASSWORD for Matrix. Without them the console adapter starts.\n";
    return text;
}

} // namespace onevoice::bot
