#include "storage/calendar_freeze_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

constexpr const char* k_idea_columns =
    "i.id, i.text, i.scheduled_on, i.scheduled_time, (SELECT min(p.crisis_id) FROM "
    "crisis_paused_ideas p WHERE p.idea_id = i.id AND p.resumed_at IS NULL), i.status";

CrisisIdeaRow read_idea(const Statement& s) {
    return CrisisIdeaRow{s.get_int(0),           s.get_text(1),         s.get_text(2),
                         s.get_optional_text(3), s.get_optional_int(4), s.get_text(5)};
}

} // namespace

CalendarFreezeStore::CalendarFreezeStore(Database& db)
    : m_scheduled_ideas(
          db, select_sql(k_idea_columns, "ideas i",
                         " WHERE i.status = 'scheduled' AND i.scheduled_on BETWEEN ?1 AND ?2"
                         " ORDER BY i.scheduled_on, coalesce(i.scheduled_time, ''), i.id"))
    , m_find_idea(db, select_sql(k_idea_columns, "ideas i", " WHERE i.id = ?1"))
    , m_pause_idea(db, "INSERT INTO crisis_paused_ideas (crisis_id, idea_id, paused_by, "
                       "paused_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (crisis_id, idea_id) DO "
                       "UPDATE SET paused_by = ?3, paused_at = ?4, resumed_by = NULL, "
                       "resumed_at = NULL")
    , m_resume_idea(db, "UPDATE crisis_paused_ideas SET resumed_by = ?3, resumed_at = ?4 "
                        "WHERE crisis_id = ?1 AND idea_id = ?2 AND resumed_at IS NULL")
    , m_pauses(db, "SELECT p.idea_id, i.text, p.paused_by, p.paused_at, p.resumed_by, "
                   "p.resumed_at FROM crisis_paused_ideas p JOIN ideas i ON i.id = p.idea_id "
                   "WHERE p.crisis_id = ?1 ORDER BY p.paused_at, p.idea_id") {}

std::vector<CrisisIdeaRow> CalendarFreezeStore::scheduled_ideas(std::string_view from,
                                                                std::string_view to) {
    m_scheduled_ideas.bind(1, from).bind(2, to);
    return all_rows(m_scheduled_ideas, read_idea);
}

std::optional<CrisisIdeaRow> CalendarFreezeStore::find_idea(std::int64_t idea_id) {
    m_find_idea.bind(1, idea_id);
    return first_row(m_find_idea, read_idea);
}

void CalendarFreezeStore::pause_idea(std::int64_t id, std::int64_t idea_id, std::string_view by,
                                     std::int64_t at) {
    m_pause_idea.bind(1, id).bind(2, idea_id).bind(3, by).bind(4, at).run();
}

void CalendarFreezeStore::resume_idea(std::int64_t id, std::int64_t idea_id, std::string_view by,
                                      std::int64_t at) {
    m_resume_idea.bind(1, id).bind(2, idea_id).bind(3, by).bind(4, at).run();
}

std::vector<CrisisPauseRow> CalendarFreezeStore::pauses(std::int64_t id) {
    m_pauses.bind(1, id);
    return all_rows(m_pauses, [](const Statement& s) {
        return CrisisPauseRow{s.get_int(0), s.get_text(1),          s.get_text(2),
                              s.get_int(3), s.get_optional_text(4), s.get_optional_int(5)};
    });
}

} // namespace onevoice::storage
