// Holding statements prepared in calm times: `crisis template add|list|remove`,
// and `crisis statement <id> template <name>` fills one in for a crisis.
#include "bot/model/dates.hpp"
#include "bot/model/errors.hpp"
#include "bot/text/tokenizer.hpp"
#include "commands/crisis/crisis_commands.hpp"

#include <array>
#include <functional>

namespace onevoice::commands {
namespace {

constexpr std::size_t k_max_name = 40;
constexpr std::array<std::string_view, 6> k_placeholders{"title", "severity", "date",
                                                         "time",  "lead",     "id"};

bool is_placeholder_word(std::string_view word) {
    if (word.empty() || word.size() > 30) {
        return false;
    }
    for (const char c : word) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// Calls `on_placeholder` for each "{word}" and `on_text` for the text between.
// Braces around anything else ("{ }", "{12}") are plain text.
void scan(std::string_view text, const std::function<void(std::string_view)>& on_text,
          const std::function<void(std::string_view)>& on_placeholder) {
    std::size_t done = 0;
    std::size_t open = text.find('{');
    while (open != std::string_view::npos) {
        const std::size_t close = text.find('}', open + 1);
        if (close == std::string_view::npos) {
            break;
        }
        const std::string_view word = text.substr(open + 1, close - open - 1);
        if (is_placeholder_word(word)) {
            on_text(text.substr(done, open - done));
            on_placeholder(word);
            done = close + 1;
        }
        open = text.find('{', is_placeholder_word(word) ? close + 1 : open + 1);
    }
    on_text(text.substr(done));
}

bool is_known(std::string_view word) {
    for (const std::string_view known : k_placeholders) {
        if (known == word) {
            return true;
        }
    }
    return false;
}

std::string known_list() {
    std::string out;
    for (const std::string_view known : k_placeholders) {
        out += (out.empty() ? "{" : ", {") + std::string(known) + "}";
    }
    return out;
}

bool is_valid_name(std::string_view name) {
    if (name.empty() || name.size() > k_max_name) {
        return false;
    }
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace

std::vector<bot::Reply> CrisisCommands::template_command(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    const std::string action = args.empty() ? "" : bot::ascii_lower(args[0]);
    if (action == "list") {
        const auto templates = m_templates.all();
        bot::Reply reply = bot::Reply::to_requester();
        if (templates.empty()) {
            return {reply.text(catalog.rich(
                "crisis.no_templates", {catalog.command("crisis template add <name> <text>")}))};
        }
        reply.heading(catalog.text("crisis.templates_heading", {std::to_string(templates.size())}));
        std::vector<bot::Inline> lines;
        for (const auto& row : templates) {
            lines.push_back({bot::strong(row.name), bot::plain(" — " + row.text)});
        }
        reply.list(std::move(lines));
        return {reply.context(catalog.rich(
            "crisis.templates_hint", {catalog.command("crisis statement <id> template <name>")}))};
    }
    if (action != "add" && action != "remove") {
        throw bot::UsageError(catalog.text("crisis.template_action"));
    }
    // Prepared wording is policy: the router lets only lead roles add or remove it.
    if (args.size() < 2) {
        throw bot::UsageError(catalog.text("crisis.template_need_name"));
    }
    const std::string name = bot::ascii_lower(args[1]);
    if (!is_valid_name(name)) {
        throw bot::UsageError(catalog.text("crisis.template_bad_name", {args[1]}));
    }
    if (action == "remove") {
        if (!m_templates.remove(name)) {
            throw bot::UsageError(catalog.text("crisis.template_unknown", {name}));
        }
        return {bot::Reply::to_requester().text(
            catalog.rich("crisis.template_removed", {bot::plain(name)}))};
    }
    const std::string text = text_from(invocation, 2, k_max_text, "crisis.template_need_text");
    scan(
        text, [](std::string_view) {},
        [&](std::string_view word) {
            if (!is_known(word)) {
                throw bot::UsageError(catalog.text("crisis.template_bad_placeholder",
                                                   {"{" + std::string(word) + "}", known_list()}));
            }
        });
    const storage::CrisisTemplateRow row{name, text, invocation.user().key(), now_millis()};
    if (!m_templates.add(row)) {
        throw bot::UsageError(catalog.text("crisis.template_exists", {name}));
    }
    return {bot::Reply::to_requester().text(catalog.rich(
        "crisis.template_added",
        {bot::plain(name), catalog.command("crisis statement <id> template " + name)}))};
}

std::string CrisisCommands::filled_template(const storage::CrisisRow& crisis,
                                            std::string_view name) {
    const auto row = m_templates.find(bot::ascii_lower(name));
    if (!row) {
        throw bot::UsageError(m_context.catalog.text("crisis.template_unknown", {name}));
    }
    const auto lead = m_context.users.find(crisis.lead_key);
    const bot::TimePoint now = m_context.clock.now();
    std::string out;
    scan(
        row->text, [&](std::string_view text) { out += text; },
        [&](std::string_view word) {
            if (word == "title") {
                out += crisis.title;
            } else if (word == "severity") {
                out += crisis_severity_name(crisis.severity);
            } else if (word == "date") {
                out += m_context.date_text(m_context.zone.date_of(now));
            } else if (word == "time") {
                out += bot::format_time(m_context.zone.time_of(now), m_context.locale());
            } else if (word == "lead") {
                // As the platform shows a mention, so the statement names whom to ask.
                out += lead                      ? bot::mention_text(lead->name())
                       : crisis.lead_key.empty() ? m_context.catalog.text("crisis.no_lead")
                                                 : crisis.lead_key;
            } else if (word == "id") {
                out += std::to_string(crisis.id);
            } else {
                // Checked when the template was added; kept as written should the list shrink.
                out += "{" + std::string(word) + "}";
            }
        });
    return out;
}

} // namespace onevoice::commands
