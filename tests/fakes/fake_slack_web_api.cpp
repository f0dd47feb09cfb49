// FakeSlack's Web API: answers shaped like the "Example responses" and
// "Errors" of Slack's method reference (https://api.slack.com/methods/<name>).
#include "bot/text/utf8.hpp"
#include "tests/fakes/fake_slack_state.hpp"

#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace onevoice::tests {

namespace http = boost::beast::http;
using nlohmann::json;
using Answer = FakeSlack::State::Answer;

namespace {

Answer fail(const std::string& error) {
    return Answer{200, {{"ok", false}, {"error", error}}, 0};
}

Answer ok(json body = json::object()) {
    body["ok"] = true;
    return Answer{200, std::move(body), 0};
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string url_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// a=1&b=2 into {"a": "1", "b": "2"}.
void add_form_fields(std::string_view text, json& into) {
    while (!text.empty()) {
        const auto amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        const auto eq = pair.find('=');
        if (!pair.empty()) {
            into[url_decode(pair.substr(0, eq))] =
                eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1));
        }
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    }
}

std::string string_arg(const json& args, const char* key) {
    const auto it = args.find(key);
    return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The characters of a text object ({"type": "mrkdwn", "text": ...}) or a plain string.
std::size_t text_length(const json& text) {
    if (text.is_string()) {
        return bot::utf8_length(text.get_ref<const std::string&>());
    }
    const auto inner = text.is_object() ? text.find("text") : text.end();
    return inner != text.end() && inner->is_string()
               ? bot::utf8_length(inner->get_ref<const std::string&>())
               : 0;
}

// Every text object's characters in `value`, at any depth.
std::size_t all_text_length(const json& value) {
    std::size_t total = 0;
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            total += key == "text" ? text_length(item) : all_text_length(item);
        }
    } else if (value.is_array()) {
        for (const json& item : value) {
            total += all_text_length(item);
        }
    }
    return total;
}

// What chat.postMessage and chat.update say about `blocks`, "" when they are fine.
// Block Kit's documented limits (https://api.slack.com/reference/block-kit/blocks): at most 50
// blocks, each an object with a type; a section's text at most 3000 characters, a header's 150,
// a button's 75, at most 25 elements in an actions block and 10 in a context block
// ("invalid_blocks"); and the blocks' text all together at most about 12 000 characters
// ("msg_blocks_too_long").
std::string blocks_problem(const json& blocks) {
    if (!blocks.is_array() || blocks.size() > 50) {
        return "invalid_blocks";
    }
    for (const json& block : blocks) {
        if (!block.is_object() || !block.contains("type") || !block["type"].is_string()) {
            return "invalid_blocks";
        }
        const std::string& type = block["type"].get_ref<const std::string&>();
        const json text = block.value("text", json());
        const json elements = block.value("elements", json::array());
        if ((type == "section" && text_length(text) > 3000) ||
            (type == "header" && text_length(text) > 150) ||
            (type == "actions" && elements.size() > 25) ||
            (type == "context" && elements.size() > 10)) {
            return "invalid_blocks";
        }
        if (type == "actions" && std::any_of(elements.begin(), elements.end(), [](const json& e) {
                return e.value("type", "") == "button" && text_length(e.value("text", json())) > 75;
            })) {
            return "invalid_blocks";
        }
    }
    return all_text_length(blocks) > 12000 ? "msg_blocks_too_long" : "";
}

// Block Kit arrives as a JSON array, or in a form as a JSON-encoded string.
std::optional<json> blocks_arg(const json& args, std::string& problem) {
    problem.clear();
    const auto it = args.find("blocks");
    if (it == args.end() || it->is_null()) {
        return std::nullopt;
    }
    json blocks = it->is_string() ? json::parse(it->get<std::string>(), nullptr, false) : *it;
    problem = blocks_problem(blocks);
    return blocks;
}

bool is_channel_id(const std::string& id) {
    return !id.empty() && (id[0] == 'C' || id[0] == 'G' || id[0] == 'D');
}

