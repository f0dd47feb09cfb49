#include "bot/app/app.hpp"

#include "bot/app/config.hpp"
#include "bot/app/file_clock.hpp"
#include "bot/model/catalog.hpp"
#include "bot/model/errors.hpp"
#include "bot/model/fetch_error.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/adapter_state.hpp"
#include "bot/runtime/availability.hpp"
#include "bot/runtime/commit_pipeline.hpp"
#include "bot/runtime/core.hpp"
#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/health.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox.hpp"
#include "bot/runtime/router.hpp"
#include "bot/runtime/runtime.hpp"
#include "bot/runtime/scheduler.hpp"
#include "bot/runtime/users.hpp"
#include "bot/text/duration.hpp"
#include "bot/text/fold.hpp"
#include "commands/crisis/module.hpp"
#include "commands/handover/module.hpp"
#include "commands/help/module.hpp"
#include "commands/ideas/module.hpp"
#include "commands/listening/module.hpp"
#include "commands/team/module.hpp"
#include "integrations/console/console_adapter.hpp"
#include "integrations/http/http_endpoint.hpp"
#include "integrations/matrix/matrix_adapter.hpp"
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/net/url.hpp"
#include "integrations/slack/slack_adapter.hpp"
#include "integrations/sources/source_fetcher.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"
#include "storage/job_store.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox_store.hpp"
#include "storage/private_file.hpp"
#include "storage/team_store.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <pwd.h>
#include <random>
#include <unistd.h>

namespace onevoice::bot {
namespace {

// Platforms redeliver unacknowledged events for minutes; a week is ample.
constexpr auto k_event_retention = std::chrono::hours(24 * 7);
constexpr auto k_outbox_retention = std::chrono::hours(24 * 30);
constexpr LocalTime k_housekeeping_time{3, 30};

std::string os_user() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name) {
        return pw->pw_name;
    }
    if (const char* user = std::getenv("USER"); user && *user) {
        return user;
    }
    return "me";
}

// An admin entry names a user of one platform: "@boss" (console),
// "<@U024BE7LH>" (Slack), "@alice:example.org" (Matrix).
bool admin_is_for(const std::string& entry, std::string_view platform) {
    const bool slack = entry.rfind("<@", 0) == 0;
    const bool matrix = !slack && entry.find(':') != std::string::npos;
    if (platform == "slack") {
        return slack;
    }
    if (platform == "matrix") {
        return matrix;
    }
    return !slack && !matrix;
}

// Admins are managers from the start. On the console without admins, the
// person at the terminal becomes the first manager of a roster that has none
// (a new team's database); on one that has a manager, `--as` gives nobody
// anything (DESIGN.md, "no manager, no power"). True: that bootstrap happened.
bool seed_managers(storage::TeamStore& team, UserDirectory& users, const Config& config,
                   std::string_view platform, const std::optional<UserRef>& console_user,
                   const Clock& clock) {
    std::vector<UserRef> managers;
    for (const std::string& entry : config.admins) {
        if (admin_is_for(entry, platform)) {
            if (auto user = users.resolve(entry, platform)) {
                managers.push_back(std::move(*user));
            } else {
                throw ConfigError("admins", "'" + entry + "' is not a user name");
            }
        }
    }
    const bool bootstraps = managers.empty() && console_user && !users.has_manager();
    if (bootstraps) {
        managers.push_back(*console_user);
    }
    for (const UserRef& user : managers) {
        users.remember(user);
        team.add_role(user.key(), "manager", to_millis(clock.now()), "config");
    }
    return bootstraps;
}

// Where the bot's own notices go: the team's channel or room; empty
// conversation: none configured.
Place team_place(const Config& config) {
    const std::string& conversation = config.adapter == "slack"    ? config.slack_team_channel
                                      : config.adapter == "matrix" ? config.matrix_team_room
                                                                   : std::string("console");
    return Place{config.adapter, conversation, "", config.adapter == "console"};
}

// Where the weekly idea nudge goes: [ideas] channel, else the team's channel or
// room of the adapter; empty conversation: nowhere configured.
Place nudge_place(const Config& config) {
    Place place = team_place(config);
    if (!config.ideas.channel.empty()) {
        place.conversation = config.ideas.channel;
    }
    return place;
}

