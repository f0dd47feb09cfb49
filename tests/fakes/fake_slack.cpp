#include "tests/fakes/fake_slack.hpp"

#include "tests/fakes/fake_slack_state.hpp"

#include <boost/asio/post.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace onevoice::tests {

namespace asio = boost::asio;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t unix_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

// ---- State: ids -------------------------------------------------------------

// Slack's ts is the time of the message in microseconds: the wall clock, one more than the last
// when two come in the same microsecond (conversations.history's `oldest` compares against it).
std::string FakeSlack::State::next_ts() {
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    ts_seq = std::max<std::uint64_t>(ts_seq + 1, static_cast<std::uint64_t>(now));
    char out[40];
    std::snprintf(out, sizeof out, "%llu.%06llu", static_cast<unsigned long long>(ts_seq / 1000000),
                  static_cast<unsigned long long>(ts_seq % 1000000));
    return out;
}

std::string FakeSlack::State::next_uuid() {
    const std::uint64_t n = ++id_seq;
    const std::uint64_t r = random();
    char out[48];
    std::snprintf(
        out, sizeof out, "%08x-%04x-4%03x-a%03x-%012llx", static_cast<unsigned>(r & 0xffffffffU),
        static_cast<unsigned>((r >> 32) & 0xffffU), static_cast<unsigned>((r >> 48) & 0xfffU),
        static_cast<unsigned>(n & 0xfffU), static_cast<unsigned long long>(n & 0xffffffffffffULL));
    return out;
}

std::string FakeSlack::State::next_event_id() {
    static constexpr char k_digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::uint64_t n = ++id_seq + 1000000;
    std::string id;
    while (n > 0) {
        id.insert(id.begin(), k_digits[n % 36]);
        n /= 36;
    }
    return "Ev0" + std::string(9 - std::min<std::size_t>(9, id.size()), '0') + id;
}

std::string FakeSlack::State::next_trigger_id() {
    char out[64];
    std::snprintf(out, sizeof out, "%lld.%llu.%016llx", static_cast<long long>(unix_seconds()),
                  static_cast<unsigned long long>(++id_seq),
                  static_cast<unsigned long long>(random()));
    return out;
}

std::string FakeSlack::State::http_url(const std::string& path) const {
    return http->url(path);
}

void FakeSlack::State::changed_locked() {
    ++generation;
    changed.notify_all();
}

// ---- State: Socket Mode (io thread) ----------------------------------------

FakeSlack::State::Conn* FakeSlack::State::current() {
    for (auto it = conns.rbegin(); it != conns.rend(); ++it) {
        if (!it->info.closed_at && !it->session->closed() && !it->info.is_retiring &&
            !it->info.is_silent && it->has_hello) {
            return &*it;
        }
    }
    return nullptr;
}

FakeSlack::State::Conn* FakeSlack::State::newest_open() {
    for (auto it = conns.rbegin(); it != conns.rend(); ++it) {
        if (!it->info.closed_at && !it->session->closed()) {
            return &*it;
        }
    }
    return nullptr;
}

void FakeSlack::State::write(Conn& conn, Outgoing out) {
    conn.session->send(out.text);
    if (out.type == "events_api") {
        unacked[out.envelope_id] =
            Unacked{json::parse(out.text, nullptr, false), conn.info.index, Clock::now(), {}};
    }
    sent.push_back(SentFrame{std::move(out.envelope_id), std::move(out.type), conn.info.index,
                             std::move(out.text), Clock::now()});
    changed_locked();
}

void FakeSlack::State::deliver(Outgoing out) {
    std::lock_guard lock(mutex);
    deliver_locked(std::move(out));
}