// Methods whose reference lists only application/x-www-form-urlencoded:
// Slack does not read a JSON body there.
bool reads_form_only(const std::string& path) {
    return path == "/api/users.info" || path == "/api/files.getUploadURLExternal";
}

bool is_user_id(const std::string& id) {
    return id.size() > 1 && (id[0] == 'U' || id[0] == 'W');
}

} // namespace

HttpResponseMessage FakeSlack::State::on_http(const HttpRequestMessage& request) {
    const std::string target(request.target());
    const auto question = target.find('?');
    const std::string path = target.substr(0, question);
    json args = json::object();
    if (question != std::string::npos) {
        add_form_fields(std::string_view(target).substr(question + 1), args);
    }
    const std::string content_type(request[http::field::content_type]);
    bool bad_json = false;
    if (content_type.starts_with("application/json") && reads_form_only(path)) {
        // ignored, like Slack does
    } else if (path.starts_with("/upload/")) {
        // the file's bytes, not arguments
    } else if (content_type.starts_with("application/json")) {
        json body = json::parse(request.body(), nullptr, false);
        bad_json = !body.is_object();
        if (body.is_object()) {
            args.update(body);
        }
    } else {
        add_form_fields(request.body(), args);
    }
    std::string token;
    const std::string authorization(request[http::field::authorization]);
    if (authorization.starts_with("Bearer ")) {
        token = authorization.substr(7);
    } else if (args.contains("token") && args["token"].is_string()) {
        token = args["token"].get<std::string>();
    }

    std::string method;
    Answer answer;
    if (path.starts_with("/api/")) {
        method = path.substr(5);
        std::lock_guard lock(mutex);
        answer = bad_json ? fail("invalid_json") : call(method, args, token);
    } else if (path.starts_with("/upload/")) {
        method = "upload";
        std::lock_guard lock(mutex);
        answer = receive_upload(path, request.body());
    } else if (path.starts_with("/commands/") || path.starts_with("/actions/")) {
        method = "response_url"; // what a handler posts to a slash command's response_url
        answer = ok();
    } else {
        method = path;
        answer = Answer{404, {{"ok", false}, {"error", "not_found"}}, 0};
    }

    HttpResponseMessage response{static_cast<http::status>(answer.status), request.version()};
    if (answer.body.is_string()) { // the upload URL answers in plain text
        response.set(http::field::content_type, "text/plain; charset=utf-8");
        response.body() = answer.body.get<std::string>();
    } else {
        response.set(http::field::content_type, "application/json; charset=utf-8");
        response.body() = answer.body.dump();
    }
    if (answer.retry_after > 0) {
        response.set(http::field::retry_after, std::to_string(answer.retry_after));
    }
    response.keep_alive(request.keep_alive());

    std::lock_guard lock(mutex);
    calls.push_back(ApiCall{method, std::move(args), content_type, token, answer.status,
                            answer.body, std::chrono::steady_clock::now()});
    changed_locked();
    return response;
}

Answer FakeSlack::State::call(const std::string& method, const json& args,
                              const std::string& token) {
    // https://api.slack.com/authentication/token-types: apps.connections.open
    // takes only the app-level token, every other method here a bot token;
    // auth.test takes both (its reference lists app-level tokens too).
    const bool wants_app = method == "apps.connections.open";
    const std::string& expected = wants_app ? options.app_token : options.bot_token;
    const std::string& other = wants_app ? options.bot_token : options.app_token;
    if (token.empty()) {
        return fail("not_authed");
    }
    if (method == "auth.test" && token == options.app_token) {
        // An app-level token belongs to the app, not to a bot user: no user_id.
        return ok({{"app_id", options.app_id}, {"app_name", "OneVoice"}});
    }
    if (token == other) {
        return fail("not_allowed_token_type");
    }
    if (token != expected) {
        return fail("invalid_auth");
    }
    if (auto outage = http_failures.find(method);
        outage != http_failures.end() && outage->second.count > 0) {
        --outage->second.count;
        return Answer{outage->second.status, {{"ok", false}, {"error", "fatal_error"}}, 0};
    }
    // https://api.slack.com/docs/rate-limits: HTTP 429 with Retry-After in seconds.
    if (auto limit = rate_limits.find(method);
        limit != rate_limits.end() && limit->second.count > 0) {
        --limit->second.count;
        return Answer{429, {{"ok", false}, {"error", "ratelimited"}}, limit->second.retry_after};
    }
    if (auto failure = failures.find(method);
        failure != failures.end() && failure->second.count > 0) {
        --failure->second.count;
        return fail(failure->second.error);
    }
    if (method == "chat.postMessage") {
        if (auto limited = channel_rate_limit(string_arg(args, "channel"))) {
            return *limited;
        }
    }
    Answer answer = call_method(method, args);
    if (auto lost = lost_answers.find(method); lost != lost_answers.end() && lost->second > 0) {
        --lost->second; // done, but the client never learns it
        return Answer{500, {{"ok", false}, {"error", "fatal_error"}}, 0};
    }
    return answer;
}

