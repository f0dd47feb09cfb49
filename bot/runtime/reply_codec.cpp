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
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NewConversation, name, members)

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
    if (!reply.replaces.empty()) {
        j["replaces"] = reply.replaces;
    }
    if (!reply.anchor.empty()) {
        j["anchor"] = reply.anchor;
    }
    if (!reply.edits.empty()) {
        j["edits"] = reply.edits;
    }
    if (reply.is_pinned) {
        j["pin"] = true;
    }
    if (reply.is_unpinned) {
        j["unpin"] = true;
    }
    if (reply.opens) {
        j["opens"] = *reply.opens;
    }
    if (!reply.beside.empty()) {
        j["beside"] = reply.beside;
    }
    if (reply.reaction) {
        j["reaction"] = {{"message", reply.reaction->message}, {"name", reply.reaction->name}};
    }
    if (reply.attachment) {
        j["attachment"] = *reply.attachment;
    }
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
        reply.replaces = j.value("replaces", "");
        reply.anchor = j.value("anchor", "");
        reply.edits = j.value("edits", "");
        reply.is_pinned = j.value("pin", false);
        reply.is_unpinned = j.value("unpin", false);
        if (j.contains("opens")) {
            reply.opens = j.at("opens").get<NewConversation>();
        }
        reply.beside = j.value("beside", "");
        if (j.contains("attachment")) {
            reply.attachment = j.at("attachment").get<Attachment>();
        }
        if (const auto reaction = j.find("reaction"); reaction != j.end()) {
            reply.reaction = Reaction{reaction->at("message").get<std::string>(),
                                      reaction->at("name").get<std::string>()};
        }
        for (const json& block : j.at("blocks")) {
            reply.blocks.push_back(block_from_json(block));
        }
        return reply;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace onevoice::bot