void FakeSlack::State::deliver_locked(Outgoing out) {
    if (out.connection > 0) {
        const auto index = static_cast<std::size_t>(out.connection) - 1;
        if (index < conns.size() && !conns[index].info.closed_at &&
            !conns[index].session->closed()) {
            write(conns[index], std::move(out));
        }
        return;
    }
    if (Conn* conn = current()) {
        write(*conn, std::move(out));
    } else {
        // Slack holds what it could not deliver and sends it once the app is back.
        pending.push_back(std::move(out));
    }
}

void FakeSlack::State::on_accept(const std::shared_ptr<LoopbackWsServer::Session>& session) {
    std::lock_guard lock(mutex);
    Conn conn;
    conn.session = session;
    conn.info.index = static_cast<int>(conns.size()) + 1;
    conn.info.opened_at = Clock::now();
    conn.info.is_silent = is_silent_on_accept;
    if (is_silent_on_accept) {
        session->silence();
        conns.push_back(std::move(conn));
        changed_locked();
        return;
    }
    int open = 1;
    for (const Conn& other : conns) {
        open += !other.info.closed_at && !other.session->closed() ? 1 : 0;
    }
    conns.push_back(std::move(conn));
    Conn& added = conns.back();
    // https://api.slack.com/apis/connections/socket-implement: the first message.
    const json hello = {{"type", "hello"},
                        {"num_connections", open},
                        {"debug_info",
                         {{"host", "applink-fake-" + std::to_string(added.info.index)},
                          {"build_number", 10},
                          {"approximate_connection_time", 18060}}},
                        {"connection_info", {{"app_id", options.app_id}}}};
    write(added, Outgoing{hello.dump(), "", "hello"});
    added.has_hello = true;
    ++hello_count;
    while (!pending.empty()) {
        write(added, std::move(pending.front()));
        pending.pop_front();
    }
    if (is_warning_on_hello) {
        disconnect_locked(&added, "warning");
    }
}

void FakeSlack::State::on_message(LoopbackWsServer::Session& session, std::string text) {
    std::lock_guard lock(mutex);
    const auto conn = std::find_if(conns.begin(), conns.end(),
                                   [&](const Conn& c) { return c.session.get() == &session; });
    if (conn == conns.end() || conn->info.is_silent) {
        return;
    }
    json message = json::parse(text, nullptr, false);
    const auto id = message.is_object() ? message.find("envelope_id") : message.end();
    if (message.is_object() && id != message.end() && id->is_string()) {
        const std::string envelope_id = id->get<std::string>();
        const auto now = Clock::now();
        if (const auto waiting = unacked.find(envelope_id);
            waiting != unacked.end() && !waiting->second.timed_out_at) {
            unacked.erase(waiting);
        }
        const auto frame = std::find_if(sent.rbegin(), sent.rend(), [&](const SentFrame& f) {
            return f.envelope_id == envelope_id;
        });
        if (frame != sent.rend() && now - frame->at > options.ack_deadline) {
            late_acks.push_back(
                LateAck{envelope_id, frame->type,
                        std::chrono::duration_cast<std::chrono::milliseconds>(now - frame->at)});
        }
        acks.push_back(EnvelopeAck{envelope_id, conn->info.index, std::move(message), now});
    } else {
        received_other.push_back(std::move(text));
    }
    changed_locked();
}

void FakeSlack::State::watch_connections() {
    watch.expires_after(std::chrono::milliseconds(20));
    watch.async_wait([this](boost::system::error_code ec) {
        if (ec) {
            return;
        }
        {
            std::lock_guard lock(mutex);
            for (Conn& conn : conns) {
                if (!conn.info.closed_at && conn.session->closed()) {
                    conn.info.closed_at = Clock::now();
                    changed_locked();
                }
            }
            redeliver_unacked();
        }
        watch_connections();
    });
}

