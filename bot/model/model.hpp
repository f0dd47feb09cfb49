#pragma once

#include "bot/model/clock.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace onevoice::bot {

// A person as a platform knows them. `id` is the platform's own id
// ("U024BE7LH", "@alice:example.org", "alice" on the console).
struct UserRef {
    std::string platform;
    std::string id;
    std::string display_name;
    // The IANA time zone the platform reports for the person ("Europe/Berlin"),
    // empty when unknown. Not part of the identity.
    std::string time_zone;
    // Not of the organisation (DESIGN.md, the trust model): a user of another Slack
    // workspace, a guest, a Matrix user of an untrusted server. Adapters set it for
    // everyone who speaks to the bot; it is stored, so `@name` never resolves to such
    // a person. Not part of the identity.
    bool is_outsider = false;

    // The key stored in the database: "slack:U024BE7LH".
    std::string key() const { return platform + ":" + id; }
    const std::string& name() const { return display_name.empty() ? id : display_name; }
    bool operator==(const UserRef& other) const { return key() == other.key(); }
};

// Where something was said: a conversation (channel, room or direct
// conversation) on a platform, optionally inside a thread.
struct Place {
    std::string platform;
    std::string conversation;
    std::string thread;
    bool is_direct = false;
};

// A small value an adapter needs stored in the same transaction as the
// effects of the command or action that carries it (Matrix: the /sync token
// that delivered the event, so a restart neither repeats nor loses it). The
// router writes it to the settings table; empty `key`: nothing to store.
struct Checkpoint {
    std::string key;
    std::string value;
};

// One command typed by a user, in the neutral form every handler sees.
// Adapters fill `event_id` (for de-duplication), `user`, `place`, `text` and
// `received_at`; `name` only when the platform separates it (Slack's slash
// command). The router splits `text` into `name` and `args`.
struct Command {
    std::string event_id;
    UserRef user;
    Place place;
    std::string name;
    std::vector<std::string> args;
    std::string text;
    TimePoint received_at{};
    // The message a button press came from, when the command is a pressed button.
    std::string source_message;
    // The platform's id of the chat message that carried the command, for a
    // reaction to it; empty when there is none (a slash command).
    std::string message;
    // Stored with the command's effects (see Checkpoint); handlers ignore it.
    Checkpoint checkpoint;
};

// A button press. Its `value` is the command line that does the same thing,
// so a pressed button runs exactly what a typed command would.
struct Action {
    std::string event_id;
    std::string action_id;
    std::string value;
    UserRef user;
    Place place;
    std::string source_message;
    TimePoint received_at{};
    // Stored with the action's effects (see Checkpoint).
    Checkpoint checkpoint;
};

// A piece of inline text. Only `text` spans carry user text; renderers escape
// every span, so user text can never turn into markup or a mention.
struct Span {
    enum class Kind { text, strong, emphasis, code, link, mention };
    Kind kind = Kind::text;
    std::string text;
    std::string target; // the URL of a link; the user key of a mention
    bool operator==(const Span&) const = default;
};
using Inline = std::vector<Span>;

Span plain(std::string text);
Span strong(std::string text);
Span emphasis(std::string text);
Span code(std::string text);
Span link(std::string url, std::string label = {});
Span mention(const UserRef& user);
// A name as a mention reads in plain text: "@alice", and a Matrix id, which is
// the name of a user without a display name, with its own @ only
// ("@bob:example.org", never "@@bob:example.org").
std::string mention_text(std::string_view name);
// The characters of `content` without markup: what a plain-text renderer shows.
std::string flatten(const Inline& content);

struct Heading {
    std::string text;
};
struct TextBlock {
    Inline content;
};
struct Field {
    std::string label;
    Inline value;
};
struct FieldsBlock {
    std::vector<Field> fields;
};
struct ListBlock {
    std::vector<Inline> items;
    bool ordered = false;
};
enum class ButtonStyle { normal, primary, danger };
struct Button {
    std::string label;
    std::string action_id;
    std::string command; // the command line that does the same, e.g. "idea vote 12"
    ButtonStyle style = ButtonStyle::normal;
};
struct ButtonsBlock {
    std::vector<Button> buttons;
};
struct ContextBlock {
    Inline content;
};
struct Divider {};

using Block =
    std::variant<Heading, TextBlock, FieldsBlock, ListBlock, ButtonsBlock, ContextBlock, Divider>;

// Who sees a reply.
enum class Audience {
    requester, // only the person who typed the command (ephemeral where possible)
    place,     // the conversation (in the thread, if the command came from one)
    direct,    // a direct message to `recipient`
};

// A file sent with a reply (an export). Chat platforms upload it; the console
// writes it to `save_to` when set (a path the console user chose), else prints it.
struct Attachment {
    std::string filename;   // "editorial-plan.csv"
    std::string media_type; // "text/csv; charset=utf-8"
    std::string content;
    std::string save_to;
};