Answer FakeSlack::State::call_method(const std::string& method, const json& args) {
    if (method == "auth.test") {
        Answer answer = ok({{"url", "https://example-corp.slack.com/"},
                            {"team", "Example Corp"},
                            {"user", "onevoice"},
                            {"team_id", options.team_id},
                            {"user_id", options.bot_user_id},
                            {"bot_id", options.bot_id},
                            {"is_enterprise_install", false}});
        // A workspace of an Enterprise Grid organisation also names the organisation.
        if (!options.enterprise_id.empty()) {
            answer.body["enterprise_id"] = options.enterprise_id;
        }
        return answer;
    }
    if (method == "apps.connections.open") {
        const std::string ticket = next_uuid();
        return ok({{"url", ws->url("/link/?ticket=" + ticket + "&app_id=" + options.app_id)}});
    }
    if (method == "chat.postMessage" || method == "chat.postEphemeral") {
        return post_message(args, method == "chat.postEphemeral");
    }
    if (method == "chat.update") {
        return update_message(args);
    }
    if (method == "conversations.open") {
        return open_conversation(args);
    }
    if (method == "users.info") {
        return user_info(args);
    }
    if (method == "pins.add" || method == "pins.remove" || method == "reactions.add") {
        return pin_or_react(method, args);
    }
    if (method == "conversations.history" || method == "conversations.replies") {
        return history(args, method == "conversations.replies");
    }
    if (method == "conversations.create") {
        return create_channel(args);
    }
    if (method == "conversations.invite") {
        return invite_to_channel(args);
    }
    if (method == "files.getUploadURLExternal") {
        return upload_url(args);
    }
    if (method == "files.completeUploadExternal") {
        return complete_upload(args);
    }
    Answer unknown = fail("unknown_method");
    unknown.body["req_method"] = method;
    return unknown;
}

bool FakeSlack::State::bot_is_in(const std::string& channel) const {
    if (channel.starts_with('D')) {
        return true; // a direct conversation has the bot in it
    }
    if (std::find(options.bot_channels.begin(), options.bot_channels.end(), channel) !=
        options.bot_channels.end()) {
        return true;
    }
    return std::any_of(channels.begin(), channels.end(), [&](const FakeChannel& made) {
        return made.id == channel && std::find(made.members.begin(), made.members.end(),
                                               options.bot_user_id) != made.members.end();
    });
}

std::optional<Answer> FakeSlack::State::channel_rate_limit(const std::string& channel) {
    auto allowance =
        channel_allowance.try_emplace(channel, options.channel_burst, options.channel_interval)
            .first;
    const auto wait = allowance->second.take(std::chrono::steady_clock::now());
    if (!wait) {
        return std::nullopt;
    }
    // Retry-After counts whole seconds.
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(*wait).count();
    return Answer{
        429, {{"ok", false}, {"error", "ratelimited"}}, std::max(1, static_cast<int>(seconds))};
}

