#include "integrations/slack/slack_adapter.hpp"

#include "bot/log.hpp"
#include "integrations/slack/block_kit.hpp"

namespace onevoice::integrations::slack {

namespace {

bot::TimePoint now() {
    return std::chrono::time_point_cast<bot::Duration>(std::chrono::system_clock::now());
}

// Adds the Block Kit rendering of `reply` to a method's arguments.
nlohmann::json message_args(const bot::Reply& reply, const std::string& channel) {
    nlohmann::json args = render(reply);
    args["channel"] = channel;
    if (!reply.place.thread.empty() && reply.replaces.empty()) {
        args["thread_ts"] = reply.place.thread;
    }
    return args;
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
    , m_offline_notice_after(options.offline_notice_after) {}

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
                   m_identity.user_id = response.body.value("user_id", "");
                   m_identity.team_id = response.body.value("team_id", "");
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
    if (const auto* command = std::get_if<SlashCommand>(&envelope.payload)) {
        m_names.emplace(command->user_id, command->user_name);
        m_sink->on_command(to_command(*command, received), std::move(ack));
        return;
    }
    if (const auto* callback = std::get_if<EventCallback>(&envelope.payload)) {
        auto command = to_command(*callback, m_identity, received);
        if (!command) {
            ack(); // the bot's own messages, edits, other subtypes: nothing to do
            return;
        }
        if (const auto name = m_names.find(command->user.id); name != m_names.end()) {
            command->user.display_name = name->second;
        } else {
            learn_name(command->user.id);
        }
        // A redelivery (retry_attempt > 0) carries the same event_id: the router
        // recognises it, so it is never dropped here (it may be the only copy).
        m_sink->on_command(std::move(*command), std::move(ack));
        return;
    }
    if (const auto* actions = std::get_if<BlockActions>(&envelope.payload)) {
        m_names.emplace(actions->user_id, actions->user_name);
        dispatch_actions(to_actions(*actions, received), std::move(ack));
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

void SlackAdapter::learn_name(const std::string& user_id) {
    m_names.emplace(user_id, std::string());
    m_api.call("users.info", {{"user", user_id}}, WebApi::Token::bot,
               [this, alive = m_alive, user_id](const ApiResponse& response) {
                   if (!*alive || !response.ok) {
                       return;
                   }
                   const auto& user = response.body.value("user", nlohmann::json::object());
                   const auto profile = user.value("profile", nlohmann::json::object());
                   std::string name = profile.value("display_name", "");
                   if (name.empty()) {
                       name = user.value("name", "");
                   }
                   m_names[user_id] = name;
               });
}

void SlackAdapter::send(std::string_view method, nlohmann::json args,
                        std::function<void(bot::DeliveryResult)> done) {
    m_api.call(method, args, WebApi::Token::bot,
               [this, alive = m_alive, done = std::move(done)](const ApiResponse& response) {
                   if (*alive && response.is_auth_failure()) {
                       // Kept for the next start: a revoked token is not the message's fault.
                       fatal("Slack rejected the bot token (SLACK_BOT_TOKEN): " + response.error);
                       done(bot::DeliveryResult::transient(response.error));
                       return;
                   }
                   done(classify(response));
               });
}

void SlackAdapter::open_direct(const std::string& user_id,
                               std::function<void(const ApiResponse&, std::string)> then) {
    if (const auto it = m_direct_channels.find(user_id); it != m_direct_channels.end()) {
        ApiResponse cached;
        cached.ok = true;
        then(cached, it->second);
        return;
    }
    m_api.call("conversations.open", {{"users", user_id}}, WebApi::Token::bot,
               [this, alive = m_alive, user_id, then = std::move(then)](const ApiResponse& r) {
                   std::string channel;
                   if (r.ok) {
                       channel = r.body.value("channel", nlohmann::json::object()).value("id", "");
                       if (*alive && !channel.empty()) {
                           m_direct_channels[user_id] = channel;
                       }
                   }
                   then(r, channel);
               });
}

void SlackAdapter::deliver(std::int64_t /*id*/, const bot::Reply& reply,
                           std::function<void(bot::DeliveryResult)> done) {
    switch (reply.audience) {
    case bot::Audience::requester: {
        if (!reply.recipient) {
            done(bot::DeliveryResult::permanent("ephemeral reply without a recipient"));
            return;
        }
        nlohmann::json args = message_args(reply, reply.place.conversation);
        args["user"] = reply.recipient->id;
        send("chat.postEphemeral", std::move(args), std::move(done));
        return;
    }
    case bot::Audience::place: {
        nlohmann::json args = message_args(reply, reply.place.conversation);
        if (!reply.replaces.empty()) {
            args["ts"] = reply.replaces;
            send("chat.update", std::move(args), std::move(done));
            return;
        }
        send("chat.postMessage", std::move(args), std::move(done));
        return;
    }
    case bot::Audience::direct:
        break;
    }
    if (!reply.recipient) {
        done(bot::DeliveryResult::permanent("direct message without a recipient"));
        return;
    }
    open_direct(reply.recipient->id, [this, reply, done = std::move(done)](const ApiResponse& r,
                                                                           std::string channel) {
        if (!r.ok || channel.empty()) {
            done(r.ok ? bot::DeliveryResult::permanent("no direct channel") : classify(r));
            return;
        }
        bot::Reply in_direct = reply;
        in_direct.place.thread.clear();
        send("chat.postMessage", message_args(in_direct, channel), done);
    });
}

void SlackAdapter::on_disconnected() {
    if (!m_offline_since) {
        m_offline_since = std::chrono::steady_clock::now();
    }
}

void SlackAdapter::on_connected() {
    if (!m_offline_since) {
        return;
    }
    const auto offline = std::chrono::duration_cast<bot::Duration>(
        std::chrono::steady_clock::now() - *m_offline_since);
    m_offline_since.reset();
    bot::log::info("back online", {{"offline_ms", std::to_string(offline.count())}});
    if (!m_team_channel.empty() && offline >= m_offline_notice_after && m_sink) {
        m_sink->on_reconnected(offline, bot::Place{"slack", m_team_channel, "", false});
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