void FakeSlack::State::redeliver_unacked() {
    const auto now = Clock::now();
    std::vector<Outgoing> again;
    for (auto it = unacked.begin(); it != unacked.end();) {
        Unacked& waiting = it->second;
        if (!waiting.timed_out_at) {
            const Conn& conn = conns.at(static_cast<std::size_t>(waiting.connection) - 1);
            const bool is_gone = conn.info.closed_at.has_value() || conn.session->closed();
            if (!is_gone && now - waiting.written_at <= options.ack_deadline) {
                ++it;
                continue;
            }
            waiting.timed_out_at = now;
        }
        const int attempt = waiting.envelope.is_object()
                                ? waiting.envelope.value("retry_attempt", 0) + 1
                                : static_cast<int>(options.retry_delays.size()) + 1;
        if (attempt > static_cast<int>(options.retry_delays.size())) {
            it = unacked.erase(it); // Slack gives up on the event
            continue;
        }
        const auto delay = options.retry_delays[static_cast<std::size_t>(attempt) - 1] /
                           std::max(1, options.retry_speedup);
        if (now < *waiting.timed_out_at + delay) {
            ++it;
            continue;
        }
        json envelope = std::move(waiting.envelope);
        it = unacked.erase(it);
        envelope["envelope_id"] = next_uuid();
        envelope["retry_attempt"] = attempt;
        envelope["retry_reason"] = "timeout";
        again.push_back(
            Outgoing{envelope.dump(), envelope["envelope_id"].get<std::string>(), "events_api"});
    }
    for (Outgoing& out : again) {
        ++redelivered;
        deliver_locked(std::move(out));
    }
}

void FakeSlack::State::disconnect(const std::string& reason) {
    std::lock_guard lock(mutex);
    Conn* conn = current();
    disconnect_locked(conn != nullptr ? conn : newest_open(), reason);
}

void FakeSlack::State::disconnect_locked(Conn* conn, const std::string& reason) {
    if (conn == nullptr) {
        return;
    }
    const json message = {
        {"type", "disconnect"},
        {"reason", reason},
        {"debug_info", {{"host", "applink-fake-" + std::to_string(conn->info.index)}}}};
    write(*conn, Outgoing{message.dump(), "", "disconnect"});
    conn->info.is_retiring = true;
    // Like Slack, the old connection stays open for a while so the client can
    // open its successor first; then it goes, whether closed by the client or not.
    conn->grace = std::make_unique<asio::steady_timer>(io, options.disconnect_grace);
    conn->grace->async_wait([this, session = conn->session](boost::system::error_code ec) {
        if (ec || session->closed()) {
            return;
        }
        std::lock_guard inner(mutex);
        for (Conn& c : conns) {
            if (c.session == session && !c.info.closed_at) {
                c.info.is_closed_by_server = true;
                session->close(boost::beast::websocket::close_code::going_away, "refresh");
            }
        }
        changed_locked();
    });
}

// ---- FakeSlack ----------------------------------------------------------------

FakeSlack::FakeSlack(FakeSlackOptions options)
    : m_state(std::make_shared<State>(std::move(options))) {
    State& s = *m_state;
    s.random.seed(std::random_device{}());
    asio::ssl::context* tls = nullptr;
    if (s.options.uses_tls) {
        s.ca.emplace("OneVoice Fake Slack CA");
        s.tls.emplace(make_server_tls_context(s.ca->issue_localhost()));
        tls = &*s.tls;
    }
    s.http = std::make_unique<LoopbackHttpServer>(
        s.io, tls,
        [&s](const HttpRequestMessage& request, const LoopbackHttpServer::Respond& respond) {
            if (s.options.answer_delay.count() == 0) {
                respond(s.on_http(request));
                return;
            }
            auto timer = std::make_shared<asio::steady_timer>(s.io, s.options.answer_delay);
            timer->async_wait([timer, respond,
                               answer = s.on_http(request)](boost::system::error_code ec) mutable {
                if (!ec) {
                    respond(std::move(answer));
                }
            });
        });
    s.ws = std::make_unique<LoopbackWsServer>(
        s.io, tls,
        LoopbackWsServer::Handlers{[&s](const std::shared_ptr<LoopbackWsServer::Session>& session) {
                                       s.on_accept(session);
                                   },
                                   [&s](LoopbackWsServer::Session& session, std::string text) {
                                       s.on_message(session, std::move(text));
                                   }});
    s.watch_connections();
    s.thread = std::thread([&s] {
        // No exception may end the thread (STYLE.md §3): report it and serve on.
        for (;;) {
            try {
                s.io.run();
                return;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "FakeSlack: %s\n", e.what());
            }
        }
    });
}