Answer FakeSlack::State::post_message(const json& args, bool ephemeral) {
    const std::string channel = string_arg(args, "channel");
    if (!is_channel_id(channel)) {
        return fail("channel_not_found");
    }
    if (!bot_is_in(channel)) {
        return fail("not_in_channel");
    }
    std::string problem;
    const auto blocks = blocks_arg(args, problem);
    if (!problem.empty()) {
        return fail(problem);
    }
    const std::string text = string_arg(args, "text");
    if (text.empty() && !blocks && !args.contains("attachments")) {
        return fail("no_text");
    }
    if (text.size() > 40000) {
        return fail("msg_too_long");
    }
    PostedMessage message;
    message.channel = channel;
    message.ts = next_ts();
    message.thread_ts = string_arg(args, "thread_ts");
    message.text = text;
    message.blocks = blocks.value_or(json());
    // https://api.slack.com/metadata/using: an object, or in a form a JSON-encoded string.
    if (const auto metadata = args.find("metadata"); metadata != args.end()) {
        message.metadata = metadata->is_string()
                               ? json::parse(metadata->get<std::string>(), nullptr, false)
                               : *metadata;
    }
    if (ephemeral) {
        message.ephemeral_user = string_arg(args, "user");
        if (!is_user_id(message.ephemeral_user)) {
            return fail("user_not_in_channel");
        }
    }
    messages.push_back(message);
    if (ephemeral) {
        return ok({{"message_ts", message.ts}});
    }
    return ok({{"channel", channel}, {"ts", message.ts}, {"message", message_json(message)}});
}

// https://api.slack.com/methods/conversations.history (newest first) and
// conversations.replies (the thread's parent and replies, oldest first).
Answer FakeSlack::State::history(const json& args, bool in_thread) {
    const std::string channel = string_arg(args, "channel");
    if (!is_channel_id(channel)) {
        return fail("channel_not_found");
    }
    const std::string ts = string_arg(args, "ts");
    if (in_thread && ts.empty()) {
        return fail("thread_not_found");
    }
    // Form fields arrive as strings, JSON bodies typed.
    const auto field = [&args](const char* key) {
        const auto it = args.find(key);
        return it == args.end()  ? std::string()
               : it->is_string() ? it->get<std::string>()
                                 : it->dump();
    };
    // Apps outside the Marketplace get at most 15 messages per call since 2025
    // (https://api.slack.com/changelog/2025-05-terms-rate-limit-update-and-faq).
    const std::string limit_text = field("limit");
    const int limit = std::clamp(limit_text.empty() ? 15 : std::atoi(limit_text.c_str()), 1, 15);
    const bool with_metadata =
        field("include_all_metadata") == "true" || field("include_all_metadata") == "1";
    // Only messages after `oldest` (exclusive, as without `inclusive`); ts values compare as
    // numbers, seconds first.
    const std::string oldest_text = field("oldest");
    const double oldest = oldest_text.empty() ? 0.0 : std::atof(oldest_text.c_str());
    json out = json::array();
    auto take = [&](const PostedMessage& message) {
        const bool in_view = in_thread
                                 ? message.ts == ts || message.thread_ts == ts
                                 : message.thread_ts.empty() || message.thread_ts == message.ts;
        if (message.channel != channel || !message.ephemeral_user.empty() || !in_view ||
            std::atof(message.ts.c_str()) <= oldest || static_cast<int>(out.size()) >= limit) {
            return;
        }
        json item = message_json(message);
        if (with_metadata && !message.metadata.is_null()) {
            item["metadata"] = message.metadata;
        }
        out.push_back(std::move(item));
    };
    if (in_thread) {
        std::for_each(messages.begin(), messages.end(), take);
    } else {
        std::for_each(messages.rbegin(), messages.rend(), take);
    }
    return ok({{"messages", out}, {"has_more", false}});
}

Answer FakeSlack::State::update_message(const json& args) {
    const std::string channel = string_arg(args, "channel");
    if (!is_channel_id(channel)) {
        return fail("channel_not_found");
    }
    PostedMessage* message = find_message(channel, string_arg(args, "ts"));
    if (message == nullptr) {
        return fail("message_not_found");
    }
    std::string problem;
    const auto blocks = blocks_arg(args, problem);
    if (!problem.empty()) {
        return fail(problem);
    }
    const std::string text = string_arg(args, "text");
    if (text.empty() && !blocks && !args.contains("attachments")) {
        return fail("no_text");
    }
    message->text = text;
    if (blocks) {
        message->blocks = *blocks;
    }
    ++message->updates;
    return ok({{"channel", channel},
               {"ts", message->ts},
               {"text", text},
               {"message", message_json(*message)}});
}

