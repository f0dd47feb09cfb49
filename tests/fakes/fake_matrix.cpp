#include "tests/fakes/fake_matrix.hpp"

#include "tests/fakes/fake_matrix_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace onevoice::tests {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using fake_matrix::Answer;
using fake_matrix::error;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view k_client = "/_matrix/client/v3";

std::string decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::vector<std::string> segments(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        out.push_back(decode(path.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

std::map<std::string, std::string> query_of(std::string_view query) {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < query.size()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string_view pair = query.substr(start, end - start);
        const std::size_t eq = pair.find('=');
        out[decode(pair.substr(0, eq))] =
            eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1));
        start = end + 1;
    }
    return out;
}

// The position a /sync's `since` token ("s41") names: 0 without one, -1 for one the fake never
// gave.
std::int64_t since_position(const std::map<std::string, std::string>& query) {
    const auto it = query.find("since");
    if (it == query.end()) {
        return 0;
    }
    if (it->second.size() < 2 || it->second[0] != 's' ||
        it->second.find_first_not_of("0123456789", 1) != std::string::npos) {
        return -1;
    }
    return std::stoll(it->second.substr(1));
}

} // namespace

HttpResponseMessage FakeMatrix::State::to_message(const Answer& answer, unsigned version) {
    HttpResponseMessage response{static_cast<http::status>(answer.status), version};
    response.set(http::field::content_type, "application/json");
    response.body() = answer.raw.empty() ? answer.body.dump() : answer.raw;
    std::lock_guard lock(mutex);
    for (const auto& [placeholder, raw] : raw_contents) {
        const std::string quoted = "\"" + placeholder + "\"";
        std::string& body = response.body();
        for (auto at = body.find(quoted); at != std::string::npos; at = body.find(quoted, at)) {
            body.replace(at, quoted.size(), raw);
            at += raw.size();
        }
    }
    if (answer.status == 504) {
        response.set(http::field::content_type, "text/html");
    }
    return response;
}

void FakeMatrix::State::wake_syncs() {
    std::vector<PendingSync> ready;
    {
        std::lock_guard lock(mutex);
        ready.swap(pending);
    }
    for (PendingSync& sync : ready) {
        sync.timer->cancel();
        json body;
        {
            std::lock_guard lock(mutex);
            body = sync_body(sync.since, sync.filter);
        }
        sync.respond(to_message(Answer{200, body, {}}, 11));
    }
}

Answer FakeMatrix::State::sync(const std::map<std::string, std::string>& query,
                               std::function<void(HttpResponseMessage)>& respond) {
    if (failing_syncs > 0) {
        --failing_syncs;
        return error(failing_sync_status, "M_UNKNOWN", "Internal server error");
    }
    if (stalling_syncs > 0) {
        --stalling_syncs;
        return Answer{0, {}, {}}; // `respond` is dropped: no answer ever comes
    }
    if (raw_sync) {
        Answer answer{200, json::object(), *raw_sync};
        raw_sync.reset();
        return answer;
    }
    json filter = json::object();
    if (const auto it = query.find("filter"); it != query.end()) {
        filter = json::parse(it->second, nullptr, false);
        if (!filter.is_object()) {
            return error(400, "M_INVALID_PARAM", "filter is neither JSON nor a filter id");
        }
    }
    std::int64_t since = 0;
    if (const auto it = query.find("since"); it != query.end()) {
        if (it->second.size() < 2 || it->second[0] != 's') {
            return error(400, "M_INVALID_PARAM", "unknown since token");
        }
        since = std::stoll(it->second.substr(1));
    }
    long timeout = 0;
    if (const auto it = query.find("timeout"); it != query.end()) {
        timeout = std::stol(it->second);
    }
    if (since >= stream && timeout > 0) {
        // Nothing new: hold the request until an event arrives or the timeout ends.
        auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(timeout));
        pending.push_back(PendingSync{since, filter, std::move(respond), timer});
        timer->async_wait([this, timer](boost::system::error_code ec) {
            if (!ec) {
                wake_syncs();
            }
        });
        return Answer{0, {}, {}};
    }
    return Answer{200, sync_body(since, filter), {}};
}

