#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

// A support handover as stored. Instants are UTC milliseconds. Status is one
// of open (waiting for a first response), accepted, answered (waiting for the
// social team's public reply), done (replied) and closed.
struct HandoverRow {
    std::int64_t id = 0;
    std::string topic; // '' when addressed to a named expert
    std::string question;
    std::string requester_key;
    std::string assignee_key;
    // The absent person whose work this is, when it went to a cover or manager.
    std::optional<std::string> instead_of_key;
    std::string status = "open";
    // Where the handover started: the answer goes back there.
    std::string platform;
    std::string conversation;
    std::string thread;
    std::string message;
    bool is_direct = false;
    std::int64_t created_at = 0;
    std::int64_t assigned_at = 0;
    std::int64_t due_at = 0;
    std::optional<std::int64_t> first_response_at;
    std::optional<std::int64_t> answered_at;
    std::optional<std::int64_t> finished_at; // done or closed
    std::optional<std::int64_t> overdue_at;  // when it was escalated
    std::string answer;
    std::string reply_link;
    // The active crisis when it was opened; `add` fills it in when unset.
    std::optional<std::int64_t> crisis_id;

    bool is_active() const { return status == "open" || status == "accepted"; }
    bool is_finished() const { return status == "done" || status == "closed"; }
};

struct HandoverEventRow {
    std::int64_t at = 0;
    std::string user_key;
    std::string action; // created, assigned, accepted, declined, answered, ...
    std::string detail;
};

// Which handovers `list` returns.
struct HandoverFilter {
    std::vector<std::string> statuses;      // empty: every status
    std::optional<std::string> involving;   // requester or assignee
    std::optional<std::int64_t> due_before; // only with due_at < this (overdue)
    std::optional<std::int64_t> created_since;
};

// Handovers, their events and decliners. All methods run inside the caller's
// transaction; not-found is std::nullopt.
class HandoverStore {
public:
    explicit HandoverStore(Database& db);

    // Inserts the handover; returns the new id.
    std::int64_t add(const HandoverRow& handover);
    std::optional<HandoverRow> find(std::int64_t id);
    // Oldest due first, then id.
    std::vector<HandoverRow> list(const HandoverFilter& filter, int limit);

    // Writes every mutable column of `handover` (status, assignee, times, answer...).
    void update(const HandoverRow& handover);

    // Open or accepted handovers assigned to the user.
    int active_count(std::string_view user_key);
    // When the user was last assigned a handover; nullopt: never.
    std::optional<std::int64_t> last_assigned_at(std::string_view user_key);

    void add_decliner(std::int64_t id, std::string_view user_key);
    std::vector<std::string> decliners(std::int64_t id);

    void add_event(std::int64_t id, std::string_view user_key, std::string_view action,
                   std::string_view detail, std::int64_t now);
    // Oldest first.
    std::vector<HandoverEventRow> events(std::int64_t id);

    // Handovers that went to someone else while `user_key` was away, created at or after `since`.
    std::vector<HandoverRow> covered_for(std::string_view user_key, std::int64_t since);
    // Users whose absence (not ended early) ended on `date` ('YYYY-MM-DD'), with its first day.
    std::vector<std::pair<std::string, std::string>> absences_ended_on(std::string_view date);

private:
    std::vector<HandoverRow> collect(Statement& statement);

    Database& m_db;
    Statement m_add;
    Statement m_find;
    Statement m_list;
    Statement m_update;
    Statement m_active_count;
    Statement m_last_assigned;
    Statement m_add_decliner;
    Statement m_decliners;
    Statement m_add_event;
    Statement m_events;
    Statement m_covered_for;
    Statement m_absences_ended;
};

} // namespace onevoice::storage