// The sentiment analyzer with the [[listen.lexicon]] files loaded; a file that
// cannot be read or parsed stops start-up naming its entry.
commands::SentimentAnalyzer sentiment_of(const Config& config) {
    commands::SentimentAnalyzer analyzer;
    for (std::size_t i = 0; i < config.listening.lexicons.size(); ++i) {
        const commands::ListenLexicon& lexicon = config.listening.lexicons[i];
        using Format = commands::SentimentAnalyzer::LexiconFormat;
        const Format format = lexicon.format == "vader"     ? Format::vader
                              : lexicon.format == "sentiws" ? Format::sentiws
                                                            : Format::afinn;
        try {
            analyzer.load_lexicon(lexicon.path, format, lexicon.language);
        } catch (const std::exception& e) {
            throw ConfigError("listen.lexicon[" + std::to_string(i + 1) + "].path", e.what());
        }
    }
    return analyzer;
}

// Config [ideas] with the place the nudge goes to.
commands::NudgeSettings nudge_settings(const Config& config) {
    commands::NudgeSettings settings = config.ideas;
    settings.place = nudge_place(config);
    return settings;
}

// Config [listen] with the place spike alerts go to.
commands::ListeningSettings listening_settings(const Config& config) {
    commands::ListeningSettings settings = config.listening;
    settings.alerts_place = nudge_place(config);
    return settings;
}

} // namespace

