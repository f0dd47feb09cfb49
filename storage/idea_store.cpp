#include "storage/idea_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

constexpr const char* k_columns =
    "i.id, i.text, i.author_key, i.platform, i.conversation, i.thread, i.message, i.status, "
    "i.assignee_key, i.scheduled_on, i.scheduled_time, i.created_at, i.updated_at, "
    "(SELECT count(*) FROM idea_votes v WHERE v.idea_id = i.id), "
    "(SELECT min(p.crisis_id) FROM crisis_paused_ideas p "
    "WHERE p.idea_id = i.id AND p.resumed_at IS NULL)";

// One statement serves every filter combination: an unset filter binds NULL
// (or '' for the status set) and its condition is true. Statuses are bound as
// ",new,approved," so a single parameter carries the whole set.
constexpr const char* k_filter =
    " WHERE (?1 = '' OR instr(?1, ',' || i.status || ',') > 0)"
    " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM idea_tags t WHERE t.idea_id = i.id AND t.tag = ?2))"
    " AND (?3 IS NULL OR i.author_key = ?3 OR i.assignee_key = ?3)";

IdeaRow read_idea(const Statement& s) {
    IdeaRow row;
    row.id = s.get_int(0);
    row.text = s.get_text(1);
    row.author_key = s.get_text(2);
    row.platform = s.get_text(3);
    row.conversation = s.get_text(4);
    row.thread = s.get_text(5);
    row.message = s.get_text(6);
    row.status = s.get_text(7);
    row.assignee_key = s.get_optional_text(8);
    row.scheduled_on = s.get_optional_text(9);
    row.scheduled_time = s.get_optional_text(10);
    row.created_at = s.get_int(11);
    row.updated_at = s.get_int(12);
    row.votes = static_cast<int>(s.get_int(13));
    row.paused_by_crisis = s.get_optional_int(14);
    return row;
}

std::vector<std::string> collect_texts(Statement& s) {
    return all_rows(s, [](Statement& row) { return row.get_text(0); });
}

void bind_filter(Statement& s, const IdeaFilter& filter) {
    s.bind(1, list_param(filter.statuses)).bind(2, filter.tag).bind(3, filter.involving);
}

} // namespace

IdeaStore::IdeaStore(Database& db)
    : m_db(db)
    , m_add(db, "INSERT INTO ideas (text, author_key, platform, conversation, thread, message, "
                "status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)")
    , m_add_tag(db, "INSERT OR IGNORE INTO idea_tags (idea_id, tag) VALUES (?1, ?2)")
    , m_add_link(db, "INSERT INTO idea_links (idea_id, position, url) VALUES (?1, ?2, ?3)")
    , m_find(db, select_sql(k_columns, "ideas i", " WHERE i.id = ?1"))
    , m_tags(db, "SELECT tag FROM idea_tags WHERE idea_id = ?1 ORDER BY tag")
    , m_links(db, "SELECT url FROM idea_links WHERE idea_id = ?1 ORDER BY position")
    , m_channels(db, "SELECT channel FROM idea_channels WHERE idea_id = ?1 ORDER BY channel")
    , m_list(db,
             select_sql(k_columns, "ideas i",
                        std::string(k_filter) +
                            " ORDER BY 14 DESC, i.created_at DESC, i.id DESC LIMIT ?4 OFFSET ?5"))
    , m_count(db, std::string("SELECT count(*) FROM ideas i") + k_filter)
    , m_has_vote(db, "SELECT 1 FROM idea_votes WHERE idea_id = ?1 AND user_key = ?2")
    , m_add_vote(db, "INSERT INTO idea_votes (idea_id, user_key, voted_at) VALUES (?1, ?2, ?3)")
    , m_remove_vote(db, "DELETE FROM idea_votes WHERE idea_id = ?1 AND user_key = ?2")
    , m_set_status(db, "UPDATE ideas SET status = ?2, updated_at = ?3 WHERE id = ?1")
    , m_set_assignee(db, "UPDATE ideas SET assignee_key = ?2, updated_at = ?3 WHERE id = ?1")
    , m_set_schedule(db, "UPDATE ideas SET scheduled_on = ?2, scheduled_time = ?3, "
                         "status = 'scheduled', updated_at = ?4 WHERE id = ?1")
    , m_clear_channels(db, "DELETE FROM idea_channels WHERE idea_id = ?1")
    , m_add_channel(db, "INSERT OR IGNORE INTO idea_channels (idea_id, channel) VALUES (?1, ?2)")
    , m_planned(db, select_sql(k_columns, "ideas i",
                               " WHERE i.status IN ('scheduled', 'published') "
                               "AND i.scheduled_on BETWEEN ?1 AND ?2 "
                               "ORDER BY i.scheduled_on, i.scheduled_time IS NOT NULL, "
                               "i.scheduled_time, i.id"))
    , m_add_history(db, "INSERT INTO idea_history (idea_id, at, user_key, action, detail) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)")
    , m_history(db, "SELECT at, user_key, action, detail FROM idea_history WHERE idea_id = ?1 "
                    "ORDER BY id") {}

