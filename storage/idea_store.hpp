#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

// A content idea as stored. Dates and times are the team's local wall clock
// ('YYYY-MM-DD', 'HH:MM'); instants are UTC milliseconds.
struct IdeaRow {
    std::int64_t id = 0;
    std::string text;
    std::string author_key;
    // Where the idea was captured; `message` is the platform's message id, if any.
    std::string platform;
    std::string conversation;
    std::string thread;
    std::string message;
    std::string status = "new";
    std::optional<std::string> assignee_key;
    std::optional<std::string> scheduled_on;
    std::optional<std::string> scheduled_time;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    int votes = 0;
    std::vector<std::string> tags;     // without the #, sorted
    std::vector<std::string> links;    // in the order they appear in the text
    std::vector<std::string> channels; // facebook, blog...; sorted
    // The crisis that paused the idea (calendar freeze, issue #7), while it is paused.
    std::optional<std::int64_t> paused_by_crisis;
};

struct IdeaHistoryRow {
    std::int64_t at = 0;
    std::string user_key;
    std::string action; // created, voted, unvoted, assigned, status, scheduled
    std::string detail;
};

// Which ideas `list` returns. Empty `statuses` means every status.
struct IdeaFilter {
    std::vector<std::string> statuses;
    std::optional<std::string> tag;
    // Ideas this user wrote or is assigned to.
    std::optional<std::string> involving;
};

// Ideas, their tags, links, votes, channels and history. All methods run
// inside the caller's transaction; not-found is std::nullopt / false.
class IdeaStore {
public:
    explicit IdeaStore(Database& db);

    // Inserts the idea with its tags and links; returns the new id.
    std::int64_t add(const IdeaRow& idea);
    std::optional<IdeaRow> find(std::int64_t id);
    // Most votes first, then newest; `offset`/`limit` page through the result.
    std::vector<IdeaRow> list(const IdeaFilter& filter, int limit, int offset);
    int count(const IdeaFilter& filter);

    // Adds the user's vote, or takes it back when there is one. True: voted now.
    bool toggle_vote(std::int64_t id, std::string_view user_key, std::int64_t now);
    void set_status(std::int64_t id, std::string_view status, std::int64_t now);
    void set_assignee(std::int64_t id, std::string_view user_key, std::int64_t now);
    // Sets date, optional time and channels (replacing earlier ones) and the status 'scheduled'.
    void set_schedule(std::int64_t id, std::string_view date,
                      const std::optional<std::string>& time,
                      const std::vector<std::string>& channels, std::int64_t now);
    // Scheduled or published ideas with a date in [from, to], by date, time (all-day first), id.
    std::vector<IdeaRow> planned(std::string_view from, std::string_view to);

    void add_history(std::int64_t id, std::string_view user_key, std::string_view action,
                     std::string_view detail, std::int64_t now);
    // Oldest first.
    std::vector<IdeaHistoryRow> history(std::int64_t id);

private:
    IdeaRow read_details(IdeaRow row);
    std::vector<IdeaRow> collect(Statement& statement);

    Database& m_db;
    Statement m_add;
    Statement m_add_tag;
    Statement m_add_link;
    Statement m_find;
    Statement m_tags;
    Statement m_links;
    Statement m_channels;
    Statement m_list;
    Statement m_count;
    Statement m_has_vote;
    Statement m_add_vote;
    Statement m_remove_vote;
    Statement m_set_status;
    Statement m_set_assignee;
    Statement m_set_schedule;
    Statement m_clear_channels;
    Statement m_add_channel;
    Statement m_planned;
    Statement m_add_history;
    Statement m_history;
};

} // namespace onevoice::storage
