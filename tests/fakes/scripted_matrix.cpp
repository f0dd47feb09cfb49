#include "tests/fakes/scripted_matrix.hpp"

#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>

namespace onevoice::tests {

namespace net = integrations::net;
using nlohmann::json;

namespace matrix_script {

namespace {

// Each event a later origin_server_ts, as a homeserver stamps them.
std::int64_t next_ts() {
    static std::int64_t ts = 1700000000000;
    return ++ts;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace

std::string client(std::string_view rest) {
    return "/_matrix/client/v3" + std::string(rest);
}

std::string room_path(const std::string& room_id, std::string_view rest) {
    return client("/rooms/") + integrations::matrix::encode(room_id) + std::string(rest);
}

std::string send_path(const std::string& room_id, const std::string& type, std::int64_t id,
                      std::string_view part) {
    std::string txn = k_txn_prefix + "-" + std::to_string(id);
    if (!part.empty()) {
        txn += "-" + std::string(part);
    }
    return room_path(room_id, "/send/" + type + "/" + txn);
}

net::HttpResult ok(const json& body) {
    return http_answer(200, body.dump(), {{"Content-Type", "application/json"}});
}

net::HttpResult error(int status, const std::string& errcode, const std::string& text) {
    return http_answer(status, json{{"errcode", errcode}, {"error", text}}.dump(),
                       {{"Content-Type", "application/json"}});
}

json text_event(const std::string& event_id, const std::string& sender, const std::string& body,
                const std::string& msgtype) {
    return {{"type", "m.room.message"},
            {"event_id", event_id},
            {"sender", sender},
            {"origin_server_ts", next_ts()},
            {"content", {{"msgtype", msgtype}, {"body", body}}},
            {"unsigned", {{"age", 120}}}};
}

json reaction_event(const std::string& event_id, const std::string& sender,
                    const std::string& target, const std::string& key) {
    return {
        {"type", "m.reaction"},
        {"event_id", event_id},
        {"sender", sender},
        {"origin_server_ts", next_ts()},
        {"content",
         {{"m.relates_to", {{"rel_type", "m.annotation"}, {"event_id", target}, {"key", key}}}}}};
}

json member_event(const std::string& event_id, const std::string& user,
                  const std::string& membership, const std::string& before) {
    json event = {{"type", "m.room.member"},
                  {"event_id", event_id},
                  {"sender", user},
                  {"state_key", user},
                  {"origin_server_ts", next_ts()},
                  {"content", {{"membership", membership}}},
                  {"unsigned", json::object()}};
    if (!before.empty()) {
        event["unsigned"]["prev_content"] = {{"membership", before}};
    }
    return event;
}

json sync_answer(const std::string& next_batch, const std::vector<JoinedRoom>& rooms,
                 const json& invites) {
    json joined = json::object();
    for (const JoinedRoom& room : rooms) {
        json timeline = {{"events", room.events}, {"limited", room.is_limited}};
        if (!room.prev_batch.empty()) {
            timeline["prev_batch"] = room.prev_batch;
        }
        joined[room.room_id] = {{"timeline", timeline},
                                {"state", {{"events", json::array()}}},
                                {"ephemeral", {{"events", json::array()}}},
                                {"account_data", {{"events", json::array()}}}};
    }
    return {{"next_batch", next_batch},
            {"account_data", {{"events", json::array()}}},
            {"presence", {{"events", json::array()}}},
            {"rooms", {{"join", joined}, {"invite", invites}, {"leave", json::object()}}}};
}

json messages_answer(const std::vector<json>& events, const std::string& end) {
    json page = {{"start", "t-page"}, {"chunk", events}, {"state", json::array()}};
    if (!end.empty()) {
        page["end"] = end;
    }
    return page;
}

json fixture(const std::string& name) {
    return json::parse(read_file(std::string(source_dir()) + "/tests/fixtures/matrix/" + name));
}

} // namespace matrix_script

using namespace matrix_script;

ScriptedMatrix::ScriptedMatrix(std::string token_, std::string password_)
    : token(std::move(token_))
    , password(std::move(password_)) {
    options.homeserver = *net::Url::parse("https://matrix.example.org");
    options.user = "onevoice";
    options.backoff_base = std::chrono::milliseconds(1);
    options.backoff_cap = std::chrono::milliseconds(5);
    state.values["matrix.txn_prefix"] = k_txn_prefix;
    restart();
}

void ScriptedMatrix::restart() {
    adapter = std::make_unique<integrations::matrix::MatrixAdapter>(
        io, http, state, bot::Secret(token), bot::Secret(password), options, [] { return 0.5; });
}

void ScriptedMatrix::expect_whoami() {
    http.expect(net::HttpMethod::get, client("/account/whoami"),
                ok({{"user_id", k_bot}, {"device_id", "OVDEVICE01"}, {"is_guest", false}}));
}

ScriptedMatrix::Hold ScriptedMatrix::expect_sync() {
    return http.expect_held(net::HttpMethod::get, client("/sync"));
}

ScriptedMatrix::Hold ScriptedMatrix::start() {
    expect_whoami();
    http.expect(net::HttpMethod::get, client("/sync"), ok(fixture("sync.json")));
    // The fixture's invite is from the bot's own server: accepted.
    http.expect(net::HttpMethod::post, client("/join/%21invited%3Aexample.org"),
                ok({{"room_id", "!invited:example.org"}}));
    const Hold second = expect_sync();
    adapter->start(sink);
    run();
    REQUIRE(http.is_waiting(second));
    return second;
}

ScriptedMatrix::Hold ScriptedMatrix::next_sync(Hold held, const json& body) {
    const Hold next = expect_sync();
    http.release(held, ok(body));
    run();
    REQUIRE(http.is_waiting(next));
    return next;
}

void ScriptedMatrix::run() {
    // Out of work ends the run; the deadline only ends a test whose adapter would loop.
    io.restart();
    io.run_for(std::chrono::seconds(10));
}

bot::DeliveryResult ScriptedMatrix::deliver(std::int64_t id, const bot::Reply& reply) {
    std::optional<bot::DeliveryResult> result;
    adapter->deliver(id, reply, [&](bot::DeliveryResult r) { result = std::move(r); });
    run();
    REQUIRE(result.has_value());
    return *result;
}

bot::Reply ScriptedMatrix::to_room(const std::string& room_id, std::string text) {
    bot::Reply reply = bot::Reply::to_place();
    if (!text.empty()) {
        reply.text(std::move(text));
    }
    reply.place = bot::Place{"matrix", room_id, "", false};
    return reply;
}

std::vector<net::HttpRequest> ScriptedMatrix::requests_to(std::string_view part) const {
    std::vector<net::HttpRequest> out;
    for (const net::HttpRequest& request : http.requests()) {
        const std::string& target = request.url.target;
        if (target.substr(0, target.find('?')).find(part) != std::string::npos) {
            out.push_back(request);
        }
    }
    return out;
}

json ScriptedMatrix::body(const net::HttpRequest& request) {
    return json::parse(request.body, nullptr, false);
}

std::string ScriptedMatrix::query(const net::HttpRequest& request, const std::string& name) {
    const std::string& target = request.url.target;
    const auto question = target.find('?');
    if (question == std::string::npos) {
        return {};
    }
    const std::string query = "&" + target.substr(question + 1);
    const auto start = query.find("&" + name + "=");
    if (start == std::string::npos) {
        return {};
    }
    const auto value = start + name.size() + 2;
    return percent_decode(query.substr(value, query.find('&', value) - value));
}

} // namespace onevoice::tests
