#pragma once

#include "bot/model/locale.hpp"
#include "bot/model/secret.hpp"
#include "bot/runtime/log.hpp"
#include "commands/crisis/settings.hpp"
#include "commands/handover/settings.hpp"
#include "commands/ideas/settings.hpp"
#include "commands/listening/settings.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::bot {

// Where the HTTP endpoint (/healthz, /metrics) listens: a host name or address
// (IPv6 without brackets) and a port; port 0 lets the system pick one.
struct ListenAddress {
    std::string host;
    int port = 0;
    bool operator==(const ListenAddress&) const = default;
};

// Everything the bot reads at start-up. Each field names where it comes from; flags win over the
// file, the file over the defaults written here. Secrets come only from the environment.
struct Config {
    std::optional<std::string> config_path; // the file that was read, if any
    std::string database = "onevoice.db";   // toml `database`, flag --db
    // "console" | "slack" | "matrix"; toml `adapter`, flag --adapter. When unset: "slack" if
    // SLACK_APP_TOKEN and SLACK_BOT_TOKEN are set, else "matrix" if MATRIX_ACCESS_TOKEN or
    // MATRIX_PASSWORD is set, else "console".
    std::string adapter;
    Locale locale = Locale::en;    // toml `locale`, flag --locale
    std::string time_zone = "UTC"; // toml `time_zone` (IANA name), validated
    // toml `admins`: "@boss" (console), "<@U024BE7LH>" (Slack), "@alice:example.org" (Matrix).
    std::vector<std::string> admins;
    LogLevel log_level = LogLevel::info;    // toml `log_level`, flag --log-level
    LogFormat log_format = LogFormat::text; // toml `log_format`, flag --log-format
    // Flag --as @name, without the '@'. Empty: the caller picks the OS user.
    std::string console_user;
    // toml [http] listen, flag --http: "127.0.0.1:9477" serves /healthz and /metrics there.
    // Off when unset. The endpoint has no authentication: bind it to loopback.
    std::optional<ListenAddress> http_listen;
    int outbox_max_attempts = 8;            // toml [outbox] max_attempts, 1..100
    std::chrono::seconds shutdown_drain{5}; // toml [outbox] shutdown_drain_seconds, 0..300
    // Slack: the Web API base URL from SLACK_API_URL (tests and benchmarks point it at a
    // local fake); toml [slack] ca_file, an extra CA for a TLS-intercepting proxy or a fake;
    // toml [slack] team_channel, the channel id for the bot's own notices.
    std::string slack_api_url = "https://slack.com/api/";
    std::string slack_ca_file;
    std::string slack_team_channel;
    // toml [slack] offline_notice_seconds: after this long offline, say so in team_channel.
    std::chrono::seconds slack_offline_notice{60};
    // toml [slack] idle_timeout_seconds: a Socket Mode connection silent this long (no frame, no
    // pong to the ping sent after half of it) is replaced.
    std::chrono::seconds slack_idle_timeout{30};
    // toml [slack] trusted_teams: ids of other workspaces ("T0123ABCD") whose users are
    // colleagues, not outsiders (the installing workspace and its Enterprise Grid always are);
    // [slack] guests: "outsider" (default) or "colleague", the circle of the workspace's guests.
    std::vector<std::string> slack_trusted_teams;
    bool slack_guests_are_colleagues = false;
    // Matrix: toml [matrix] homeserver or MATRIX_HOMESERVER (wins), an http(s) base URL;
    // MATRIX_USER (the bot's user id or localpart) for a password login; [matrix] rooms, room
    // ids or aliases to join at start-up; [matrix] prefix before a command in a room (default
    // "!"); [matrix] allow_invites_from, user ids ("@alice:example.org") or server names
    // ("example.org") whose invites the bot accepts (empty: the bot's own server);
    // [matrix] ca_file as for Slack; [matrix] team_room for the bot's own notices.
    std::string matrix_homeserver;
    std::string matrix_user;
    std::vector<std::string> matrix_rooms;
    std::string matrix_prefix = "!";
    std::vector<std::string> matrix_allow_invites_from;
    std::string matrix_ca_file;
    std::string matrix_team_room;
    // toml [matrix] sync_timeout_seconds: how long a /sync long-poll waits for news; a homeserver
    // that does not answer within about twice this is given up on and asked again.
    std::chrono::seconds matrix_sync_timeout{30};
    // toml [matrix] trusted_servers: server names ("example.org") whose users are colleagues;
    // everyone else is an outsider. Empty: the bot's own server only.
    std::vector<std::string> matrix_trusted_servers;
    // Each domain's settings, filled by the keys of its section (commands/<domain>/settings.hpp):
    // [ideas], [handover], [crisis] with [crisis.playbooks], [listen] with [listen.spikes] and
    // [[listen.lexicon]].
    commands::NudgeSettings ideas;
    commands::HandoverSettings handover;
    commands::CrisisSettings crisis;
    commands::ListeningSettings listening;
    // ONEVOICE_TEST_CLOCK_FILE, environment only: end-to-end tests run the bot on a clock read
    // from this file (bot/app/file_clock.hpp). Empty: the system clock.
    std::string test_clock_file;
    // Only from the environment variables of the same name in upper case.
    Secret slack_app_token, slack_bot_token, matrix_access_token, matrix_password;
    bool show_help = false, show_version = false; // --help / -h, --version
};

// Looks up an environment variable; tests pass a map-backed one.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
// True when `name` is a known IANA zone; injected so this file needs no tz library. An empty
// function accepts every name.
using ZoneValidator = std::function<bool(std::string_view name)>;

// Reads flags (argv without argv[0]), then the config file (flag --config PATH; else
// ./onevoice.toml when it exists in the current directory; else none), then applies the secrets
// from `env` and picks the adapter. Precedence: flag > file > default.
//
// With --help or --version it returns right after the flags, without reading the file or `env`,
// so help works even when the config is broken.
//
// Throws ConfigError whose key names the flag (`--db`), the dotted file key (`locale`,
// `outbox.max_attempts`) or, for an unreadable file or a TOML syntax error, the file path; the
// problem is one line and never contains a secret.
Config load_config(const std::vector<std::string>& args, const EnvLookup& env,
                   const ZoneValidator& is_zone);

// The --help text: every flag with one line of explanation. Ends with a newline.
std::string usage_text();

} // namespace onevoice::bot
