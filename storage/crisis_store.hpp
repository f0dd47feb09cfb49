#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

// A crisis as stored (issue #7). Instants are UTC milliseconds. Status is
// active or resolved; severity 1 (worst) to 3. The place is where its notice
// was posted (the crisis channel, or where it was declared).
struct CrisisRow {
    std::int64_t id = 0;
    std::string title;
    int severity = 2;
    std::string status = "active";
    bool is_drill = false;
    std::string lead_key;
    std::string declared_by;
    std::int64_t declared_at = 0;
    // The last `crisis update` (or the declaration): the reminder rhythm counts from here.
    std::int64_t last_update_at = 0;
    std::optional<std::int64_t> resolved_at;
    std::string summary;
    std::string platform;
    std::string conversation;
    std::string thread;
    bool is_direct = false;
    // Two-person rule: '' (nothing waits), 'declare' (the declaration waits: nobody was
    // alerted yet) or 'resolve' (the all-clear waits; its summary is `pending_text`).
    std::string pending;
    std::string pending_by;
    std::string pending_text;

    bool is_active() const { return status == "active"; }
    bool is_awaiting_declaration() const { return pending == "declare"; }
};

// One step of the crisis's checklist, numbered from 1 in `position`.
struct CrisisStepRow {
    int position = 0;
    std::string text;
    std::string owner_role; // '' when anyone may do it
    std::optional<std::string> ticked_by;
    std::optional<std::int64_t> ticked_at;

    bool is_ticked() const { return ticked_at.has_value(); }
};

// One timeline entry: declared, update, checked, unchecked, lead, severity,
// statement, approved, resolved.
struct CrisisEntryRow {
    std::int64_t at = 0;
    std::string user_key;
    std::string kind;
    std::string text;
};

// A proposed public statement, numbered per crisis from 1.
struct CrisisStatementRow {
    int number = 0;
    std::string text;
    std::string proposed_by;
    std::int64_t proposed_at = 0;
    std::optional<std::string> approved_by;
    std::optional<std::int64_t> approved_at;
};

// A handover opened while the crisis was active (HandoverStore tags them).
struct CrisisHandoverRow {
    std::int64_t id = 0;
    std::string topic;
    std::string question;
    std::string status;
    std::string assignee_key;
    std::int64_t created_at = 0;
};

// Crises with their steps, timeline, statements and tagged handovers. All methods run inside the
// caller's transaction; not-found is std::nullopt. Throws DbError.
class CrisisStore {
public:
    explicit CrisisStore(Database& db);

    // Inserts the crisis; returns the new id.
    std::int64_t add(const CrisisRow& crisis);
    std::optional<CrisisRow> find(std::int64_t id);
    // Active crises, worst severity first, then oldest.
    std::vector<CrisisRow> active();
    // Writes the mutable columns: title, severity, status, lead, last update, resolution.
    void update(const CrisisRow& crisis);

    void add_step(std::int64_t id, int position, std::string_view text,
                  std::string_view owner_role);
    // In order of position.
    std::vector<CrisisStepRow> steps(std::int64_t id);
    // Ticks (by and at set) or unticks (both nullopt) a step.
    void set_tick(std::int64_t id, int position, const std::optional<std::string>& by,
                  std::optional<std::int64_t> at);

    void add_entry(std::int64_t id, std::int64_t at, std::string_view user_key,
                   std::string_view kind, std::string_view text);
    // Oldest first.
    std::vector<CrisisEntryRow> timeline(std::int64_t id);

    // Stores a proposal under the next number; returns that number.
    int add_statement(std::int64_t id, std::string_view text, std::string_view proposed_by,
                      std::int64_t at);
    // In order of number.
    std::vector<CrisisStatementRow> statements(std::int64_t id);
    void approve(std::int64_t id, int number, std::string_view by, std::int64_t at);
    // The statement approved last; nullopt while none is.
    std::optional<CrisisStatementRow> approved_statement(std::int64_t id);

    // Handovers tagged with the crisis, oldest first.
    std::vector<CrisisHandoverRow> handovers(std::int64_t id);

private:
    std::vector<CrisisRow> collect(Statement& statement);
    std::vector<CrisisStatementRow> collect_statements(Statement& statement);

    Database& m_db;
    Statement m_add;
    Statement m_find;
    Statement m_active;
    Statement m_update;
    Statement m_add_step;
    Statement m_steps;
    Statement m_set_tick;
    Statement m_add_entry;
    Statement m_timeline;
    Statement m_next_number;
    Statement m_add_statement;
    Statement m_statements;
    Statement m_approve;
    Statement m_approved;
    Statement m_handovers;
};

} // namespace onevoice::storage