// What the spec requires of an event's content before a homeserver takes it, "" when it is
// fine: m.room.message needs a string msgtype and body (client-server API, "m.room.message"),
// an m.reaction an m.annotation relation with an event_id and a key ("Event annotations").
std::string FakeMatrix::State::content_problem(const std::string& type, const json& content) {
    const auto is_string = [](const json& object, const char* key) {
        const auto it = object.find(key);
        return it != object.end() && it->is_string();
    };
    if (type == "m.room.message" &&
        (!is_string(content, "msgtype") || !is_string(content, "body"))) {
        return "m.room.message needs a string msgtype and body";
    }
    if (type == "m.reaction") {
        const json relation = content.value("m.relates_to", json());
        if (!relation.is_object() || relation.value("rel_type", "") != "m.annotation" ||
            !is_string(relation, "event_id") || !is_string(relation, "key")) {
            return "m.reaction needs an m.annotation relation with event_id and key";
        }
    }
    return "";
}

Answer FakeMatrix::State::send(const std::string& token, const std::vector<std::string>& parts,
                               const json& body) {
    // parts: rooms, {room}, send, {type}, {txn}
    const std::string& room = parts[1];
    const std::string key = token + "\n" + parts[4];
    if (const auto it = txns.find(key); it != txns.end()) {
        return Answer{200, {{"event_id", it->second}}, {}};
    }
    if (!rooms[room].members.contains(options.bot_user)) {
        return error(403, "M_FORBIDDEN", "You are not in this room.");
    }
    if (!body.is_object()) {
        return error(400, "M_NOT_JSON", "Content not JSON.");
    }
    if (const std::string problem = content_problem(parts[3], body); !problem.empty()) {
        return error(400, "M_BAD_JSON", problem);
    }
    std::optional<std::int64_t> wait_ms;
    if (rate_limited > 0) {
        --rate_limited;
        wait_ms = retry_after_ms;
    } else if (const auto wait = send_allowance.take(std::chrono::steady_clock::now())) {
        wait_ms = wait->count();
    }
    if (wait_ms) {
        Answer answer = error(429, "M_LIMIT_EXCEEDED", "Too Many Requests");
        answer.body["retry_after_ms"] = *wait_ms;
        return answer;
    }
    const std::string id = add_event(room, options.bot_user, parts[3], body);
    txns[key] = id;
    if (lost_answers > 0) {
        --lost_answers;
        return Answer{504, {}, "<html><body>504 Gateway Time-out</body></html>"};
    }
    return Answer{200, {{"event_id", id}}, {}};
}