Answer FakeSlack::State::open_conversation(const json& args) {
    const std::string channel = string_arg(args, "channel");
    if (!channel.empty()) {
        return is_channel_id(channel) ? ok({{"channel", {{"id", channel}}}})
                                      : fail("channel_not_found");
    }
    std::string users_arg = string_arg(args, "users");
    if (users_arg.empty()) {
        return fail("users_list_not_supplied");
    }
    std::stringstream list(users_arg);
    std::vector<std::string> ids;
    for (std::string id; std::getline(list, id, ',');) {
        if (!is_user_id(id)) {
            return fail("user_not_found");
        }
        ids.push_back(id);
    }
    if (ids.size() != 1) {
        return fail("not_enough_users"); // a multi-person DM is beyond this fake
    }
    const auto [it, is_new] = direct_channels.try_emplace(ids.front(), "");
    if (is_new) {
        char id[16];
        std::snprintf(id, sizeof id, "D%08zX", direct_channels.size());
        it->second = id;
    }
    json body = {{"channel", {{"id", it->second}}}};
    if (!is_new) {
        body["no_op"] = true;
        body["already_open"] = true;
    }
    return ok(std::move(body));
}

FakeUser FakeSlack::State::user_locked(const std::string& id) const {
    FakeUser user{id, "user-" + id};
    if (const auto known = users.find(id); known != users.end()) {
        user = known->second;
    }
    if (user.team_id.empty()) {
        user.team_id = options.team_id;
        user.enterprise_id =
            user.enterprise_id.empty() ? options.enterprise_id : user.enterprise_id;
    }
    return user;
}

// https://api.slack.com/methods/users.info, the user object of https://api.slack.com/types/user
Answer FakeSlack::State::user_info(const json& args) {
    const std::string id = string_arg(args, "user");
    if (!is_user_id(id)) {
        return fail("user_not_found");
    }
    const FakeUser user = user_locked(id);
    json out = {{"id", id},
                {"team_id", user.team_id},
                {"name", user.name},
                {"deleted", false},
                {"real_name", user.name},
                {"tz", user.tz},
                {"tz_label", user.tz},
                {"tz_offset", 3600},
                {"profile",
                 {{"real_name", user.name},
                  {"real_name_normalized", user.name},
                  {"display_name", user.name},
                  {"display_name_normalized", user.name},
                  {"team", user.team_id}}},
                {"is_admin", false},
                {"is_owner", false},
                {"is_primary_owner", false},
                {"is_restricted", user.is_restricted || user.is_ultra_restricted},
                {"is_ultra_restricted", user.is_ultra_restricted},
                {"is_bot", false},
                {"is_app_user", false},
                {"updated", 1700000000}};
    if (!user.enterprise_id.empty()) {
        // Enterprise Grid: the organisation and the workspaces the user belongs to.
        out["enterprise_user"] = {{"id", id},
                                  {"enterprise_id", user.enterprise_id},
                                  {"enterprise_name", "Example Org"},
                                  {"is_admin", false},
                                  {"is_owner", false},
                                  {"teams", json::array({user.team_id})}};
    }
    return ok({{"user", out}});
}

Answer FakeSlack::State::pin_or_react(const std::string& method, const json& args) {
    const std::string channel = string_arg(args, "channel");
    if (!is_channel_id(channel)) {
        return fail("channel_not_found");
    }
    PostedMessage* message = find_message(channel, string_arg(args, "timestamp"));
    if (message == nullptr) {
        return fail("message_not_found");
    }
    if (method == "pins.add") {
        if (message->is_pinned) {
            return fail("already_pinned");
        }
        message->is_pinned = true;
        return ok();
    }
    if (method == "pins.remove") {
        // https://api.slack.com/methods/pins.remove: "no_pin" when the message is not pinned.
        if (!message->is_pinned) {
            return fail("no_pin");
        }
        message->is_pinned = false;
        return ok();
    }
    const std::string name = string_arg(args, "name");
    if (name.empty()) {
        return fail("invalid_name");
    }
    if (std::find(message->reactions.begin(), message->reactions.end(), name) !=
        message->reactions.end()) {
        return fail("already_reacted");
    }
    message->reactions.push_back(name);
    return ok();
}

