// `idea export csv|ics`: the plan as a file for spreadsheets and calendars.
#include "commands/ideas/idea_export.hpp"

#include "bot/model/errors.hpp"
#include "bot/text/tokenizer.hpp"
#include "bot/text/truncate.hpp"
#include "bot/text/utf8.hpp"
#include "commands/ideas/idea_card.hpp"
#include "commands/ideas/idea_commands.hpp"
#include "commands/ideas/idea_plan.hpp"
#include "commands/ideas/idea_text.hpp"

#include <cstdio>

namespace onevoice::commands {
namespace {

constexpr std::string_view k_crlf = "\r\n";
constexpr std::size_t k_max_octets = 75;

std::string joined(const std::vector<std::string>& items, std::string_view separator,
                   std::string_view prefix = {}) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : std::string(separator)) + std::string(prefix) + item;
    }
    return out;
}

std::string name_of(const std::optional<std::string>& user_key,
                    const bot::HandlerContext& context) {
    if (!user_key) {
        return {};
    }
    const auto user = context.users.find(*user_key);
    return user ? user->name() : *user_key;
}

// "20261120T083000Z": the UTC form of DATE-TIME (RFC 5545 §3.3.5, form #2).
std::string utc_stamp(bot::TimePoint t) {
    const bot::TimeZone utc = bot::TimeZone::utc();
    const bot::LocalDate d = utc.date_of(t);
    const bot::LocalTime hm = utc.time_of(t);
    const auto seconds = (bot::to_millis(t) / 1000) % 60;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", d.year, d.month, d.day, hm.hour,
                  hm.minute, static_cast<int>(seconds));
    return buf;
}

std::string compact_date(const std::string& iso) {
    return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

std::string dtstart(const storage::IdeaRow& idea, const bot::HandlerContext& context) {
    const bot::LocalDate date = *bot::LocalDate::from_iso(*idea.scheduled_on);
    if (!idea.scheduled_time) {
        return "DTSTART;VALUE=DATE:" + compact_date(*idea.scheduled_on);
    }
    const std::string& hhmm = *idea.scheduled_time;
    const bot::LocalTime time{std::stoi(hhmm.substr(0, 2)), std::stoi(hhmm.substr(3, 2))};
    // UTC rather than TZID: a TZID would need a VTIMEZONE built from the tz database.
    return "DTSTART:" + utc_stamp(context.zone.at(date, time));
}

std::string description(const storage::IdeaRow& idea, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    std::string text = idea.text + "\n\n" + catalog.text("idea.field.status") + ": " +
                       status_label(idea.status, catalog);
    const std::string owner =
        name_of(idea.assignee_key ? idea.assignee_key : std::optional(idea.author_key), context);
    text += "\n" + catalog.text("idea.csv.owner") + ": " + owner;
    if (!idea.channels.empty()) {
        text += "\n" + catalog.text("idea.csv.channels") + ": " + joined(idea.channels, ", ");
    }
    return text;
}

// The calendar's name as a quoted parameter value (RFC 5545 §3.1: a quoted-string holds no
// DQUOTE and no control characters).
std::string quoted_param(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c != '"' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
            out += c;
        }
    }
    return out + "\"";
}

void event(std::string& out, const storage::IdeaRow& idea, const bot::HandlerContext& context,
           const std::string& organizer) {
    std::vector<std::string> escaped_channels;
    for (const std::string& channel : idea.channels) {
        escaped_channels.push_back(ics_escape(channel));
    }
    out += ics_fold("BEGIN:VEVENT");
    out += ics_fold("UID:onevoice-idea-" + std::to_string(idea.id) + "@onevoice");
    out += ics_fold("DTSTAMP:" + utc_stamp(context.clock.now()));
    out += ics_fold(dtstart(idea, context));
    out += ics_fold(organizer);
    out += ics_fold("SUMMARY:" + ics_escape(bot::title_line(idea.text)));
    out += ics_fold("DESCRIPTION:" + ics_escape(description(idea, context)));
    if (!escaped_channels.empty()) {
        out += ics_fold("CATEGORIES:" + joined(escaped_channels, ","));
    }
    out += ics_fold(idea.status == "published" ? "STATUS:CONFIRMED" : "STATUS:TENTATIVE");
    out += ics_fold("END:VEVENT");
}

} // namespace

std::string csv_field(std::string_view value) {
    std::string inert;
    if (!value.empty() &&
        std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
        inert = "'" + std::string(value);
        value = inert;
    }
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(value);
    }
    std::string out = "\"";
    for (const char c : value) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