FakeSlack::~FakeSlack() {
    State& s = *m_state;
    s.work.reset();
    s.io.stop();
    if (s.thread.joinable()) {
        s.thread.join();
    }
    // For Slack a late ack is a failure: an event sent again, or a slash command or a button
    // press whose user saw an error.
    if (s.options.fails_late_acks) {
        for (const LateAck& late : s.late_acks) {
            const std::string problem = "FakeSlack: " + late.type + " envelope " +
                                        late.envelope_id + " acknowledged after " +
                                        std::to_string(late.after.count()) +
                                        " ms, over Slack's deadline of " +
                                        std::to_string(s.options.ack_deadline.count()) + " ms";
            FAIL_CHECK(problem);
        }
    }
    for (auto& conn : s.conns) {
        conn.grace.reset();
    }
    s.conns.clear();
    s.ws.reset();
    s.http.reset();
}

const FakeSlackOptions& FakeSlack::options() const {
    return m_state->options;
}

std::string FakeSlack::api_url() const {
    return m_state->http->url("/api/");
}

std::string FakeSlack::ca_file() const {
    return m_state->ca ? m_state->ca->ca_file() : std::string();
}

std::string FakeSlack::send_envelope(json envelope) {
    return m_state->post_envelope(std::move(envelope), 0);
}

std::string FakeSlack::State::post_envelope(json envelope, int connection) {
    {
        std::lock_guard lock(mutex);
        if (!envelope.contains("envelope_id")) {
            envelope["envelope_id"] = next_uuid();
        }
    }
    std::string id = envelope.value("envelope_id", "");
    Outgoing out{envelope.dump(), id, envelope.value("type", ""), connection};
    asio::post(io, [this, out = std::move(out)]() mutable { deliver(std::move(out)); });
    return id;
}

std::string FakeSlack::send_slash_command(const SlashCommandSpec& spec) {
    State& s = *m_state;
    json payload;
    {
        std::lock_guard lock(s.mutex);
        const std::string trigger = s.next_trigger_id();
        const FakeUser user = s.user_locked(spec.user_id);
        // https://api.slack.com/interactivity/slash-commands#app_command_handling
        payload = {{"token", "bHKJ2n9AW6Ju3MjciOHfbA1b"},
                   {"team_id", user.team_id},
                   {"team_domain", "example-corp"},
                   {"channel_id", spec.channel_id},
                   {"channel_name", spec.channel_name},
                   {"user_id", spec.user_id},
                   {"user_name", spec.user_name},
                   {"command", spec.command},
                   {"text", spec.text},
                   {"api_app_id", s.options.app_id},
                   {"is_enterprise_install", "false"},
                   {"response_url", s.http_url("/commands/" + s.options.team_id + "/" +
                                               std::to_string(s.id_seq) + "/fakeresponse")},
                   {"trigger_id", trigger}};
        if (!user.enterprise_id.empty()) {
            payload["enterprise_id"] = user.enterprise_id;
            payload["enterprise_name"] = "Example Org";
        }
    }
    return send_envelope(
        {{"payload", payload}, {"type", "slash_commands"}, {"accepts_response_payload", true}});
}

std::string FakeSlack::send_event(const json& event, const EventDelivery& delivery) {
    State& s = *m_state;
    json envelope;
    {
        std::lock_guard lock(s.mutex);
        envelope = s.event_envelope(event, delivery);
    }
    return s.post_envelope(std::move(envelope), delivery.connection);
}