int run_app(const Config& config) {
    log::configure(config.log_level, config.log_format);
    const auto zone = TimeZone::find(config.time_zone);
    if (!zone) {
        throw ConfigError("time_zone", "unknown time zone '" + config.time_zone + "'");
    }
    std::optional<integrations::net::Url> matrix_url;
    if (config.adapter == "matrix") {
        if (config.matrix_homeserver.empty()) {
            throw ConfigError("matrix.homeserver",
                              "matrix needs the homeserver URL (or MATRIX_HOMESERVER)");
        }
        matrix_url = integrations::net::Url::parse(config.matrix_homeserver);
        if (!matrix_url || matrix_url->websocket()) {
            throw ConfigError("matrix.homeserver", "not a valid http(s) URL");
        }
        if (config.matrix_access_token.empty() &&
            (config.matrix_user.empty() || config.matrix_password.empty())) {
            throw ConfigError("adapter", "matrix needs MATRIX_ACCESS_TOKEN, or MATRIX_USER and "
                                         "MATRIX_PASSWORD in the environment");
        }
    }
    if (config.adapter == "slack" &&
        (config.slack_app_token.empty() || config.slack_bot_token.empty())) {
        throw ConfigError("adapter",
                          "slack needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN in the environment");
    }
    const auto slack_url = integrations::net::Url::parse(config.slack_api_url);
    if (!slack_url) {
        throw ConfigError("SLACK_API_URL", "not a valid http(s) URL");
    }

    // Looked at before opening (SQLite gives a new -wal/-shm the database's
    // mode), said once it opened, so that a start-up failure stays one line.
    const std::vector<std::string> open_to_others = storage::files_open_to_others(config.database);
    std::optional<storage::Database> db_holder;
    try {
        db_holder.emplace(config.database);
        if (db_holder->is_read_only()) {
            // SQLite fell back to reading only, and stays so even once the file is
            // writable again: stop (and be restarted) rather than refuse every command.
            std::cerr << "onevoice: the database " << config.database << " is read-only\n";
            return 1;
        }
        storage::migrate(*db_holder, fold);
    } catch (const storage::DbError& e) {
        std::cerr << "onevoice: " << e.what() << '\n';
        return 1;
    }
    for (const std::string& file : open_to_others) {
        log::warn("the database file is readable by other users; make it private with chmod 600",
                  {{"file", file}});
    }
    storage::Database& db = *db_holder;
    storage::EventLog events(db);
    storage::OutboxStore outbox_store(db);
    storage::JobStore jobs(db);
    storage::TeamStore team(db);

    // The test clock only when an end-to-end test asks for it (bot/app/file_clock.hpp).
    SystemClock system_clock;
    std::optional<FileClock> test_clock;
    if (!config.test_clock_file.empty()) {
        test_clock.emplace(config.test_clock_file);
        log::warn("test mode: the clock is read from ONEVOICE_TEST_CLOCK_FILE",
                  {{"file", config.test_clock_file}});
    }
    const Clock& clock = test_clock ? static_cast<const Clock&>(*test_clock) : system_clock;
    Catalog catalog(config.locale);
    // Hints name commands as they are typed here: Slack declares every command as
    // a slash command (integrations/slack/manifest.yml), Matrix rooms need the prefix.
    catalog.set_command_prefix(config.adapter == "matrix"  ? config.matrix_prefix
                               : config.adapter == "slack" ? "/"
                                                           : "");
    catalog.add(integrations::slack::slack_messages());
    UserDirectory users(team, clock);
    const HandlerContext context{catalog, clock, *zone, users};

    Metrics metrics;
    OutboxWriter writer(outbox_store, clock);
    Router router(db, events, users, writer, catalog, clock);
    router.set_metrics(metrics);
    Scheduler scheduler(db, jobs, writer);
    scheduler.set_metrics(metrics);
    Availability availability(team, users);
    Core core{db, team, jobs, catalog, context, users, availability, router, scheduler, writer};

    // Listening polls over its own TLS context: the chat adapter's may trust an extra CA.
    boost::asio::io_context io;
    boost::asio::ssl::context sources_tls = integrations::net::make_client_tls_context();
    integrations::sources::SourceFetcherOptions fetch_options;
    fetch_options.reddit_base = config.listening.reddit_url;
    fetch_options.hackernews_base = config.listening.hackernews_url;
    fetch_options.max_bytes =
        static_cast<std::size_t>(config.listening.max_response_mb) * 1024 * 1024;
    fetch_options.allow_private_addresses = config.listening.listen.allow_private_addresses;
    integrations::sources::SourceFetcher fetcher(io, sources_tls, fetch_options);

    // The domains, each through its module (commands/<domain>/module.hpp).
    commands::TeamModule team_module(core);
    commands::HelpModule help_module(core);
    commands::IdeasModule ideas_module(core, nudge_settings(config));
    commands::HandoverModule handover_module(core, config.handover);
    commands::CrisisModule crisis_module(core, config.crisis);
    commands::ListeningModule listening_module(
        core, listening_settings(config), sentiment_of(config), fetcher,
        [&crisis_module](const Invocation& by, const std::string& title, const std::string& entry) {
            return crisis_module.commands.declare_with_entry(by, title, entry);
        });
    team_module.team.set_on_back([&handover_module](const UserRef& user, LocalDate since) {
        return handover_module.welcome_back(user, since);
    });

    scheduler.register_kind("housekeeping", [&](const storage::JobRow&, TimePoint now) {
        events.prune(to_millis(now - k_event_retention));
        outbox_store.prune(to_millis(now - k_outbox_retention));
        return JobOutcome{{}, zone->next_daily(now, k_housekeeping_time)};
    });

    const bool on_console = config.adapter == "console";
    const std::string name = config.console_user.empty() ? os_user() : config.console_user;
    const UserRef console_user{"console", name, name, ""};
    {
        storage::Transaction tx(db);
        const bool bootstrapped =
            seed_managers(team, users, config, config.adapter,
                          on_console ? std::optional<UserRef>(console_user) : std::nullopt, clock);
        Reply notice = Reply::to_place();
        notice.place = team_place(config);
        if (bootstrapped) {
            notice.text(catalog.rich("app.first_manager", {code(full_id(console_user))}));
            writer.enqueue(notice);
        } else if (!on_console && !users.has_manager()) {
            // Said once at each start where the team reads it, and logged.
            log::warn("no manager: lead commands are refused until one is configured",
                      {{"fix", "admins in onevoice.toml"}});
            if (!notice.place.conversation.empty()) {
                notice.text(catalog.rich("app.no_manager"));
                writer.enqueue(notice);
            }
        }
        tx.commit();
    }
    listening_module.start(clock.now());
    handover_module.start(clock.now());
    scheduler.ensure("housekeeping", "housekeeping",
                     zone->next_daily(clock.now(), k_housekeeping_time));
    ideas_module.start(clock.now());

    std::mt19937_64 engine{std::random_device{}()};
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    const auto random01 = [&engine, &jitter] {
        return jitter(engine);
    };

    std::unique_ptr<ChatAdapter> adapter_holder;
    std::optional<boost::asio::ssl::context> tls;
    std::optional<integrations::net::HttpClient> http;
    SettingsState adapter_state(db);
    if (on_console) {
        adapter_holder = std::make_unique<integrations::console::ConsoleAdapter>(
            io, STDIN_FILENO, std::cout, console_user, catalog, ::isatty(STDIN_FILENO) == 1);
    } else if (matrix_url) {
        tls.emplace(integrations::net::make_client_tls_context(config.matrix_ca_file));
        http.emplace(io, *tls);
        integrations::matrix::MatrixOptions options;
        options.homeserver = *matrix_url;
        options.user = config.matrix_user;
        options.rooms = config.matrix_rooms;
        options.prefix = config.matrix_prefix;
        options.allow_invites_from = config.matrix_allow_invites_from;
        options.trusted_servers = config.matrix_trusted_servers;
        options.team_room = config.matrix_team_room;
        options.sync_timeout = config.matrix_sync_timeout;
        auto matrix = std::make_unique<integrations::matrix::MatrixAdapter>(
            io, *http, adapter_state, config.matrix_access_token, config.matrix_password,
            std::move(options), random01);
        // A typed id of a foreign server is an outsider even before they ever spoke.
        users.set_outsider_check([&adapter = *matrix](const UserRef& user) {
            return user.platform == "matrix" && adapter.is_outsider(user.id);
        });
        adapter_holder = std::move(matrix);
    } else {
        tls.emplace(integrations::net::make_client_tls_context(config.slack_ca_file));
        http.emplace(io, *tls);
        integrations::slack::SlackOptions options;
        options.api_url = *slack_url;
        options.socket.idle_timeout = config.slack_idle_timeout;
        options.team_channel = config.slack_team_channel;
        options.offline_notice_after =
            std::chrono::duration_cast<Duration>(config.slack_offline_notice);
        options.circles.trusted_teams = config.slack_trusted_teams;
        options.circles.guests_are_colleagues = config.slack_guests_are_colleagues;
        options.clock = &clock;
        options.catalog = &catalog;
        adapter_holder = std::make_unique<integrations::slack::SlackAdapter>(
            io, *tls, *http, config.slack_app_token, config.slack_bot_token, std::move(options),
            random01);
    }
    ChatAdapter& adapter = *adapter_holder;
    adapter.set_metrics(metrics);
    OutboxPolicy policy;
    policy.max_attempts = config.outbox_max_attempts;
    OutboxSender sender(db, outbox_store, adapter, clock, policy, random01);
    sender.set_metrics(metrics);
    SourcePoller& poller = listening_module.poller;
    poller.set_metrics(metrics);
    // Acks and messages wait for the disk in one place, many commits per sync,
    // instead of every commit waiting on the runtime's thread. Not on the
    // console: one person typing has nothing to group, and replies released
    // together would print out of the order they were typed in.
    std::optional<CommitPipeline> commits;
    try {
        if (on_console) {
            commits.emplace();
        } else {
            commits.emplace(io, db);
        }
    } catch (const storage::DbError& e) {
        std::cerr << "onevoice: " << e.what() << '\n';
        return 1;
    }
    Runtime runtime(io, router, scheduler, sender, *commits, clock,
                    std::chrono::duration_cast<Duration>(config.shutdown_drain));
    if (test_clock) {
        runtime.set_max_wait(std::chrono::milliseconds(100));
    }
    runtime.add_timed_work(poller);
    runtime.set_reconnect_notice([&](Duration offline, const Place& place) {
        storage::Transaction tx(db);
        const std::int64_t queued = outbox_store.pending_count();
        Reply notice = Reply::to_place();
        notice.place = place;
        notice.text(catalog.plural_rich(
            "runtime.back_online", static_cast<std::int64_t>(queued),
            {plain(duration_text(std::chrono::duration_cast<std::chrono::milliseconds>(offline),
                                 DurationUnit::second)),
             plain(std::to_string(queued))}));
        writer.enqueue(notice);
        tx.commit();
    });
    HealthCheck health(db, outbox_store, adapter, clock, metrics);
    std::optional<integrations::http::HttpEndpoint> endpoint;
    if (config.http_listen) {
        try {
            integrations::http::EndpointProbes probes;
            probes.health = [&health] {
                return health.check();
            };
            probes.before_scrape = [&health] {
                health.update_gauges();
            };
            endpoint.emplace(io, config.http_listen->host, config.http_listen->port, metrics,
                             std::move(probes));
        } catch (const std::runtime_error& e) {
            throw ConfigError("http.listen", e.what());
        }
    }
    log::info("OneVoice started", {{"adapter", config.adapter},
                                   {"database", config.database},
                                   {"locale", std::string(locale_name(config.locale))}});
    const int code = runtime.run(adapter);
    log::info("OneVoice stopped");
    return code;
}

} // namespace onevoice::bot