std::string plan_csv(const std::vector<storage::IdeaRow>& ideas,
                     const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    std::string out = "\xEF\xBB\xBF";
    // The column names in one style (Title Case, as German nouns are anyway), from their own
    // keys: the card's labels may change for the card's sake.
    std::vector<std::string> header;
    for (const char* key : {"idea.csv.id", "idea.csv.date", "idea.csv.time", "idea.csv.channels",
                            "idea.csv.title", "idea.csv.text", "idea.csv.status", "idea.csv.owner",
                            "idea.csv.votes", "idea.csv.tags", "idea.csv.links"}) {
        header.push_back(catalog.text(key));
    }
    std::vector<std::vector<std::string>> rows{header};
    for (const storage::IdeaRow& idea : ideas) {
        rows.push_back(
            {std::to_string(idea.id), idea.scheduled_on.value_or(""),
             idea.scheduled_time.value_or(""), joined(idea.channels, " "),
             bot::title_line(idea.text), idea.text, status_label(idea.status, catalog),
             name_of(idea.assignee_key ? idea.assignee_key : std::optional(idea.author_key),
                     context),
             std::to_string(idea.votes), joined(idea.tags, " ", "#"), joined(idea.links, " ")});
    }
    for (const auto& row : rows) {
        std::string line;
        for (const std::string& field : row) {
            line += (line.empty() ? "" : ",") + csv_field(field);
        }
        out += line + std::string(k_crlf);
    }
    return out;
}

std::string ics_escape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\r') {
            // CRLF and a lone CR are both one line break.
            out += "\\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
        } else if (c == '\n') {
            out += "\\n";
        } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
            continue;
        } else {
            out += c;
        }
    }
    return out;
}

std::string ics_fold(std::string_view line) {
    std::string out;
    std::size_t limit = k_max_octets; // the first line has no leading space
    while (line.size() > limit) {
        const std::size_t cut = bot::utf8_boundary(line, limit);
        out += std::string(line.substr(0, cut)) + std::string(k_crlf) + " ";
        line.remove_prefix(cut);
        limit = k_max_octets - 1;
    }
    return out + std::string(line) + std::string(k_crlf);
}

std::string plan_ics(const std::vector<storage::IdeaRow>& ideas, const bot::HandlerContext& context,
                     std::string_view organizer) {
    const std::string calendar_name = context.catalog.text("idea.export_name");
    const std::string organizer_line =
        "ORGANIZER;CN=" + quoted_param(calendar_name) + ":mailto:" + std::string(organizer);
    std::string out;
    out += ics_fold("BEGIN:VCALENDAR");
    out += ics_fold("VERSION:2.0");
    out += ics_fold("PRODID:-//OneVoice//Editorial plan//EN");
    out += ics_fold("CALSCALE:GREGORIAN");
    out += ics_fold("METHOD:PUBLISH");
    out += ics_fold("X-WR-CALNAME:" + ics_escape(calendar_name));
    for (const storage::IdeaRow& idea : ideas) {
        event(out, idea, context, organizer_line);
    }
    out += ics_fold("END:VCALENDAR");
    return out;
}

std::vector<bot::Reply> IdeaCommands::export_plan(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    std::vector<std::string> args = invocation.args;
    std::string save_to;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--out") {
            if (i + 1 >= args.size()) {
                throw bot::UsageError(catalog.text("idea.need_out_file"));
            }
            if (invocation.command.place.platform != "console") {
                throw bot::UsageError(catalog.text("idea.out_console_only"));
            }
            save_to = args[i + 1];
            args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                       args.begin() + static_cast<std::ptrdiff_t>(i + 2));
            break;
        }
    }
    const std::string format = args.empty() ? "" : bot::ascii_lower(args[0]);
    if (format != "csv" && format != "ics") {
        throw bot::UsageError(catalog.text("idea.need_format"));
    }
    if (args.size() > 2) {
        throw bot::UsageError(catalog.text("arg.unexpected", {args[2]}));
    }
    std::string first = "1970-01-01";
    std::string last = "9999-12-31";
    if (args.size() == 2) {
        const auto period = parse_period(bot::ascii_lower(args[1]), m_context.today());
        if (!period) {
            throw bot::UsageError(catalog.text("idea.bad_period", {args[1]}));
        }
        first = period->first.iso();
        last = period->last.iso();
    }
    const auto ideas = m_ideas.planned(first, last);
    const bool is_csv = format == "csv";
    if (!is_csv && ideas.empty()) {
        throw bot::UsageError(catalog.text("idea.export_ics_empty"));
    }
    bot::Reply reply = bot::Reply::to_place();
    reply.text(catalog.plural_rich(is_csv ? "idea.exported_csv" : "idea.exported_ics",
                                   static_cast<std::int64_t>(ideas.size()),
                                   {bot::plain(std::to_string(ideas.size()))}));
    reply.intent = bot::Post{
        .attachment = bot::Attachment{
            is_csv ? "editorial-plan.csv" : "editorial-plan.ics",
            is_csv ? "text/csv; charset=utf-8" : "text/calendar; charset=utf-8",
            is_csv ? plan_csv(ideas, m_context) : plan_ics(ideas, m_context, m_calendar_organizer),
            save_to}};
    return {reply};
}

} // namespace onevoice::commands
