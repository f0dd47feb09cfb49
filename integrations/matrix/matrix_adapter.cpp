#include "integrations/matrix/matrix_adapter.hpp"

#include "bot/runtime/log.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <random>

namespace onevoice::integrations::matrix {

namespace {

using nlohmann::json;

constexpr std::string_view k_client = "/_matrix/client/v3";
// More than a 30 s long-poll: the server answers at the timeout at the latest.
constexpr auto k_sync_slack = std::chrono::seconds(30);

bot::TimePoint now() {
    return std::chrono::time_point_cast<bot::Duration>(std::chrono::system_clock::now());
}

// The event type for the metrics: anyone in a room may send any type, so
// only the types the sync filter asks for are named.
std::string_view metric_type(std::string_view type) {
    for (const std::string_view known : {"m.room.message", "m.reaction", "m.room.member"}) {
        if (type == known) {
            return known;
        }
    }
    return "other";
}

// Only what the bot reads (spec "Filtering"): messages, reactions and
// memberships; no presence, typing or receipts. The first sync needs no history.
std::string sync_filter(bool is_first) {
    const json filter = {{"presence", {{"not_types", {"*"}}}},
                         {"account_data", {{"types", {"m.direct"}}}},
                         {"room",
                          {{"timeline",
                            {{"types", {"m.room.message", "m.reaction", "m.room.member"}},
                             {"limit", is_first ? 1 : 100}}},
                           {"state", {{"types", {"m.room.member"}}, {"lazy_load_members", true}}},
                           {"ephemeral", {{"not_types", {"*"}}}},
                           {"account_data", {{"not_types", {"*"}}}}}}};
    return filter.dump();
}

std::string random_prefix() {
    std::random_device device;
    static constexpr char k_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string prefix = "ov";
    for (int i = 0; i < 8; ++i) {
        prefix += k_chars[device() % (sizeof k_chars - 1)];
    }
    return prefix;
}

} // namespace

MatrixAdapter::MatrixAdapter(boost::asio::io_context& io, net::HttpTransport& http,
                             bot::AdapterState& state, bot::Secret access_token,
                             bot::Secret password, MatrixOptions options,
                             std::function<double()> random01)
    : m_io(io)
    , m_api(http, options.homeserver)
    , m_state(state)
    , m_env_token(std::move(access_token))
    , m_password(std::move(password))
    , m_options(std::move(options))
    , m_backoff(m_options.backoff_base, m_options.backoff_cap, std::move(random01))
    , m_timer(io) {}

MatrixAdapter::~MatrixAdapter() {
    *m_alive = false;
}

void MatrixAdapter::start(bot::EventSink& sink) {
    m_sink = &sink;
    // Kept per database, so row ids reused after a database was replaced can
    // never match transactions the server remembers for the same token.
    if (auto prefix = m_state.get("matrix.txn_prefix")) {
        m_txn_prefix = *prefix;
    } else {
        m_txn_prefix = random_prefix();
        m_state.put("matrix.txn_prefix", m_txn_prefix);
    }
    if (!m_env_token.empty()) {
        m_api.set_token(m_env_token);
    } else if (auto stored = m_state.get("matrix.access_token:" + m_options.user);
               stored && can_login()) {
        m_api.set_token(bot::Secret(*stored));
    }
    if (m_api.has_token()) {
        whoami();
    } else if (can_login()) {
        login();
    } else {
        fatal("Matrix needs MATRIX_ACCESS_TOKEN, or MATRIX_USER and MATRIX_PASSWORD");
    }
}

bool MatrixAdapter::is_outsider(std::string_view user_id) const {
    return matrix::is_outsider(user_id, m_options.trusted_servers, m_server);
}

void MatrixAdapter::stop() {
    m_stopped = true;
    m_timer.cancel();
}

void MatrixAdapter::retry(std::function<void()> step, bot::Duration wait) {
    m_timer.expires_after(wait);
    m_timer.async_wait(
        [this, alive = m_alive, step = std::move(step)](boost::system::error_code ec) {
            if (!ec && *alive && !m_stopped) {
                step();
            }
        });
}

void MatrixAdapter::whoami() {
    m_api.call(net::HttpMethod::get, std::string(k_client) + "/account/whoami", nullptr,
               m_options.call_timeout, [this, alive = m_alive](const ApiResponse& response) {
                   if (!*alive || m_stopped) {
                       return;
                   }
                   if (response.is_unknown_token()) {
                       on_unknown_token();
                       return;
                   }
                   const std::string user = response.body.value("user_id", "");
                   if (response.ok() && !user.empty()) {
                       on_identity(user);
                       return;
                   }
                   if (classify(response).kind == bot::DeliveryResult::Kind::permanent) {
                       fatal("Matrix whoami failed: " + response.error);
                       return;
                   }
                   const bot::Duration wait = response.retry_after.value_or(m_backoff.next());
                   bot::log::warn(
                       "cannot reach the Matrix homeserver; retrying",
                       {{"error", response.error}, {"in_ms", std::to_string(wait.count())}});
                   retry([this] { whoami(); }, wait);
               });
}

void MatrixAdapter::on_unknown_token() {
    if (!can_login()) {
        fatal("Matrix rejected the access token (MATRIX_ACCESS_TOKEN): M_UNKNOWN_TOKEN; "
              "set a new token, or MATRIX_USER and MATRIX_PASSWORD");
        return;
    }
    if (!m_logging_in) {
        bot::log::warn("Matrix access token no longer valid; logging in again");
        login();
    }
}

void MatrixAdapter::login() {
    m_logging_in = true;
    m_api.set_token(bot::Secret());
    const json body = {{"type", "m.login.password"},
                       {"identifier", {{"type", "m.id.user"}, {"user", m_options.user}}},
                       {"password", m_password.reveal()},
                       {"initial_device_display_name", "OneVoice"}};
    m_api.call(net::HttpMethod::post, std::string(k_client) + "/login", body,
               m_options.call_timeout, [this, alive = m_alive](const ApiResponse& response) {
                   if (!*alive || m_stopped) {
                       return;
                   }
                   const std::string token = response.body.value("access_token", "");
                   const std::string user = response.body.value("user_id", "");
                   if (response.ok() && !token.empty() && !user.empty()) {
                       m_logging_in = false;
                       m_api.set_token(bot::Secret(token));
                       m_state.put("matrix.access_token:" + m_options.user, token);
                       bot::log::info("logged in to Matrix", {{"user", user}});
                       if (m_self.empty()) {
                           on_identity(user);
                       } else if (!m_syncing) {
                           sync();
                       }
                       return;
                   }
                   if (classify(response).kind == bot::DeliveryResult::Kind::permanent) {
                       fatal("Matrix login failed for MATRIX_USER " + m_options.user + ": " +
                             response.error);
                       return;
                   }
                   const bot::Duration wait = response.retry_after.value_or(m_backoff.next());
                   retry([this] { login(); }, wait);
               });
}

void MatrixAdapter::on_identity(const std::string& user_id) {
    m_self = user_id;
    m_server = server_of(user_id);
    m_since = m_state.get("matrix.since:" + m_self).value_or("");
    if (auto stored = m_state.get("matrix.direct:" + m_self)) {
        const json direct = json::parse(*stored, nullptr, false);
        if (direct.is_object()) {
            for (const auto& [room, user] : direct.items()) {
                if (user.is_string()) {
                    m_direct[room] = user.get<std::string>();
                }
            }
        }
    }
    bot::log::info("Matrix bot authenticated",
                   {{"user", m_self}, {"first_sync", m_since.empty() ? "yes" : "no"}});
    for (const std::string& room : m_options.rooms) {
        join(room);
    }
    sync();
}

void MatrixAdapter::join(const std::string& room) {
    m_api.call(net::HttpMethod::post, std::string(k_client) + "/join/" + encode(room),
               json::object(), m_options.call_timeout, [room](const ApiResponse& response) {
                   if (response.ok()) {
                       bot::log::info("joined Matrix room", {{"room", room}});
                   } else {
                       bot::log::warn("could not join Matrix room",
                                      {{"room", room}, {"error", response.error}});
                   }
               });
}

// ---- the sync loop ---------------------------------------------------------

void MatrixAdapter::sync() {
    if (m_stopped) {
        return;
    }
    m_syncing = true;
    const bool is_first = m_since.empty();
    const auto timeout = is_first ? std::chrono::milliseconds(0) : m_options.sync_timeout;
    std::string path = std::string(k_client) + "/sync?filter=" + encode(sync_filter(is_first)) +
                       "&timeout=" + std::to_string(timeout.count());
    if (!is_first) {
        path += "&since=" + encode(m_since);
    }
    // A short long-poll gets a short grace too, so a stalled homeserver is noticed soon; the
    // first sync (timeout 0) may be large and keeps the full grace.
    const std::chrono::milliseconds grace =
        is_first
            ? std::chrono::milliseconds(k_sync_slack)
            : std::clamp<std::chrono::milliseconds>(timeout, std::chrono::seconds(1), k_sync_slack);
    m_api.call(net::HttpMethod::get, path, nullptr, timeout + grace,
               [this, alive = m_alive](const ApiResponse& response) {
                   if (*alive) {
                       m_syncing = false;
                       on_sync(response);
                   }
               });
}

void MatrixAdapter::on_sync(const ApiResponse& response) {
    if (m_stopped) {
        return;
    }
    if (response.is_unknown_token()) {
        on_unknown_token();
        return;
    }
    std::string error = response.error;
    std::optional<SyncBatch> batch;
    if (response.ok()) {
        batch = parse_sync(response.body, error, m_self, response.undecodable);
    }
    if (!batch) {
        on_disconnected();
        const bot::Duration wait = response.retry_after.value_or(m_backoff.next());
        bot::log::warn("Matrix sync failed; retrying",
                       {{"error", error}, {"in_ms", std::to_string(wait.count())}});
        retry([this] { sync(); }, wait);
        return;
    }
    on_connected();
    handle_batch(std::move(*batch));
}

void MatrixAdapter::handle_batch(SyncBatch batch) {
    const bool is_first = m_since.empty();
    for (auto& [user, name] : batch.display_names) {
        m_names[user] = name;
    }
    for (const auto& [room, user] : batch.direct_rooms) {
        remember_direct(room, user);
    }
    for (const Invite& invite : batch.invites) {
        handle_invite(invite);
    }
    report_skipped(batch.skipped);
    // A room the bot joined since the last sync shows its history as a limited
    // timeline: what lies before the join in it, and in its gap, never runs.
    std::erase_if(batch.gaps, [&](const TimelineGap& gap) {
        return std::ranges::any_of(batch.events, [&](const RoomEvent& event) {
            return event.room_id == gap.room_id && is_join_of(event, m_self);
        });
    });
    if (!is_first && !batch.gaps.empty()) {
        // Commands typed during a long outage must not fall into the gap.
        start_backfill(std::move(batch));
        return;
    }
    run_batch(std::move(batch));
}

void MatrixAdapter::run_batch(SyncBatch batch) {
    const bool is_first = m_since.empty();
    std::vector<std::variant<bot::Command, bot::Action>> inbound;
    if (is_first) {
        bot::log::info("first Matrix sync: earlier room history is not run",
                       {{"events", std::to_string(batch.events.size())}});
    } else {
        for (const auto& [room, count] : drop_history(batch.events, m_self)) {
            bot::log::info("joined a Matrix room: its earlier history is not run",
                           {{"room", room}, {"events", std::to_string(count)}});
        }
        const bot::TimePoint received = now();
        const InboundRules rules{m_self, m_options.prefix};
        for (const RoomEvent& event : batch.events) {
            metrics().event(metric_type(event.type));
            const bool is_direct = m_direct.contains(event.room_id);
            if (auto command = to_command(event, rules, is_direct, received)) {
                command->user = user_ref(event.sender);
                inbound.emplace_back(std::move(*command));
            } else if (auto action = to_action(event, received)) {
                inbound.emplace_back(std::move(*action));
            } else {
                bot::log::debug("Matrix event ignored",
                                {{"type", event.type}, {"event", event.event_id}});
            }
        }
    }
    if (!dispatch(std::move(inbound), batch.next_batch)) {
        // Not stored: fetch the same batch again; what did run is recognised then.
        retry([this] { sync(); }, m_backoff.next());
        return;
    }
    m_since = batch.next_batch;
    // Only a batch fully handled proves the connection (STYLE.md §2): a sync
    // whose backfill or commands failed keeps backing off.
    m_backoff.reset();
    boost::asio::post(m_io, [this, alive = m_alive] {
        if (*alive) {
            sync();
        }
    });
}

bool MatrixAdapter::dispatch(std::vector<std::variant<bot::Command, bot::Action>> inbound,
                             const std::string& next_batch) {
    const bot::Checkpoint checkpoint{"matrix.since:" + m_self, next_batch};
    for (std::size_t i = 0; i < inbound.size(); ++i) {
        bool stored = false;
        const auto ack = metrics().timed_ack([&stored] { stored = true; });
        const bool is_last = i + 1 == inbound.size();
        if (auto* command = std::get_if<bot::Command>(&inbound[i])) {
            if (is_last) {
                command->checkpoint = checkpoint; // commits with the last command's effects
            }
            m_sink->on_command(std::move(*command), ack);
        } else {
            auto& action = std::get<bot::Action>(inbound[i]);
            if (is_last) {
                action.checkpoint = checkpoint;
            }
            m_sink->on_action(std::move(action), ack);
        }
        if (!stored || m_stopped) {
            return false;
        }
    }
    // A batch without commands (or whose last one was a duplicate) stores its token alone.
    return m_state.put(checkpoint.key, checkpoint.value);
}

std::optional<bot::Action> MatrixAdapter::to_action(const RoomEvent& event,
                                                    bot::TimePoint received) {
    const auto reaction = reaction_of(event);
    if (!reaction || event.sender == m_self) {
        return std::nullopt;
    }
    const auto stored = m_state.get("matrix.buttons:" + reaction->target);
    const json buttons = stored ? json::parse(*stored, nullptr, false) : json();
    if (!buttons.is_array()) {
        return std::nullopt;
    }
    // Clients differ in whether they add U+FE0F (emoji presentation) to the key.
    const auto bare = [](std::string key) {
        for (auto pos = key.find("\xEF\xB8\x8F"); pos != std::string::npos;
             pos = key.find("\xEF\xB8\x8F")) {
            key.erase(pos, 3);
        }
        return key;
    };
    for (const json& button : buttons) {
        if (!button.is_object() || bare(button.value("key", "")) != bare(reaction->key)) {
            continue;
        }
        bot::Action action;
        action.event_id = inbound_event_id(event);
        action.action_id = button.value("action_id", "");
        action.value = button.value("command", "");
        action.user = user_ref(event.sender);
        action.place = bot::Place{"matrix", event.room_id, "", m_direct.contains(event.room_id)};
        action.source_message = reaction->target;
        action.received_at = received;
        return action;
    }
    return std::nullopt;
}

bot::UserRef MatrixAdapter::user_ref(const std::string& user_id) const {
    bot::UserRef user{"matrix", user_id, "", ""};
    if (const auto name = m_names.find(user_id); name != m_names.end()) {
        user.display_name = name->second;
    }
    user.is_outsider = is_outsider(user_id);
    return user;
}

void MatrixAdapter::report_skipped(const std::vector<SkippedEvent>& skipped) {
    for (const SkippedEvent& event : skipped) {
        // Ids and the reason only: the content may be anything a user typed.
        metrics().event("malformed");
        bot::log::warn(
            "malformed Matrix event skipped",
            {{"room", event.room_id}, {"event", event.event_id}, {"reason", event.reason}});
    }
}

// ---- rooms -----------------------------------------------------------------

bool MatrixAdapter::is_invite_allowed(const std::string& inviter) const {
    const std::string server = server_of(inviter);
    if (m_options.allow_invites_from.empty()) {
        return server == m_server;
    }
    return std::ranges::any_of(m_options.allow_invites_from, [&](const std::string& entry) {
        return entry == inviter || entry == server || entry == ":" + server;
    });
}

void MatrixAdapter::handle_invite(const Invite& invite) {
    if (!m_invites_seen.insert(invite.room_id).second) {
        return;
    }
    if (!is_invite_allowed(invite.inviter)) {
        // Leaving a room one is invited to rejects the invite (spec "Leaving rooms").
        bot::log::warn("Matrix invite rejected: inviter not on matrix.allow_invites_from",
                       {{"room", invite.room_id}, {"inviter", invite.inviter}});
        m_api.call(net::HttpMethod::post,
                   std::string(k_client) + "/rooms/" + encode(invite.room_id) + "/leave",
                   json::object(), m_options.call_timeout, [](const ApiResponse&) {});
        return;
    }
    bot::log::info("Matrix invite accepted",
                   {{"room", invite.room_id}, {"inviter", invite.inviter}});
    if (invite.is_direct) {
        remember_direct(invite.room_id, invite.inviter);
    }
    join(invite.room_id);
}

void MatrixAdapter::remember_direct(const std::string& room, const std::string& user) {
    if (user == m_self) {
        return;
    }
    if (const auto it = m_direct.find(room); it != m_direct.end() && it->second == user) {
        return;
    }
    m_direct[room] = user;
    m_state.put("matrix.direct:" + m_self, json(m_direct).dump());
}

// ---- connection state ------------------------------------------------------

void MatrixAdapter::on_disconnected() {
    m_connected = false;
    m_offline.on_lost();
}

void MatrixAdapter::on_connected() {
    m_connected = true;
    const auto offline = m_offline.on_connected();
    if (!offline) {
        return;
    }
    bot::log::info("back online", {{"offline_ms", std::to_string(offline->count())}});
    metrics().reconnect();
    if (!m_options.team_room.empty() && *offline >= m_options.offline_notice_after && m_sink) {
        m_sink->on_reconnected(*offline, bot::Place{"matrix", m_options.team_room, "", false});
    }
}

void MatrixAdapter::fatal(const std::string& reason) {
    if (m_stopped) {
        return;
    }
    bot::log::error(reason);
    stop();
    if (m_sink) {
        m_sink->on_fatal(3);
    }
}

} // namespace onevoice::integrations::matrix
