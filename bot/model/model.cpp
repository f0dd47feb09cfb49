#include "bot/model/model.hpp"

namespace onevoice::bot {

Span plain(std::string text) {
    return Span{Span::Kind::text, std::move(text), {}};
}
Span strong(std::string text) {
    return Span{Span::Kind::strong, std::move(text), {}};
}
Span emphasis(std::string text) {
    return Span{Span::Kind::emphasis, std::move(text), {}};
}
Span code(std::string text) {
    return Span{Span::Kind::code, std::move(text), {}};
}

Span link(std::string url, std::string label) {
    if (label.empty()) {
        label = url;
    }
    return Span{Span::Kind::link, std::move(label), std::move(url)};
}

Span mention(const UserRef& user) {
    return Span{Span::Kind::mention, user.name(), user.key()};
}

std::string mention_text(std::string_view name) {
    return name.starts_with('@') ? std::string(name) : "@" + std::string(name);
}

std::string flatten(const Inline& content) {
    std::string out;
    for (const Span& span : content) {
        out += span.kind == Span::Kind::mention ? mention_text(span.text) : span.text;
        if (span.kind == Span::Kind::link && span.text != span.target) {
            out += " (" + span.target + ")";
        }
    }
    return out;
}

const std::string& Reply::anchor() const {
    static const std::string none;
    return std::visit(
        Overloaded{[](const Post& post) -> const std::string& { return post.anchor; },
                   [](const OpenConversation& opens) -> const std::string& { return opens.anchor; },
                   [](const auto&) -> const std::string& {
                       return none;
                   }},
        intent);
}

const Attachment* Reply::attachment() const {
    const auto* post = as<Post>();
    return post != nullptr && post->attachment ? &*post->attachment : nullptr;
}

Reply& Reply::heading(std::string heading_text) {
    blocks.emplace_back(Heading{std::move(heading_text)});
    return *this;
}

Reply& Reply::text(Inline content) {
    blocks.emplace_back(TextBlock{std::move(content)});
    return *this;
}

Reply& Reply::text(std::string plain_text) {
    return text(Inline{plain(std::move(plain_text))});
}

Reply& Reply::fields(std::vector<Field> new_fields) {
    blocks.emplace_back(FieldsBlock{std::move(new_fields)});
    return *this;
}

Reply& Reply::list(std::vector<Inline> items, bool ordered) {
    blocks.emplace_back(ListBlock{std::move(items), ordered});
    return *this;
}

Reply& Reply::buttons(std::vector<Button> new_buttons) {
    blocks.emplace_back(ButtonsBlock{std::move(new_buttons)});
    return *this;
}

Reply& Reply::context(Inline content) {
    blocks.emplace_back(ContextBlock{std::move(content)});
    return *this;
}

Reply& Reply::divider() {
    blocks.emplace_back(Divider{});
    return *this;
}

} // namespace onevoice::bot