json FakeSlack::State::event_envelope(const json& event, const EventDelivery& delivery) {
    State& s = *this;
    json payload;
    {
        const std::string event_id =
            delivery.event_id.empty() ? s.next_event_id() : delivery.event_id;
        if (const auto known = s.events.find(event_id); known != s.events.end()) {
            payload = known->second; // a redelivery carries the same event
        } else {
            // https://api.slack.com/apis/connections/events-api#callback-field
            payload = {{"token", "XXYYZZ"},
                       {"team_id", s.options.team_id},
                       {"api_app_id", s.options.app_id},
                       {"event", event},
                       {"type", "event_callback"},
                       {"event_id", event_id},
                       {"event_time", unix_seconds()},
                       {"authorizations", json::array({{{"enterprise_id", nullptr},
                                                        {"team_id", s.options.team_id},
                                                        {"user_id", s.options.bot_user_id},
                                                        {"is_bot", true},
                                                        {"is_enterprise_install", false}}})},
                       {"is_ext_shared_channel", false},
                       {"event_context", "4-eyJldCI6ImFwcF9tZW50aW9uIiwidGlkIjoiVDA2MSJ9"}};
            s.events[event_id] = payload;
        }
    }
    return {{"payload", payload},
            {"type", "events_api"},
            {"accepts_response_payload", false},
            {"retry_attempt", delivery.retry_attempt},
            {"retry_reason", delivery.retry_reason}};
}

json FakeSlack::State::user_message(const std::string& type, const std::string& text,
                                    const std::string& user, const std::string& channel) {
    std::lock_guard lock(mutex);
    return user_message_locked(type, text, user, channel);
}

json FakeSlack::State::user_message_locked(const std::string& type, const std::string& text,
                                           const std::string& user, const std::string& channel) {
    const std::string ts = next_ts();
    const FakeUser author = user_locked(user);
    json event = {{"client_msg_id", next_uuid()},
                  {"type", type},
                  {"text", text},
                  {"user", user},
                  {"ts", ts},
                  {"team", author.team_id},
                  {"channel", channel},
                  {"event_ts", ts}};
    if (author.team_id != options.team_id) {
        // An author of another workspace (Slack Connect): their team and where they wrote from.
        event["user_team"] = author.team_id;
        event["source_team"] = author.team_id;
    }
    return event;
}

std::string FakeSlack::send_app_mention(const std::string& text, const EventDelivery& delivery,
                                        const std::string& user, const std::string& channel) {
    return send_event(m_state->user_message("app_mention", text, user, channel), delivery);
}

std::string FakeSlack::send_direct_message(const std::string& text, const EventDelivery& delivery,
                                           const std::string& user, const std::string& channel) {
    json event = m_state->user_message("message", text, user, channel);
    event["channel_type"] = "im";
    return send_event(event, delivery);
}

