#include "integrations/slack/slack_adapter.hpp"

#include "bot/runtime/log.hpp"

#include <memory>
#include <utility>

namespace onevoice::integrations::slack {

namespace {

bot::TimePoint now() {
    return std::chrono::time_point_cast<bot::Duration>(std::chrono::system_clock::now());
}

const bot::Clock& system_clock() {
    static const bot::SystemClock clock;
    return clock;
}

// A command waits for users.info only on first contact (and once an hour); Slack wants a
// slash command acknowledged within 3 seconds, so the wait ends well before that.
constexpr bot::Duration k_user_info_timeout = std::chrono::seconds(2);

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
                           net::HttpTransport& http, bot::Secret app_token, bot::Secret bot_token,
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
    , m_circles(std::move(options.circles))
    , m_user_info_ttl(options.user_info_ttl)
    , m_clock(options.clock != nullptr ? *options.clock : system_clock())
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
                   // Set for a workspace of an Enterprise Grid organisation only.
                   m_identity.enterprise_id = string_field(response.body, "enterprise_id");
                   if (m_identity.user_id.empty()) {
                       // An app-level token passes auth.test but names no bot user.
                       fatal("SLACK_BOT_TOKEN is not a bot token (xoxb-...)");
                       return;
                   }
                   bot::log::info("Slack bot authenticated",
                                  {{"bot_user", m_identity.user_id},
                                   {"team", m_identity.team_id},
                                   {"enterprise", m_identity.enterprise_id}});
                   m_socket.start();
               });
}

void SlackAdapter::on_envelope(ParsedEnvelope envelope, std::function<void()> ack) {
    const bot::TimePoint received = now();
    metrics().event(metric_type(envelope));
    // The runtime acks a stored event once it is on disk (acks_later()); an
    // event that stores nothing is acked here at once.
    ack = metrics().timed_ack(std::move(ack));
    if (const auto* command = std::get_if<SlashCommand>(&envelope.payload)) {
        run_command(to_command(*command, received), command->team_id, std::move(ack));
        return;
    }
    if (const auto* callback = std::get_if<EventCallback>(&envelope.payload)) {
        auto command = to_command(*callback, m_identity, received);
        if (!command) {
            ack(); // the bot's own messages, edits, other subtypes: nothing to do
            return;
        }
        // A redelivery (retry_attempt > 0) carries the same event_id: the router
        // recognises it, so it is never dropped here (it may be the only copy).
        run_command(std::move(*command), callback->event.author_team(), std::move(ack));
        return;
    }
    if (const auto* actions = std::get_if<BlockActions>(&envelope.payload)) {
        auto pressed = to_actions(*actions, received);
        if (pressed.empty()) {
            ack();
            return;
        }
        // Every pressed element of one payload is the same person's.
        bot::UserRef presser = pressed.front().user;
        identify(std::move(presser), actions->team_id,
                 [this, pressed = std::move(pressed), ack = std::move(ack)](bot::UserRef user) {
                     std::vector<bot::Action> out = pressed;
                     for (bot::Action& action : out) {
                         action.user = user;
                     }
                     dispatch_actions(std::move(out), ack);
                 });
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
    // One envelope, one ack: once every action in it was stored. The runtime
    // releases each action's ack when its commit is on disk, maybe later.
    auto left = std::make_shared<std::size_t>(actions.size());
    for (bot::Action& action : actions) {
        m_sink->on_action(std::move(action), [left, ack] {
            if (--*left == 0) {
                ack();
            }
        });
    }
}

void SlackAdapter::run_command(bot::Command command, std::string payload_team,
                               std::function<void()> ack) {
    bot::UserRef user = command.user;
    identify(std::move(user), std::move(payload_team),
             [this, command = std::move(command), ack = std::move(ack)](bot::UserRef known) {
                 bot::Command out = command;
                 out.user = std::move(known);
                 m_sink->on_command(std::move(out), ack);
             });
}

void SlackAdapter::identify(bot::UserRef user, std::string payload_team,
                            std::function<void(bot::UserRef)> then) {
    const std::string id = user.id;
    look_up(id, [this, user = std::move(user), payload_team = std::move(payload_team),
                 then = std::move(then)](const SlackUser* known) {
        if (m_stopped) {
            return; // not acknowledged: Slack sends it again to the next run
        }
        bot::UserRef out = user;
        if (known != nullptr) {
            if (out.display_name.empty()) {
                out.display_name = known->name;
            }
            out.time_zone = known->time_zone;
        }
        out.is_outsider = is_outsider(m_identity, m_circles, payload_team, known);
        bot::log::debug("slack user circle",
                        {{"user", out.id},
                         {"team", payload_team},
                         {"circle", out.is_outsider ? "outsider" : "organisation"}});
        then(std::move(out));
    });
}

void SlackAdapter::look_up(const std::string& user_id, Lookup then) {
    KnownUser& known = m_users[user_id];
    if (known.waiting.empty() && known.is_known &&
        m_clock.now() - known.known_at < m_user_info_ttl) {
        then(&known.user);
        return;
    }
    known.waiting.push_back(std::move(then));
    if (known.waiting.size() > 1) {
        return; // a call is under way; its answer serves everyone waiting, in order
    }
    // https://api.slack.com/methods/users.info
    m_api.call(
        "users.info", {{"user", user_id}}, WebApi::Token::bot,
        [this, alive = m_alive, user_id](const ApiResponse& response) {
            if (*alive) {
                on_user_info(user_id, response);
            }
        },
        k_user_info_timeout);
}

void SlackAdapter::on_user_info(const std::string& user_id, const ApiResponse& response) {
    KnownUser& known = m_users[user_id];
    const auto user = response.body.find("user");
    if (response.ok && user != response.body.end() && user->is_object()) {
        known.user = parse_user(*user);
        known.is_known = true;
        known.known_at = m_clock.now();
    } else {
        // The last good answer still decides (a team never changes, a guest rarely); with
        // none, the person is an outsider for these commands, which are answered and acked,
        // and the next command asks again.
        bot::log::warn("users.info failed; the circle comes from the last answer, else outsider",
                       {{"user", user_id}, {"error", response.error}});
    }
    const std::vector<Lookup> waiting = std::exchange(known.waiting, {});
    const std::optional<SlackUser> answer =
        known.is_known ? std::optional<SlackUser>(known.user) : std::nullopt;
    for (const Lookup& then : waiting) {
        then(answer ? &*answer : nullptr);
    }
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