// https://api.slack.com/methods/files.getUploadURLExternal
Answer FakeSlack::State::upload_url(const json& args) {
    const std::string filename = string_arg(args, "filename");
    const std::string length = string_arg(args, "length");
    if (filename.empty() || length.empty() ||
        length.find_first_not_of("0123456789") != std::string::npos) {
        return fail("invalid_arguments");
    }
    UploadedFile file;
    file.id = "F" + std::to_string(1000000 + files.size());
    file.filename = filename;
    files.push_back(file);
    return ok({{"upload_url", http_url("/upload/v1/" + file.id)}, {"file_id", file.id}});
}

// The upload URL takes the raw bytes (or a multipart form) and answers in plain text.
Answer FakeSlack::State::receive_upload(const std::string& path, const std::string& body) {
    const std::string id = path.substr(path.rfind('/') + 1);
    for (UploadedFile& file : files) {
        if (file.id == id && !file.is_completed) {
            file.content = body;
            return Answer{200, "OK - " + std::to_string(body.size()), 0};
        }
    }
    return Answer{404, "not found", 0};
}

// https://api.slack.com/methods/files.completeUploadExternal
Answer FakeSlack::State::complete_upload(const json& args) {
    json list = args.contains("files") ? args["files"] : json();
    if (list.is_string()) {
        list = json::parse(list.get<std::string>(), nullptr, false);
    }
    if (!list.is_array() || list.empty()) {
        return fail("invalid_arguments");
    }
    const std::string channel = string_arg(args, "channel_id");
    if (!channel.empty() && !is_channel_id(channel)) {
        return fail("channel_not_found");
    }
    json shared = json::array();
    for (const json& entry : list) {
        const std::string id = entry.is_object() ? entry.value("id", "") : "";
        const auto file = std::find_if(files.begin(), files.end(),
                                       [&](const UploadedFile& f) { return f.id == id; });
        if (file == files.end() || file->is_completed) {
            return fail("file_not_found");
        }
        file->is_completed = true;
        file->title = entry.value("title", file->filename);
        file->channel = channel;
        file->thread_ts = string_arg(args, "thread_ts");
        file->initial_comment = string_arg(args, "initial_comment");
        shared.push_back({{"id", file->id}, {"title", file->title}});
    }
    return ok({{"files", shared}});
}

PostedMessage* FakeSlack::State::find_message(const std::string& channel, const std::string& ts) {
    for (PostedMessage& message : messages) {
        if (message.channel == channel && message.ts == ts && message.ephemeral_user.empty()) {
            return &message;
        }
    }
    return nullptr;
}

json FakeSlack::State::message_json(const PostedMessage& message) const {
    json out = {
        {"type", "message"},        {"text", message.text},     {"user", options.bot_user_id},
        {"bot_id", options.bot_id}, {"app_id", options.app_id}, {"team", options.team_id},
        {"ts", message.ts}};
    if (!message.blocks.is_null()) {
        out["blocks"] = message.blocks;
    }
    if (!message.thread_ts.empty()) {
        out["thread_ts"] = message.thread_ts;
    }
    return out;
}

void FakeSlack::State::find_button(const json& blocks, const std::string& action_id,
                                   std::string& label, std::string& block_id) {
    if (!blocks.is_array()) {
        return;
    }
    for (const json& block : blocks) {
        if (!block.is_object() || block.value("type", "") != "actions") {
            continue;
        }
        for (const json& element : block.value("elements", json::array())) {
            if (element.is_object() && element.value("action_id", "") == action_id) {
                label = element.value("text", json::object()).value("text", label);
                block_id = block.value("block_id", block_id);
            }
        }
    }
}

} // namespace onevoice::tests