std::string FakeSlack::send_block_actions(const BlockActionSpec& spec) {
    State& s = *m_state;
    json payload;
    {
        std::lock_guard lock(s.mutex);
        json message = json::object();
        std::string label = spec.value;
        std::string block_id = spec.block_id;
        for (const PostedMessage& posted : s.messages) {
            if (posted.channel == spec.channel_id && posted.ts == spec.message_ts) {
                message = s.message_json(posted);
                s.find_button(posted.blocks, spec.action_id, label, block_id);
            }
        }
        json container = {{"type", "message"},
                          {"message_ts", spec.message_ts},
                          {"channel_id", spec.channel_id},
                          {"is_ephemeral", spec.is_ephemeral}};
        if (!spec.thread_ts.empty()) {
            container["thread_ts"] = spec.thread_ts;
        }
        const std::string action_ts = s.next_ts();
        // https://api.slack.com/reference/interaction-payloads/block-actions
        payload = {
            {"type", "block_actions"},
            {"user",
             {{"id", spec.user_id},
              {"username", spec.user_name},
              {"name", spec.user_name},
              {"team_id", s.user_locked(spec.user_id).team_id}}},
            {"api_app_id", s.options.app_id},
            {"token", "bHKJ2n9AW6Ju3MjciOHfbA1b"},
            {"container", container},
            {"trigger_id", s.next_trigger_id()},
            {"team", {{"id", s.options.team_id}, {"domain", "example-corp"}}},
            {"enterprise", nullptr},
            {"is_enterprise_install", false},
            {"channel",
             {{"id", spec.channel_id},
              {"name", spec.channel_id.starts_with("D") ? "directmessage" : "social-team"}}},
            {"message", message},
            {"state", {{"values", json::object()}}},
            {"response_url", s.http_url("/actions/" + s.options.team_id + "/" +
                                        std::to_string(s.id_seq) + "/fakeresponse")},
            {"actions",
             json::array({{{"action_id", spec.action_id},
                           {"block_id", block_id},
                           {"text", {{"type", "plain_text"}, {"text", label}, {"emoji", true}}},
                           {"value", spec.value},
                           {"type", "button"},
                           {"action_ts", action_ts}}})}};
    }
    return send_envelope(
        {{"payload", payload}, {"type", "interactive"}, {"accepts_response_payload", false}});
}

void FakeSlack::send_raw(std::string text) {
    State& s = *m_state;
    asio::post(s.io, [&s, text = std::move(text)]() mutable {
        s.deliver(State::Outgoing{std::move(text), "", ""});
    });
}

void FakeSlack::send_disconnect(const std::string& reason) {
    State& s = *m_state;
    asio::post(s.io, [&s, reason] { s.disconnect(reason); });
}

void FakeSlack::drop_connection() {
    State& s = *m_state;
    asio::post(s.io, [&s] {
        std::lock_guard lock(s.mutex);
        if (State::Conn* conn = s.newest_open()) {
            conn->info.is_closed_by_server = true;
            conn->info.closed_at = Clock::now();
            conn->session->drop();
            s.changed_locked();
        }
    });
}

std::string FakeSlack::cut_mid_message(const std::string& text) {
    State& s = *m_state;
    json envelope;
    {
        std::lock_guard lock(s.mutex);
        envelope = s.event_envelope(
            s.user_message_locked("app_mention", text, "U024BE7LH", "C0TEAM0001"), EventDelivery{});
        envelope["envelope_id"] = s.next_uuid();
    }
    const std::string id = envelope["envelope_id"].get<std::string>();
    asio::post(s.io, [&s, id, envelope = std::move(envelope)] {
        std::lock_guard lock(s.mutex);
        State::Conn* conn = s.newest_open();
        if (conn == nullptr) {
            return;
        }
        const std::string dump = envelope.dump();
        conn->session->cut(dump);
        conn->info.is_closed_by_server = true;
        s.sent.push_back(SentFrame{id, "events_api", conn->info.index, dump, Clock::now()});
        s.unacked[id] = State::Unacked{envelope, conn->info.index, Clock::now(), {}};
        s.changed_locked();
    });
    return id;
}

void FakeSlack::go_silent() {
    State& s = *m_state;
    asio::post(s.io, [&s] {
        std::lock_guard lock(s.mutex);
        if (State::Conn* conn = s.current()) {
            conn->info.is_silent = true;
            s.changed_locked();
        }
    });
}

void FakeSlack::set_silent_on_accept(bool silent) {
    std::lock_guard lock(m_state->mutex);
    m_state->is_silent_on_accept = silent;
}

void FakeSlack::set_warn_on_hello(bool warn) {
    std::lock_guard lock(m_state->mutex);
    m_state->is_warning_on_hello = warn;
}

