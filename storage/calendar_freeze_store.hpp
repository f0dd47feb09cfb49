#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

// A scheduled idea as the calendar freeze sees it; `paused_by` is the crisis
// that paused it, while it is paused.
struct CrisisIdeaRow {
    std::int64_t id = 0;
    std::string text;
    std::string scheduled_on;
    std::optional<std::string> scheduled_time;
    std::optional<std::int64_t> paused_by;
    std::string status;
};

// An idea a crisis paused, and when it was resumed.
struct CrisisPauseRow {
    std::int64_t idea_id = 0;
    std::string text;
    std::string paused_by;
    std::int64_t paused_at = 0;
    std::optional<std::string> resumed_by;
    std::optional<std::int64_t> resumed_at;

    bool is_paused() const { return !resumed_at.has_value(); }
};

// The calendar freeze of a crisis: scheduled ideas and which of them a crisis
// paused. Runs inside the caller's transaction; throws DbError.
class CalendarFreezeStore {
public:
    explicit CalendarFreezeStore(Database& db);

    // Ideas with status scheduled on a date in [from, to] ('YYYY-MM-DD'), by date, time, id.
    std::vector<CrisisIdeaRow> scheduled_ideas(std::string_view from, std::string_view to);
    std::optional<CrisisIdeaRow> find_idea(std::int64_t idea_id);
    // Marks the idea paused by the crisis (again, if it was resumed before).
    void pause_idea(std::int64_t id, std::int64_t idea_id, std::string_view by, std::int64_t at);
    void resume_idea(std::int64_t id, std::int64_t idea_id, std::string_view by, std::int64_t at);
    // Every idea the crisis paused, resumed or not, in order of pausing.
    std::vector<CrisisPauseRow> pauses(std::int64_t id);

private:
    Statement m_scheduled_ideas;
    Statement m_find_idea;
    Statement m_pause_idea;
    Statement m_resume_idea;
    Statement m_pauses;
};

} // namespace onevoice::storage
