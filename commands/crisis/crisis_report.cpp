// `crisis report <id>`: the post-crisis report in Markdown, sent as a file
// (uploaded on Slack and Matrix, printed on the console). A drill's report
// also scores it.
#include "bot/model/errors.hpp"
#include "bot/text/duration.hpp"
#include "commands/crisis/crisis_commands.hpp"

#include <limits>
#include <optional>

namespace onevoice::commands {
namespace {

// User text goes into Markdown literally: characters that would start markup
// are escaped, line breaks become spaces so a text cannot open a new heading.
std::string md(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n' || c == '\r') {
            out += ' ';
            continue;
        }
        if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' ||
            c == '|') {
            out += '\\';
        }
        out += c;
    }
    if (!out.empty() &&
        (out.front() == '#' || out.front() == '-' || out.front() == '+' || out.front() == '>')) {
        out.insert(out.begin(), '\\');
    }
    return out;
}

// The first timeline entry of `kind`, if any.
std::optional<storage::CrisisEntryRow> first_of(const std::vector<storage::CrisisEntryRow>& entries,
                                                std::string_view kind) {
    for (const auto& entry : entries) {
        if (entry.kind == kind) {
            return entry;
        }
    }
    return std::nullopt;
}

// Everything the report is made of, read once.
struct ReportData {
    storage::CrisisRow crisis;
    std::vector<storage::CrisisStepRow> steps;
    std::vector<storage::CrisisStatementRow> statements;
    std::optional<storage::CrisisStatementRow> approved;
    std::vector<storage::CrisisEntryRow> timeline;
    std::vector<storage::CrisisPauseRow> pauses;
    std::vector<storage::CrisisHandoverRow> handovers;
};

class ReportWriter {
public:
    ReportWriter(const ReportData& data, const bot::HandlerContext& context)
        : m_data(data)
        , m_context(context) {}

    std::string write() {
        const auto& crisis = m_data.crisis;
        line("# " + text("crisis.report.title", {std::to_string(crisis.id)}) + " " +
             md(crisis.title));
        if (crisis.is_drill) {
            line("");
            line("> **" + text("crisis.report.drill") + "**");
        }
        line("");
        item(text("crisis.report.severity"), crisis_severity_name(crisis.severity));
        item(text("crisis.field.status"), text("crisis.status." + crisis.status));
        item(text("crisis.field.lead"),
             crisis.lead_key.empty() ? text("crisis.no_lead") : person(crisis.lead_key));
        item(text("crisis.field.declared"), person(crisis.declared_by));
        if (!crisis.summary.empty()) {
            item(text("crisis.report.summary"), md(crisis.summary));
        }
        times();
        severity_changes();
        checklist();
        statements();
        other_sections();
        heading("crisis.report.timeline");
        for (const auto& entry : m_data.timeline) {
            line("- " + time(entry.at) + " " + person(entry.user_key) + " " +
                 text("crisis.kind." + entry.kind) + (entry.text.empty() ? "" : ": ") +
                 md(entry.text));
        }
        return m_out;
    }

private:
    std::string text(std::string_view key, std::initializer_list<std::string_view> args = {}) {
        return m_context.catalog.text(key, args);
    }
    void line(const std::string& text) { m_out += text + "\n"; }
    void heading(std::string_view key) {
        line("");
        line("## " + text(key));
        line("");
    }
    void item(const std::string& label, const std::string& value) {
        line("- **" + label + ":** " + value);
    }
    std::string person(std::string_view key) {
        const auto user = m_context.users.find(key);
        return user ? md(bot::mention_text(user->name())) : md(key);
    }
    std::string time(std::int64_t at) { return crisis_time(at, m_context); }
    // Instants are plain numbers with k_unset for "not reached": g++ 12 warns
    // falsely about optionals passed by value here (-Wmaybe-uninitialized).
    static constexpr std::int64_t k_unset = std::numeric_limits<std::int64_t>::min();
    std::string between(std::int64_t from, std::int64_t to) {
        return from != k_unset && to != k_unset
                   ? bot::duration_text(std::chrono::milliseconds(to - from))
                   : text("crisis.report.not_reached");
    }