void FakeSlack::rate_limit(const std::string& method, int count, int retry_after_seconds) {
    std::lock_guard lock(m_state->mutex);
    m_state->rate_limits[method] = {count, retry_after_seconds};
}

void FakeSlack::fail_http(const std::string& method, int count, int status) {
    std::lock_guard lock(m_state->mutex);
    m_state->http_failures[method] = {count, status};
}

void FakeSlack::lose_answers(const std::string& method, int count) {
    std::lock_guard lock(m_state->mutex);
    m_state->lost_answers[method] = count;
}

void FakeSlack::fail_next(const std::string& method, int count, const std::string& error) {
    std::lock_guard lock(m_state->mutex);
    m_state->failures[method] = {count, error};
}

void FakeSlack::add_user(const std::string& id, const std::string& name, const std::string& tz) {
    std::lock_guard lock(m_state->mutex);
    m_state->users[id] = FakeUser{id, name, tz};
}

void FakeSlack::add_user(const FakeUser& user) {
    std::lock_guard lock(m_state->mutex);
    m_state->users[user.id] = user;
}

std::vector<ApiCall> FakeSlack::calls() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->calls;
}

std::vector<ApiCall> FakeSlack::calls(std::string_view method) const {
    std::lock_guard lock(m_state->mutex);
    std::vector<ApiCall> out;
    std::copy_if(m_state->calls.begin(), m_state->calls.end(), std::back_inserter(out),
                 [method](const ApiCall& call) { return call.method == method; });
    return out;
}

std::vector<EnvelopeAck> FakeSlack::acks() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->acks;
}

std::vector<SentFrame> FakeSlack::sent() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->sent;
}

std::vector<FakeConnection> FakeSlack::connections() const {
    std::lock_guard lock(m_state->mutex);
    std::vector<FakeConnection> out;
    for (const State::Conn& conn : m_state->conns) {
        out.push_back(conn.info);
    }
    return out;
}

std::vector<UploadedFile> FakeSlack::files() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->files;
}

std::vector<FakeChannel> FakeSlack::channels() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->channels;
}

std::vector<PostedMessage> FakeSlack::messages() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->messages;
}

std::vector<std::string> FakeSlack::received_other() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->received_other;
}

int FakeSlack::ack_count(std::string_view envelope_id) const {
    std::lock_guard lock(m_state->mutex);
    return static_cast<int>(std::count_if(
        m_state->acks.begin(), m_state->acks.end(),
        [envelope_id](const EnvelopeAck& ack) { return ack.envelope_id == envelope_id; }));
}

int FakeSlack::total_acks() const {
    std::lock_guard lock(m_state->mutex);
    return static_cast<int>(m_state->acks.size());
}

int FakeSlack::call_count(std::string_view method, bool ok_only) const {
    std::lock_guard lock(m_state->mutex);
    return static_cast<int>(
        std::count_if(m_state->calls.begin(), m_state->calls.end(), [&](const ApiCall& call) {
            return call.method == method && (!ok_only || call.ok());
        }));
}

std::vector<LateAck> FakeSlack::late_acks() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->late_acks;
}

int FakeSlack::owed() const {
    std::lock_guard lock(m_state->mutex);
    return static_cast<int>(m_state->unacked.size() + m_state->pending.size());
}

int FakeSlack::redeliveries() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->redelivered;
}

int FakeSlack::hellos() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->hello_count;
}

bool FakeSlack::wait_for(const std::function<bool()>& done,
                         std::chrono::milliseconds deadline) const {
    const auto end = Clock::now() + deadline;
    while (!done()) {
        std::unique_lock lock(m_state->mutex);
        const auto now = Clock::now();
        if (now >= end) {
            return false;
        }
        const std::uint64_t seen = m_state->generation;
        m_state->changed.wait_until(lock, std::min(end, now + std::chrono::milliseconds(50)),
                                    [&] { return m_state->generation != seen; });
    }
    return true;
}

} // namespace onevoice::tests
