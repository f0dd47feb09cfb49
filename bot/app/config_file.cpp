#include "bot/app/config_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <span>
#include <sstream>
#include <type_traits>

namespace onevoice::bot::detail {
namespace {

// The circle of a Slack workspace's guests ([slack] guests).
constexpr std::array<Choice<bool>, 2> k_guest_circles{{{"outsider", false}, {"colleague", true}}};

// The app's own keys: the core's and the adapters'. time_zone is bound apart, as it needs the
// zone validator. A new section is just more rows: any prefix of a path is accepted as a table.
constexpr std::array<ConfigKey<Config>, 23> k_app_keys{{
    {"database",
     [](const ConfigValue& value, Config& config) {
         config.database = value.string();
         if (config.database.empty()) {
             value.fail("must not be empty");
         }
     }},
    {"adapter",
     [](const ConfigValue& value, Config& config) {
         config.adapter = value.pick(k_adapters);
     }},
    {"locale",
     [](const ConfigValue& value, Config& config) {
         config.locale = value.pick(k_locales);
     }},
    {"admins",
     [](const ConfigValue& value, Config& config) {
         config.admins = value.user_names();
     }},
    {"log_level",
     [](const ConfigValue& value, Config& config) {
         config.log_level = value.pick(k_log_levels);
     }},
    {"log_format",
     [](const ConfigValue& value, Config& config) {
         config.log_format = value.pick(k_log_formats);
     }},
    {"outbox.max_attempts",
     [](const ConfigValue& value, Config& config) {
         config.outbox_max_attempts = value.integer_in(1, 100);
     }},
    {"outbox.shutdown_drain_seconds",
     [](const ConfigValue& value, Config& config) {
         config.shutdown_drain = std::chrono::seconds(value.integer_in(0, 300));
     }},
    {"slack.ca_file",
     [](const ConfigValue& value, Config& config) {
         config.slack_ca_file = value.string();
     }},
    {"slack.team_channel",
     [](const ConfigValue& value, Config& config) {
         config.slack_team_channel = value.string();
     }},
    {"slack.offline_notice_seconds",
     [](const ConfigValue& value, Config& config) {
         config.slack_offline_notice = std::chrono::seconds(value.integer_in(1, 86400));
     }},
    {"slack.idle_timeout_seconds",
     [](const ConfigValue& value, Config& config) {
         config.slack_idle_timeout = std::chrono::seconds(value.integer_in(2, 600));
     }},
    {"slack.trusted_teams",
     [](const ConfigValue& value, Config& config) {
         config.slack_trusted_teams = value.names("workspace ids like \"T0123ABCD\"");
     }},
    {"slack.guests",
     [](const ConfigValue& value, Config& config) {
         config.slack_guests_are_colleagues = value.pick(k_guest_circles);
     }},
    {"matrix.homeserver",
     [](const ConfigValue& value, Config& config) {
         config.matrix_homeserver = value.string();
     }},
    {"matrix.rooms",
     [](const ConfigValue& value, Config& config) {
         config.matrix_rooms = value.names("room ids or aliases like \"#team:example.org\"");
     }},
    {"matrix.prefix",
     [](const ConfigValue& value, Config& config) {
         config.matrix_prefix = value.string();
         if (config.matrix_prefix.empty() || has_space(config.matrix_prefix)) {
             value.fail("must be one or more characters without spaces, like \"!\"");
         }
     }},
    {"matrix.allow_invites_from",
     [](const ConfigValue& value, Config& config) {
         config.matrix_allow_invites_from =
             value.names("user ids or server names like \"example.org\"");
     }},
    {"matrix.ca_file",
     [](const ConfigValue& value, Config& config) {
         config.matrix_ca_file = value.string();
     }},
    {"matrix.team_room",
     [](const ConfigValue& value, Config& config) {
         config.matrix_team_room = value.string();
     }},
    {"matrix.sync_timeout_seconds",
     [](const ConfigValue& value, Config& config) {
         config.matrix_sync_timeout = std::chrono::seconds(value.integer_in(1, 300));
     }},
    {"matrix.trusted_servers",
     [](const ConfigValue& value, Config& config) {
         config.matrix_trusted_servers = value.names("server names like \"example.org\"");
     }},
    {"http.listen",
     [](const ConfigValue& value, Config& config) {
         config.http_listen = listen_address(value.key(), value.string());
     }},
}};

// A key of the file with the part of Config its value goes to.
struct BoundKey {
    std::string_view path;
    std::function<void(const ConfigValue& value)> set;
};

// Appends `rows`, each bound to `settings`. Not named `bind`: for these arguments ADL would pick
// std::bind instead, and its unused result would bind nothing.
template <class Settings>
void add_keys(std::vector<BoundKey>& keys,
              std::span<const ConfigKey<std::type_identity_t<Settings>>> rows, Settings& settings) {
    for (const auto& row : rows) {
        keys.push_back(BoundKey{row.path, [set = row.set, &settings](const ConfigValue& value) {
                                    set(value, settings);
                                }});
    }
}

// Every key the file may hold, bound to `config`. A domain adds one line here: its keys
// (commands/<domain>/settings.hpp) bound to its member of Config.
std::vector<BoundKey> keys_for(Config& config, const ZoneValidator& is_zone) {
    std::vector<BoundKey> keys;
    add_keys(keys, k_app_keys, config);
    keys.push_back(BoundKey{"time_zone", [&config, &is_zone](const ConfigValue& value) {
                                const std::string& zone = value.string();
                                if (is_zone && !is_zone(zone)) {
                                    value.fail("unknown time zone '" + zone + "'");
                                }
                                config.time_zone = zone;
                            }});
    add_keys(keys, commands::ideas_config_keys(), config.ideas);
    add_keys(keys, commands::handover_config_keys(), config.handover);
    add_keys(keys, commands::crisis_config_keys(), config.crisis);
    add_keys(keys, commands::listening_config_keys(), config.listening);
    return keys;
}

const BoundKey* find_key(std::span<const BoundKey> keys, std::string_view path) {
    const auto it = std::ranges::find_if(keys, [&](const BoundKey& k) { return k.path == path; });
    return it == keys.end() ? nullptr : &*it;
}

bool is_section(std::span<const BoundKey> keys, std::string_view path) {
    return std::ranges::any_of(keys, [&](const BoundKey& k) {
        return k.path.size() > path.size() && k.path.starts_with(path) &&
               k.path[path.size()] == '.';
    });
}

std::string unknown_key_problem(std::string_view path) {
    // Someone who puts a token into the file should learn where it belongs instead.
    if (path.find("token") != std::string_view::npos ||
        path.find("password") != std::string_view::npos) {
        return "unknown key; tokens come only from the environment variables SLACK_APP_TOKEN, "
               "SLACK_BOT_TOKEN, MATRIX_ACCESS_TOKEN and MATRIX_PASSWORD";
    }
    return "unknown key";
}

void read_table(const toml::table& table, const std::string& prefix, std::span<const BoundKey> keys,
                std::string_view file) {
    for (auto&& [name, node] : table) {
        const std::string path =
            prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
        // A quoted key holding a dot ("outbox.max_attempts" = 3) is one key, not a path.
        const bool is_plain = name.str().find('.') == std::string_view::npos;
        if (const BoundKey* key = is_plain ? find_key(keys, path) : nullptr) {
            key->set(ConfigValue(&node, path, file));
        } else if (is_plain && is_section(keys, path)) {
            const auto* section = node.as_table();
            if (section == nullptr) {
                fail_config(path, "must be a table");
            }
            read_table(*section, path, keys, file);
        } else {
            fail_config(path, unknown_key_problem(path));
        }
    }
}

std::string read_text(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        fail_config(path, "cannot read file: it does not exist");
    }
    std::ifstream in(path, std::ios::binary);
    // On Linux a directory opens fine and only fails on reading.
    if (!in || std::filesystem::is_directory(path, error)) {
        fail_config(path, "cannot read file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        fail_config(path, "cannot read file");
    }
    return text.str();
}

} // namespace

void read_config_file(const std::string& path, Config& config, const ZoneValidator& is_zone) {
    const std::string text = read_text(path);
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(path));
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        fail_config(path, "syntax error at line " + std::to_string(where.line) + ", column " +
                              std::to_string(where.column) + ": " + std::string(e.description()));
    }
    read_table(root, "", keys_for(config, is_zone), path);
    config.config_path = path;
}

} // namespace onevoice::bot::detail