Answer FakeMatrix::State::handle(const HttpRequestMessage& request, MatrixRequest& record,
                                 std::function<void(HttpResponseMessage)>& respond) {
    const std::string target(request.target());
    const std::size_t question = target.find('?');
    const std::string raw_path = target.substr(0, question);
    record.method = std::string(request.method_string());
    record.query = question == std::string::npos ? "" : target.substr(question + 1);
    record.body = json::parse(request.body(), nullptr, false);
    if (record.body.is_discarded()) {
        record.body = nullptr;
    }
    const auto query = query_of(record.query);
    std::vector<std::string> parts = segments(raw_path);
    for (const std::string& part : parts) {
        record.path += "/" + part;
    }
    const std::string auth(request[http::field::authorization]);
    record.token = auth.starts_with("Bearer ") ? auth.substr(7) : "";
    const auto verb = request.method();
    const bool is_media = record.path.starts_with("/_matrix/media/v3/");
    if (!record.path.starts_with(k_client) && !is_media) {
        return error(404, "M_UNRECOGNIZED", "Unrecognized request");
    }
    parts.erase(parts.begin(), parts.begin() + 3); // _matrix, client|media, v3
    if (parts.size() == 1 && parts[0] == "login" && verb == http::verb::post) {
        const json identifier =
            record.body.is_object() ? record.body.value("identifier", json()) : json();
        const std::string user = identifier.is_object() ? identifier.value("user", "") : "";
        const std::string localpart = options.bot_user.substr(1, options.bot_user.find(':') - 1);
        if (record.body.value("type", "") != "m.login.password" ||
            (user != localpart && user != options.bot_user) ||
            record.body.value("password", "") != options.password) {
            return error(403, "M_FORBIDDEN", "Invalid username or password");
        }
        const std::string token = "syt_login_" + std::to_string(++next_token);
        tokens.insert(token);
        return Answer{200,
                      {{"user_id", options.bot_user},
                       {"access_token", token},
                       {"device_id", "FAKEDEV" + std::to_string(next_token)}},
                      {}};
    }
    if (record.token.empty()) {
        return error(401, "M_MISSING_TOKEN", "Missing access token");
    }
    if (!tokens.contains(record.token)) {
        json body = {{"errcode", "M_UNKNOWN_TOKEN"},
                     {"error", "Invalid access token passed."},
                     {"soft_logout", false}};
        return Answer{401, body, {}};
    }
    if (is_media && parts.size() == 1 && parts[0] == "upload" && verb == http::verb::post) {
        const std::string uri = "mxc://" + options.server_name + "/up" + std::to_string(++stream);
        media[uri] = request.body();
        return Answer{200, {{"content_uri", uri}}, {}};
    }
    if (parts == std::vector<std::string>{"account", "whoami"}) {
        return Answer{
            200,
            {{"user_id", options.bot_user}, {"device_id", "FAKEDEV"}, {"is_guest", false}},
            {}};
    }
    if (parts.size() == 1 && parts[0] == "sync" && verb == http::verb::get) {
        syncs.push_back(MatrixSync{since_position(query), record.at});
        return sync(query, respond);
    }
    if (parts.size() == 2 && parts[0] == "join" && verb == http::verb::post) {
        const std::string& room = parts[1];
        if (!rooms.contains(room)) {
            return error(404, "M_NOT_FOUND", "No known servers");
        }
        if (!rooms[room].members.contains(options.bot_user)) {
            invites.erase(room);
            join(room, options.bot_user);
        }
        return Answer{200, {{"room_id", room}}, {}};
    }
    if (parts.size() == 3 && parts[0] == "rooms" && parts[2] == "messages" &&
        verb == http::verb::get) {
        return messages(parts[1], query);
    }
    if (parts.size() == 3 && parts[0] == "rooms" && parts[2] == "leave") {
        invites.erase(parts[1]);
        rejected.push_back(parts[1]);
        touch();
        return Answer{200, json::object(), {}};
    }
    if (parts.size() == 5 && parts[0] == "rooms" && parts[2] == "send" && verb == http::verb::put) {
        return send(record.token, parts, record.body);
    }
    if (parts.size() == 4 && parts[0] == "rooms" && parts[2] == "state" &&
        parts[3] == "m.room.pinned_events") {
        Room& room = rooms[parts[1]];
        if (verb == http::verb::get) {
            if (!room.has_pinned) {
                return error(404, "M_NOT_FOUND", "Event not found.");
            }
            return Answer{200, {{"pinned", room.pinned}}, {}};
        }
        room.has_pinned = true;
        room.pinned = record.body.value("pinned", std::vector<std::string>{});
        const std::string id =
            add_event(parts[1], options.bot_user, "m.room.pinned_events", record.body, "");
        return Answer{200, {{"event_id", id}}, {}};
    }
    if (parts.size() == 4 && parts[0] == "user" && parts[2] == "account_data") {
        return account_data(parts[1], parts[3], verb == http::verb::put, record.body);
    }
    if (parts.size() == 1 && parts[0] == "createRoom" && verb == http::verb::post) {
        const std::string room =
            "!dm" + std::to_string(created.size() + 1) + ":" + options.server_name;
        created.push_back(room);
        join(room, options.bot_user);
        for (const json& user : record.body.value("invite", json::array())) {
            rooms[room].members.insert(user.get<std::string>());
        }
        return Answer{200, {{"room_id", room}}, {}};
    }
    return error(404, "M_UNRECOGNIZED", "Unrecognized request");
}

// GET/PUT /user/{userId}/account_data/{type}: only the bot's own; m.direct is
// the one the sync reports (see set_direct), other types are only kept.
Answer FakeMatrix::State::account_data(const std::string& user, const std::string& type,
                                       bool is_put, const json& body) {
    if (user != options.bot_user) {
        return error(403, "M_FORBIDDEN", "Cannot access account data for other users.");
    }
    if (!is_put) {
        if (type == "m.direct" && direct_stream > 0) {
            json direct = json::object();
            for (const auto& [room, other] : direct_rooms) {
                direct[other].push_back(room);
            }
            return Answer{200, direct, {}};
        }
        const auto it = other_account_data.find(type);
        return it == other_account_data.end() ? error(404, "M_NOT_FOUND", "Account data not found")
                                              : Answer{200, it->second, {}};
    }
    if (!body.is_object()) {
        return error(400, "M_NOT_JSON", "Content not JSON.");
    }
    if (type != "m.direct") {
        other_account_data[type] = body;
        return Answer{200, json::object(), {}};
    }
    direct_rooms.clear();
    for (const auto& [other, ids] : body.items()) {
        for (const json& room : ids) {
            if (room.is_string()) {
                direct_rooms[room.get<std::string>()] = other;
            }
        }
    }
    direct_stream = ++stream;
    asio::post(io, [this] { wake_syncs(); });
    return Answer{200, json::object(), {}};
}

