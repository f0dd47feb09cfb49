#include "integrations/slack/slack_adapter.hpp"

#include "bot/log.hpp"

namespace onevoice::integrations::slack {

namespace {

bot::TimePoint now() {
    return std::chrono::time_point_cast<bot::Duration>(std::chrono::system_clock::now());
}

// The envelope type for the metrics, from a fixed set so that odd input cannot grow it.
std::string_view metric_type(const ParsedEnvelope& envelope) {
    if (std::holds_alternative<SlashCommand>(envelope.payload)) {
        return "slash_commands";
    }
    if (std::holds_alternative<EventCallback>(envelope.payload)) {
        return "events_api";
    }
    if (std::holds_alternative<BlockActions>(envelope.payload)) {
        return "interactive";
    }
    return std::holds_alternative<Malformed>(envelope.payload) ? "malformed" : "other";
}

} // namespace

SlackAdapter::SlackAdapter(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                           net::HttpClient& http, bot::Secret app_token, bot::Secret bot_token,
                           SlackOptions options, std::function<double()> random01)
    : m_io(io)
    , m_api(http, options.api_url, std::move(bot_token), std::move(app_token))
    , m_socket(io, tls, m_api,
               SocketMode::Handlers{[this](ParsedEnvelope envelope, std::function<void()> ack) {
                                        on_envelope(std::move(envelope), std::move(ack));
                                    },
                                    [this] { on_connected(); }, [this] { on_disconnected(); },
                                    [this](const std::string& reason) {
                                        fatal(reason);
                                    }},
               options.socket, random01)
    , m_auth_backoff(options.socket.backoff_base, options.socket.backoff_cap, random01)
    , m_auth_timer(io)
    , m_team_channel(std::move(options.team_channel))
    , m_offline_notice_after(options.offline_notice_after)
    , m_catalog(options.catalog) {}

SlackAdapter::~SlackAdapter() {
    *m_alive = false;
}

void SlackAdapter::start(bot::EventSink& sink) {
    m_sink = &sink;
    authenticate();
}

void SlackAdapter::stop() {
    m_stopped = true;
    m_auth_timer.cancel();
    m_socket.stop();
}

void SlackAdapter::authenticate() {
    m_api.call("auth.test", nlohmann::json::object(), WebApi::Token::bot,
               [this, alive = m_alive](const ApiResponse& response) {
                   if (!*alive || m_stopped) {
                       return;
                   }
                   if (response.is_auth_failure()) {
                       fatal("Slack rejected the bot token (SLACK_BOT_TOKEN): " + response.error);
                       return;
                   }
                   if (!response.ok) {
                       // Slack unreachable at start-up: keep trying, like a reconnect.
                       const bot::Duration wait = m_auth_backoff.next();
                       bot::log::warn(
                           "cannot reach Slack; retrying",
                           {{"error", response.error}, {"in_ms", std::to_string(wait.count())}});
                       m_auth_timer.expires_after(wait);
                       m_auth_timer.async_wait([this, alive](boost::system::error_code ec) {
                           if (!ec && *alive) {
                               authenticate();
                           }
                       });
                       return;
                   }
                   m_identity.user_id = string_field(response.body, "user_id");
                   m_identity.team_id = string_field(response.body, "team_id");
                   if (m_identity.user_id.empty()) {
                       // An app-level token passes auth.test but names no bot user.
                       fatal("SLACK_BOT_TOKEN is not a bot token (xoxb-...)");
                       return;
                   }
                   bot::log::info("Slack bot authenticated",
                                  {{"bot_user", m_identity.user_id}, {"team", m_identity.team_id}});
                   m_socket.start();
               });
}

void SlackAdapter::on_envelope(ParsedEnvelope envelope, std::function<void()> ack) {
    const bot::TimePoint received = now();
    metrics().event(metric_type(envelope));
    ack = when_durable(metrics().timed_ack(std::move(ack)));
    if (const auto* command = std::get_if<SlashCommand>(&envelope.payload)) {
        bot::Command out = to_command(*command, received);
        describe(out.user);
        m_sink->on_command(std::move(out), std::move(ack));
        return;
    }
    if (const auto* callback = std::get_if<EventCallback>(&envelope.payload)) {
        auto command = to_command(*callback, m_identity, received);
        if (!command) {
            ack(); // the bot's own messages, edits, other subtypes: nothing to do
            return;
        }
        describe(command->user);
        // A redelivery (retry_attempt > 0) carries the same event_id: the router
        // recognises it, so it is never dropped here (it may be the only copy).
        m_sink->on_command(std::move(*command), std::move(ack));
        return;
    }
    if (const auto* actions = std::get_if<BlockActions>(&envelope.payload)) {
        auto pressed = to_actions(*actions, received);
        for (bot::Action& action : pressed) {
            describe(action.user);
        }
        dispatch_actions(std::move(pressed), std::move(ack));
        return;
    }
    if (const auto* malformed = std::get_if<Malformed>(&envelope.payload)) {
        bot::log::warn("malformed Slack envelope skipped",
                       {{"envelope", envelope.envelope_id}, {"error", malformed->error}});
    } else if (const auto* unknown = std::get_if<Unknown>(&envelope.payload)) {
        bot::log::debug("unknown Slack envelope type skipped", {{"type", unknown->type}});
    }
    ack(); // acknowledged so Slack does not send it again and again
}

void SlackAdapter::dispatch_actions(std::vector<bot::Action> actions, std::function<void()> ack) {
    // One envelope, one ack: only when every action in it was stored.
    bool all_stored = true;
    for (bot::Action& action : actions) {
        bool stored = false;
        m_sink->on_action(std::move(action), [&stored] { stored = true; });
        all_stored = all_stored && stored;
    }
    if (all_stored) {
        ack();
    }
}

void SlackAdapter::describe(bot::UserRef& user) {
    KnownUser& known = m_users[user.id];
    if (user.display_name.empty()) {
        user.display_name = known.name;
    }
    user.time_zone = known.time_zone;
    if (known.is_asked) {
        return;
    }
    known.is_asked = true;
    // https://api.slack.com/methods/users.info: the profile's display name
    // (else the handle) and `tz`, the IANA zone set in the user's profile.
    m_api.call("users.info", {{"user", user.id}}, WebApi::Token::bot,
               [this, alive = m_alive, user_id = user.id](const ApiResponse& response) {
                   if (!*alive) {
                       return;
                   }
                   KnownUser& entry = m_users[user_id];
                   if (!response.ok) {
                       entry.is_asked = false; // ask again with the next event
                       return;
                   }
                   const auto info = response.body.find("user");
                   if (info == response.body.end() || !info->is_object()) {
                       return;
                   }
                   const auto profile = info->find("profile");
                   if (profile != info->end() && profile->is_object()) {
                       entry.name = string_field(*profile, "display_name");
                   }
                   if (entry.name.empty()) {
                       entry.name = string_field(*info, "name");
                   }
                   entry.time_zone = string_field(*info, "tz");
               });
}

void SlackAdapter::on_disconnected() {
    m_offline.on_lost();
}

void SlackAdapter::on_connected() {
    const auto offline = m_offline.on_connected();
    if (!offline) {
        return;
    }
    bot::log::info("back online", {{"offline_ms", std::to_string(offline->count())}});
    metrics().reconnect();
    if (!m_team_channel.empty() && *offline >= m_offline_notice_after && m_sink) {
        m_sink->on_reconnected(*offline, bot::Place{"slack", m_team_channel, "", false});
    }
}

void SlackAdapter::fatal(const std::string& reason) {
    if (m_stopped) {
        return;
    }
    bot::log::error(reason);
    stop();
    if (m_sink) {
        m_sink->on_fatal(3);
    }
}

} // namespace onevoice::integrations::slack