// What a reply does with its blocks (Reply::intent): exactly one of the kinds
// below, so no reply can, say, both edit a message and react to another. Fields
// that may be left out have defaults, so designated initializers name only what they set.

// A new message: the default.
struct Post {
    // A name for the message ("idea:12"), so later replies can edit or unpin it
    // (Edit, Unpin). The outbox remembers where it was posted. Empty: none.
    std::string anchor = {};
    // Pin the posted message in its conversation (crisis notices).
    bool is_pinned = false;
    // A file to send along; the blocks are its message.
    std::optional<Attachment> attachment = {};
};

// The blocks replace those of a message posted earlier. Handlers name that
// message by its `anchor`; the outbox fills in `message` (the platform's id) and
// sends the edit where it was posted, or sends nothing where it cannot be edited
// (never posted, ephemeral, the console). A handler that has the platform's id
// (the message a button was pressed on, Command::source_message) sets only `message`.
struct Edit {
    std::string anchor = {};
    std::string message = {};
};

// Only removes the pin of a message posted earlier, named as for an Edit; the
// blocks are ignored.
struct Unpin {
    std::string anchor = {};
    std::string message = {};
};

// A new message in the conversation where the message of `anchor` was posted
// (the conversation a reply opened). The outbox turns it into a Post there;
// where that message was never posted with an id (the console), nothing is sent.
struct PostBeside {
    std::string anchor = {};
};

// A conversation the reply opens for itself (a dedicated crisis channel): the
// adapter creates it under a name made valid for its platform from `name`,
// invites `members` and posts the reply in it. Where a platform cannot open one,
// or the reply is not for a place, it is posted like any other. `anchor` as for a Post.
struct OpenConversation {
    std::string name; // readable ("crisis 12 Outrage about the ad")
    std::vector<UserRef> members;
    std::string anchor = {};
};

// Only an emoji reaction to a message, by its short name as Slack writes it
// ("white_check_mark", "bulb", "+1"); other platforms map the names they know.
// The blocks are ignored.
struct Reaction {
    std::string message; // the platform's id of the message reacted to
    std::string name;
};

using Intent = std::variant<Post, Edit, Unpin, PostBeside, OpenConversation, Reaction>;

// Lambdas as one visitor for std::visit, one per kind:
// `std::visit(Overloaded{[](const Post&) {...}, [](const Edit&) {...}}, intent)`.
template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// What a handler produces: who sees it, where, its blocks and what it does.
// The router fills in `place` and `recipient` from the command when they are
// left empty.
struct Reply {
    Audience audience = Audience::place;
    Place place;
    std::optional<UserRef> recipient;
    std::vector<Block> blocks;
    Intent intent;

    static Reply to_requester() {
        Reply reply;
        reply.audience = Audience::requester;
        return reply;
    }
    static Reply to_place() { return Reply{}; }
    static Reply direct_to(UserRef user) {
        Reply reply;
        reply.audience = Audience::direct;
        reply.recipient = std::move(user);
        return reply;
    }
    // Edits the message posted for `anchor` wherever it is.
    static Reply edit_of(std::string anchor) {
        Reply reply;
        reply.intent = Edit{std::move(anchor), {}};
        return reply;
    }
    // Removes the pin of the message posted for `anchor`.
    static Reply unpin_of(std::string anchor) {
        Reply reply;
        reply.intent = Unpin{std::move(anchor), {}};
        return reply;
    }
    // A new message next to the one posted for `anchor` (see PostBeside).
    static Reply beside_of(std::string anchor) {
        Reply reply;
        reply.intent = PostBeside{std::move(anchor)};
        return reply;
    }
    // Reacts with `name` to `message` in `place`.
    static Reply reaction_to(Place place, std::string message, std::string name) {
        Reply reply;
        reply.place = std::move(place);
        reply.intent = Reaction{std::move(message), std::move(name)};
        return reply;
    }

    // The anchor that names the message this reply posts (Post, OpenConversation);
    // empty when it names none.
    const std::string& anchor() const;
    // The file this reply sends along (a Post's); null when it sends none.
    const Attachment* attachment() const;
    // The kind of intent, when it is `T`; else null.
    template <class T>
    const T* as() const {
        return std::get_if<T>(&intent);
    }

    Reply& heading(std::string text);
    Reply& text(Inline content);
    Reply& text(std::string plain_text);
    Reply& fields(std::vector<Field> fields);
    Reply& list(std::vector<Inline> items, bool ordered = false);
    Reply& buttons(std::vector<Button> buttons);
    Reply& context(Inline content);
    Reply& divider();
};

} // namespace onevoice::bot