FakeMatrix::FakeMatrix(FakeMatrixOptions options)
    : m_state(std::make_shared<State>(std::move(options))) {
    State& s = *m_state;
    s.tokens.insert(s.options.access_token);
    asio::ssl::context* tls = nullptr;
    if (s.options.uses_tls) {
        s.ca.emplace("OneVoice Fake Matrix CA");
        s.tls.emplace(make_server_tls_context(s.ca->issue_localhost()));
        tls = &*s.tls;
    }
    s.http = std::make_unique<LoopbackHttpServer>(
        s.io, tls, [&s](const HttpRequestMessage& request, LoopbackHttpServer::Respond respond) {
            MatrixRequest record;
            record.at = std::chrono::steady_clock::now();
            Answer answer;
            std::function<void(HttpResponseMessage)> keep = respond;
            {
                std::lock_guard lock(s.mutex);
                answer = s.handle(request, record, keep);
                record.status = answer.status;
                record.response = answer.raw.empty() ? answer.body : json();
                s.recorded.push_back(record);
                s.touch();
            }
            if (answer.status != 0) { // 0: a held long-poll, answered later
                respond(s.to_message(answer, request.version()));
            }
        });
    s.thread = std::thread([&s] {
        for (;;) {
            try {
                s.io.run();
                return;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "FakeMatrix: %s\n", e.what());
            }
        }
    });
}

FakeMatrix::~FakeMatrix() {
    State& s = *m_state;
    s.work.reset();
    s.io.stop();
    if (s.thread.joinable()) {
        s.thread.join();
    }
    s.pending.clear();
    s.http.reset();
}

const FakeMatrixOptions& FakeMatrix::options() const {
    return m_state->options;
}

std::string FakeMatrix::homeserver() const {
    const std::string url = m_state->http->url("/");
    return url.substr(0, url.size() - 1);
}

std::string FakeMatrix::ca_file() const {
    return m_state->ca ? m_state->ca->ca_file() : std::string();
}

void FakeMatrix::create_room(const std::string& room_id, const std::vector<std::string>& members,
                             bool bot_joined) {
    std::lock_guard lock(m_state->mutex);
    m_state->rooms[room_id];
    for (const std::string& user : members) {
        m_state->join(room_id, user);
    }
    if (bot_joined) {
        m_state->join(room_id, m_state->options.bot_user);
    }
}

void FakeMatrix::join_user(const std::string& room_id, const std::string& user,
                           const std::string& display_name) {
    std::lock_guard lock(m_state->mutex);
    m_state->rooms[room_id].members.insert(user);
    m_state->add_event(room_id, user, "m.room.member",
                       {{"membership", "join"}, {"displayname", display_name}}, user);
}

std::string FakeMatrix::send_text(const std::string& room_id, const std::string& sender,
                                  const std::string& body, const std::string& msgtype) {
    return send_event(room_id, sender, "m.room.message", {{"msgtype", msgtype}, {"body", body}});
}

std::string FakeMatrix::send_event(const std::string& room_id, const std::string& sender,
                                   const std::string& type, const json& content) {
    std::lock_guard lock(m_state->mutex);
    return m_state->add_event(room_id, sender, type, content);
}

std::string FakeMatrix::send_raw_event(const std::string& room_id, const std::string& sender,
                                       const std::string& type, const std::string& raw_content) {
    std::lock_guard lock(m_state->mutex);
    const std::string placeholder =
        "fake-raw-content-" + std::to_string(m_state->raw_contents.size() + 1);
    m_state->raw_contents[placeholder] = raw_content;
    return m_state->add_event(room_id, sender, type, placeholder);
}

void FakeMatrix::invite_bot(const std::string& room_id, const std::string& inviter,
                            bool is_direct) {
    std::lock_guard lock(m_state->mutex);
    State& s = *m_state;
    if (!s.rooms.contains(room_id)) {
        s.rooms[room_id];
        s.join(room_id, inviter);
    }
    // In the room's state as well, as on a real server: the join after it has it as prev_content.
    s.add_event(room_id, inviter, "m.room.member",
                {{"membership", "invite"}, {"is_direct", is_direct}}, s.options.bot_user);
    s.invites[room_id] = State::Invite{inviter, is_direct, s.stream};
}