    void times() {
        const auto& crisis = m_data.crisis;
        const auto update = first_of(m_data.timeline, "update");
        const auto approval = first_of(m_data.timeline, "approved");
        const std::int64_t declared = crisis.declared_at;
        const std::int64_t first_update = update ? update->at : k_unset;
        const std::int64_t approved = approval ? approval->at : k_unset;
        const std::int64_t resolved = crisis.resolved_at.value_or(k_unset);
        heading("crisis.report.times");
        const auto when = [&](std::int64_t at) {
            return at != k_unset ? time(at) : text("crisis.report.not_reached");
        };
        item(text("crisis.report.declared_at"), when(declared));
        item(text("crisis.report.first_update_at"), when(first_update));
        item(text("crisis.report.approved_at"), when(approved));
        item(text("crisis.report.resolved_at"), when(resolved));
        heading("crisis.report.durations");
        item(text("crisis.report.to_first_update"), between(declared, first_update));
        item(text("crisis.report.update_to_approved"), between(first_update, approved));
        item(text("crisis.report.to_approved"), between(declared, approved));
        item(text("crisis.report.approved_to_resolved"), between(approved, resolved));
        item(text("crisis.report.to_resolved"), between(declared, resolved));
        if (crisis.is_drill) {
            std::size_t ticked = 0;
            for (const auto& step : m_data.steps) {
                ticked += step.is_ticked() ? 1 : 0;
            }
            const std::size_t total = m_data.steps.size();
            const std::size_t percent = total == 0 ? 0 : ticked * 100 / total;
            heading("crisis.report.score");
            item(text("crisis.report.to_first_update"), between(declared, first_update));
            item(text("crisis.report.to_approved"), between(declared, approved));
            item(text("crisis.report.completion"),
                 text("crisis.report.completion_value",
                      {std::to_string(ticked), std::to_string(total), std::to_string(percent)}));
        }
    }

    void severity_changes() {
        heading("crisis.report.severity_changes");
        bool any = false;
        for (const auto& entry : m_data.timeline) {
            if (entry.kind == "severity") {
                line("- " + time(entry.at) + " " + person(entry.user_key) + ": " + md(entry.text));
                any = true;
            }
        }
        if (!any) {
            line("- " + text("crisis.report.none"));
        }
    }

    void checklist() {
        heading("crisis.report.checklist");
        for (const auto& step : m_data.steps) {
            std::string out = std::string(step.is_ticked() ? "- [x] " : "- [ ] ") +
                              std::to_string(step.position) + ". " + md(step.text);
            if (!step.owner_role.empty()) {
                out += " (" + text("role." + step.owner_role) + ")";
            }
            if (step.is_ticked()) {
                out += " — " + person(step.ticked_by.value_or("")) + ", " + time(*step.ticked_at);
            }
            line(out);
        }
    }

    void statements() {
        heading("crisis.report.statements");
        if (m_data.statements.empty()) {
            line("- " + text("crisis.report.none"));
        }
        for (const auto& s : m_data.statements) {
            std::string out =
                std::to_string(s.number) + ". " + md(s.text) + " — " +
                text("crisis.report.proposed", {person(s.proposed_by), time(s.proposed_at)});
            if (s.approved_at) {
                out += "; " + text("crisis.report.approved",
                                   {person(s.approved_by.value_or("")), time(*s.approved_at)});
                const bool is_current = m_data.approved && m_data.approved->number == s.number;
                out += is_current ? " **(" + text("crisis.report.current") + ")**"
                                  : " (" + text("crisis.report.superseded") + ")";
            }
            line(out);
        }
    }

    void other_sections() {
        if (!m_data.pauses.empty()) {
            heading("crisis.report.paused_ideas");
            for (const auto& pause : m_data.pauses) {
                std::string out = "- #" + std::to_string(pause.idea_id) + " " + md(pause.text) +
                                  " — " +
                                  text("crisis.report.paused_by",
                                       {person(pause.paused_by), time(pause.paused_at)});
                if (pause.resumed_at) {
                    out += "; " +
                           text("crisis.report.resumed_by",
                                {person(pause.resumed_by.value_or("")), time(*pause.resumed_at)});
                }
                line(out);
            }
        }
        if (!m_data.handovers.empty()) {
            heading("crisis.report.handovers");
            for (const auto& h : m_data.handovers) {
                line("- #" + std::to_string(h.id) + " " + time(h.created_at) + " " +
                     (h.topic.empty() ? "" : md(h.topic) + ": ") + md(h.question) + " — " +
                     person(h.assignee_key) + " (" + h.status + ")");
            }
        }
    }

    const ReportData& m_data;
    const bot::HandlerContext& m_context;
    std::string m_out;
};

} // namespace

std::vector<bot::Reply> CrisisCommands::report(const bot::Invocation& invocation) {
    const storage::CrisisRow crisis = require(invocation);
    if (invocation.args.size() > 1) {
        throw bot::UsageError(m_context.catalog.text("arg.unexpected", {invocation.args[1]}));
    }
    const ReportData data{crisis,
                          m_crises.steps(crisis.id),
                          m_crises.statements(crisis.id),
                          m_crises.approved_statement(crisis.id),
                          m_crises.timeline(crisis.id),
                          m_freeze.pauses(crisis.id),
                          m_crises.handovers(crisis.id)};
    const std::string id = std::to_string(crisis.id);
    const std::string filename = "crisis-" + id + "-report.md";
    bot::Reply reply = bot::Reply::to_place();
    reply.text(m_context.catalog.rich(
        "crisis.report_ready", {bot::plain(id), bot::plain(crisis.title), bot::plain(filename)}));
    crisis_mark_drill(reply, crisis, m_context);
    reply.intent =
        bot::Post{.attachment = bot::Attachment{filename, "text/markdown; charset=utf-8",
                                                ReportWriter(data, m_context).write(), ""}};
    return {std::move(reply)};
}

} // namespace onevoice::commands