std::int64_t IdeaStore::add(const IdeaRow& idea) {
    m_add.bind(1, idea.text)
        .bind(2, idea.author_key)
        .bind(3, idea.platform)
        .bind(4, idea.conversation)
        .bind(5, idea.thread)
        .bind(6, idea.message)
        .bind(7, idea.status)
        .bind(8, idea.created_at)
        .run();
    const std::int64_t id = m_db.last_insert_id();
    for (const std::string& tag : idea.tags) {
        m_add_tag.bind(1, id).bind(2, tag).run();
    }
    int position = 0;
    for (const std::string& url : idea.links) {
        m_add_link.bind(1, id).bind(2, ++position).bind(3, url).run();
    }
    return id;
}

IdeaRow IdeaStore::read_details(IdeaRow row) {
    m_tags.bind(1, row.id);
    row.tags = collect_texts(m_tags);
    m_links.bind(1, row.id);
    row.links = collect_texts(m_links);
    m_channels.bind(1, row.id);
    row.channels = collect_texts(m_channels);
    return row;
}

std::vector<IdeaRow> IdeaStore::collect(Statement& statement) {
    std::vector<IdeaRow> rows = all_rows(statement, [](Statement& row) { return read_idea(row); });
    // Details after the main query is reset: the detail statements are separate.
    for (IdeaRow& row : rows) {
        row = read_details(std::move(row));
    }
    return rows;
}

std::optional<IdeaRow> IdeaStore::find(std::int64_t id) {
    m_find.bind(1, id);
    auto rows = collect(m_find);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::vector<IdeaRow> IdeaStore::list(const IdeaFilter& filter, int limit, int offset) {
    bind_filter(m_list, filter);
    m_list.bind(4, limit).bind(5, offset);
    return collect(m_list);
}

int IdeaStore::count(const IdeaFilter& filter) {
    bind_filter(m_count, filter);
    m_count.step();
    const int total = static_cast<int>(m_count.get_int(0));
    m_count.reset();
    return total;
}

bool IdeaStore::toggle_vote(std::int64_t id, std::string_view user_key, std::int64_t now) {
    m_has_vote.bind(1, id).bind(2, user_key);
    const bool had_vote = m_has_vote.step();
    m_has_vote.reset();
    if (had_vote) {
        m_remove_vote.bind(1, id).bind(2, user_key).run();
    } else {
        m_add_vote.bind(1, id).bind(2, user_key).bind(3, now).run();
    }
    return !had_vote;
}

void IdeaStore::set_status(std::int64_t id, std::string_view status, std::int64_t now) {
    m_set_status.bind(1, id).bind(2, status).bind(3, now).run();
}

void IdeaStore::set_assignee(std::int64_t id, std::string_view user_key, std::int64_t now) {
    m_set_assignee.bind(1, id).bind(2, user_key).bind(3, now).run();
}

void IdeaStore::set_schedule(std::int64_t id, std::string_view date,
                             const std::optional<std::string>& time,
                             const std::vector<std::string>& channels, std::int64_t now) {
    m_set_schedule.bind(1, id).bind(2, date).bind(3, time).bind(4, now).run();
    m_clear_channels.bind(1, id).run();
    for (const std::string& channel : channels) {
        m_add_channel.bind(1, id).bind(2, channel).run();
    }
}

std::vector<IdeaRow> IdeaStore::planned(std::string_view from, std::string_view to) {
    m_planned.bind(1, from).bind(2, to);
    return collect(m_planned);
}

void IdeaStore::add_history(std::int64_t id, std::string_view user_key, std::string_view action,
                            std::string_view detail, std::int64_t now) {
    m_add_history.bind(1, id).bind(2, now).bind(3, user_key).bind(4, action).bind(5, detail).run();
}

std::vector<IdeaHistoryRow> IdeaStore::history(std::int64_t id) {
    m_history.bind(1, id);
    return all_rows(m_history, [](Statement& row) {
        return IdeaHistoryRow{row.get_int(0), row.get_text(1), row.get_text(2), row.get_text(3)};
    });
}

} // namespace onevoice::storage
