#include "bot/runtime/reply_codec.hpp"

#include <nlohmann/json.hpp>

namespace onevoice::bot {

using nlohmann::json;

NLOHMANN_JSON_SERIALIZE_ENUM(Span::Kind, {{Span::Kind::text, "text"},
                                          {Span::Kind::strong, "strong"},
                                          {Span::Kind::emphasis, "emphasis"},
                                          {Span::Kind::code, "code"},
                                          {Span::Kind::link, "link"},
                                          {Span::Kind::mention, "mention"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ButtonStyle, {{ButtonStyle::normal, "normal"},
                                           {ButtonStyle::primary, "primary"},
                                           {ButtonStyle::danger, "danger"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Audience, {{Audience::requester, "requester"},
                                        {Audience::place, "place"},
                                        {Audience::direct, "direct"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(UserRef, platform, id, display_name, time_zone)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Place, platform, conversation, thread, is_direct)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Span, kind, text, target)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Field, label, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Attachment, filename, media_type, content, save_to)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Button, label, action_id, command, style)

namespace {

json block_to_json(const Block& block) {
    return std::visit(
        [](const auto& b) -> json {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, Heading>) {
                return {{"type", "heading"}, {"text", b.text}};
            } else if constexpr (std::is_same_v<T, TextBlock>) {
                return {{"type", "text"}, {"content", b.content}};
            } else if constexpr (std::is_same_v<T, FieldsBlock>) {
                return {{"type", "fields"}, {"fields", b.fields}};
            } else if constexpr (std::is_same_v<T, ListBlock>) {
                return {{"type", "list"}, {"items", b.items}, {"ordered", b.ordered}};
            } else if constexpr (std::is_same_v<T, ButtonsBlock>) {
                return {{"type", "buttons"}, {"buttons", b.buttons}};
            } else if constexpr (std::is_same_v<T, ContextBlock>) {
                return {{"type", "context"}, {"content", b.content}};
            } else {
                return {{"type", "divider"}};
            }
        },
        block);
}

Block block_from_json(const json& j) {
    const std::string type = j.at("type").get<std::string>();
    if (type == "heading") {
        return Heading{j.at("text").get<std::string>()};
    }
    if (type == "text") {
        return TextBlock{j.at("content").get<Inline>()};
    }
    if (type == "fields") {
        return FieldsBlock{j.at("fields").get<std::vector<Field>>()};
    }
    if (type == "list") {
        return ListBlock{j.at("items").get<std::vector<Inline>>(), j.at("ordered").get<bool>()};
    }
    if (type == "buttons") {
        return ButtonsBlock{j.at("buttons").get<std::vector<Button>>()};
    }
    if (type == "context") {
        return ContextBlock{j.at("content").get<Inline>()};
    }
    if (type == "divider") {
        return Divider{};
    }
    throw std::invalid_argument("unknown block type " + type);
}

// An intent is stored as the flat keys outbox rows have always had ("anchor",
// "pin", "attachment", "edits", "replaces", "unpin", "beside", "opens",
// "reaction"), so rows queued by an earlier version keep their meaning, and
// rows queued by this one do under an earlier version too.
void put_intent(json& j, const Intent& intent) {
    std::visit(
        Overloaded{[&j](const Post& post) {
                       if (!post.anchor.empty()) {
                           j["anchor"] = post.anchor;
                       }
                       if (post.is_pinned) {
                           j["pin"] = true;
                       }
                       if (post.attachment) {
                           j["attachment"] = *post.attachment;
                       }
                   },
                   [&j](const Edit& edit) {
                       j["edits"] = edit.anchor;
                       j["replaces"] = edit.message;
                   },
                   [&j](const Unpin& unpin) {
                       j["edits"] = unpin.anchor;
                       j["replaces"] = unpin.message;
                       j["unpin"] = true;
                   },
                   [&j](const PostBeside& beside) { j["beside"] = beside.anchor; },
                   [&j](const OpenConversation& opens) {
                       j["opens"] = {{"name", opens.name}, {"members", opens.members}};
                       if (!opens.anchor.empty()) {
                           j["anchor"] = opens.anchor;
                       }
                   },
                   [&j](const Reaction& reaction) {
                       j["reaction"] = {{"message", reaction.message}, {"name", reaction.name}};
                   }},
        intent);
}

// Earlier versions wrote only the keys that were set, and only these
// combinations; the order below is the one their outbox and adapters obeyed.
Intent intent_from(const json& j) {
    if (const auto reaction = j.find("reaction"); reaction != j.end()) {
        return Reaction{reaction->at("message").get<std::string>(),
                        reaction->at("name").get<std::string>()};
    }
    const std::string edits = j.value("edits", "");
    const std::string replaces = j.value("replaces", "");
    if (j.value("unpin", false)) {
        return Unpin{edits, replaces};
    }
    if (j.contains("edits") || j.contains("replaces")) {
        return Edit{edits, replaces};
    }
    if (j.contains("beside")) {
        return PostBeside{j.at("beside").get<std::string>()};
    }
    std::string anchor = j.value("anchor", "");
    if (const auto opens = j.find("opens"); opens != j.end()) {
        return OpenConversation{opens->at("name").get<std::string>(),
                                opens->at("members").get<std::vector<UserRef>>(),
                                std::move(anchor)};
    }
    Post post{std::move(anchor), j.value("pin", false), std::nullopt};
    if (j.contains("attachment")) {
        post.attachment = j.at("attachment").get<Attachment>();
    }
    return post;
}

} // namespace

std::string encode_reply(const Reply& reply) {
    json blocks = json::array();
    for (const Block& block : reply.blocks) {
        blocks.push_back(block_to_json(block));
    }
    json j = {{"audience", reply.audience}, {"place", reply.place}, {"blocks", std::move(blocks)}};
    if (reply.recipient) {
        j["recipient"] = *reply.recipient;
    }
    put_intent(j, reply.intent);
    // Replace invalid UTF-8 rather than throw: text reaching here was validated,
    // and one bad byte must not cost a whole message.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Reply> decode_reply(std::string_view text) {
    try {
        const json j = json::parse(text);
        Reply reply;
        reply.audience = j.at("audience").get<Audience>();
        reply.place = j.at("place").get<Place>();
        if (j.contains("recipient")) {
            reply.recipient = j.at("recipient").get<UserRef>();
        }
        reply.intent = intent_from(j);
        for (const json& block : j.at("blocks")) {
            reply.blocks.push_back(block_from_json(block));
        }
        return reply;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace onevoice::bot