void FakeMatrix::set_direct(const std::string& user, const std::string& room_id) {
    std::lock_guard lock(m_state->mutex);
    State& s = *m_state;
    s.direct_rooms[room_id] = user;
    s.direct_stream = ++s.stream;
    asio::post(s.io, [&s] { s.wake_syncs(); });
}

void FakeMatrix::rate_limit_sends(int count, int retry_after_ms) {
    std::lock_guard lock(m_state->mutex);
    m_state->rate_limited = count;
    m_state->retry_after_ms = retry_after_ms;
}

void FakeMatrix::lose_send_answers(int count) {
    std::lock_guard lock(m_state->mutex);
    m_state->lost_answers = count;
}

void FakeMatrix::revoke_tokens() {
    std::lock_guard lock(m_state->mutex);
    m_state->tokens.clear();
}

void FakeMatrix::limit_timelines(int max_events) {
    std::lock_guard lock(m_state->mutex);
    m_state->timeline_cap = max_events;
}

void FakeMatrix::fail_messages(int count) {
    std::lock_guard lock(m_state->mutex);
    m_state->failing_messages = count;
}

void FakeMatrix::fail_syncs(int count, int status) {
    std::lock_guard lock(m_state->mutex);
    m_state->failing_syncs = count;
    m_state->failing_sync_status = status;
}

void FakeMatrix::stall_syncs(int count) {
    std::lock_guard lock(m_state->mutex);
    m_state->stalling_syncs = count;
}

void FakeMatrix::answer_next_sync_raw(std::string body) {
    std::lock_guard lock(m_state->mutex);
    m_state->raw_sync = std::move(body);
}

std::vector<MatrixRequest> FakeMatrix::requests() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->recorded;
}

std::vector<MatrixSync> FakeMatrix::syncs() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->syncs;
}

std::int64_t FakeMatrix::acknowledged_through() const {
    std::lock_guard lock(m_state->mutex);
    std::int64_t out = 0;
    for (const MatrixSync& sync : m_state->syncs) {
        out = std::max(out, sync.since);
    }
    return out;
}

int FakeMatrix::count(std::string_view method, std::string_view part) const {
    std::lock_guard lock(m_state->mutex);
    return static_cast<int>(
        std::count_if(m_state->recorded.begin(), m_state->recorded.end(), [&](const auto& r) {
            return r.method == method && r.path.find(part) != std::string::npos;
        }));
}

std::vector<MatrixEvent> FakeMatrix::events(const std::string& room_id) const {
    std::lock_guard lock(m_state->mutex);
    std::vector<MatrixEvent> out;
    for (const MatrixEvent& event : m_state->events) {
        if (event.room_id == room_id) {
            out.push_back(event);
        }
    }
    return out;
}

std::vector<MatrixEvent> FakeMatrix::bot_messages(const std::string& room_id) const {
    std::vector<MatrixEvent> out;
    for (MatrixEvent& event : events(room_id)) {
        if (event.sender == m_state->options.bot_user && event.type == "m.room.message") {
            out.push_back(std::move(event));
        }
    }
    return out;
}

std::vector<std::string> FakeMatrix::pinned(const std::string& room_id) const {
    std::lock_guard lock(m_state->mutex);
    const auto it = m_state->rooms.find(room_id);
    return it == m_state->rooms.end() ? std::vector<std::string>{} : it->second.pinned;
}

bool FakeMatrix::is_bot_joined(const std::string& room_id) const {
    std::lock_guard lock(m_state->mutex);
    const auto it = m_state->rooms.find(room_id);
    return it != m_state->rooms.end() && it->second.members.contains(m_state->options.bot_user);
}

std::vector<std::string> FakeMatrix::rejected_invites() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->rejected;
}

std::string FakeMatrix::media(const std::string& content_uri) const {
    std::lock_guard lock(m_state->mutex);
    const auto it = m_state->media.find(content_uri);
    return it == m_state->media.end() ? std::string() : it->second;
}

std::map<std::string, std::string> FakeMatrix::direct_rooms() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->direct_rooms;
}

std::vector<std::string> FakeMatrix::created_rooms() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->created;
}

bool FakeMatrix::wait_for(const std::function<bool()>& done,
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
