#include "storage/team_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

constexpr const char* k_user_columns =
    "u.user_key, u.platform, u.platform_id, u.display_name, u.time_zone, u.is_outsider";
constexpr const char* k_absence_columns =
    "id, user_key, starts_on, ends_on, cover_key, reason, created_by";

UserRow read_user(const Statement& s) {
    return UserRow{s.get_text(0), s.get_text(1), s.get_text(2),
                   s.get_text(3), s.get_text(4), s.get_int(5) != 0};
}

AbsenceRow read_absence(const Statement& s) {
    return AbsenceRow{s.get_int(0),           s.get_text(1), s.get_text(2), s.get_text(3),
                      s.get_optional_text(4), s.get_text(5), s.get_text(6)};
}

std::vector<UserRow> collect_users(Statement& s) {
    return all_rows(s, [](Statement& row) { return read_user(row); });
}

std::vector<AbsenceRow> collect_absences(Statement& s) {
    return all_rows(s, [](Statement& row) { return read_absence(row); });
}

std::vector<std::string> collect_texts(Statement& s) {
    return all_rows(s, [](Statement& row) { return row.get_text(0); });
}

} // namespace

TeamStore::TeamStore(Database& db)
    : m_db(db)
    , m_upsert_user(db, "INSERT INTO users (user_key, platform, platform_id, display_name, "
                        "time_zone, first_seen, last_seen, is_outsider) "
                        "VALUES (?1, ?2, ?3, ?4, ?6, ?5, ?5, ?7) "
                        "ON CONFLICT (user_key) DO UPDATE SET last_seen = excluded.last_seen, "
                        "is_outsider = excluded.is_outsider, "
                        "display_name = CASE WHEN excluded.display_name <> '' "
                        "THEN excluded.display_name ELSE users.display_name END, "
                        "time_zone = CASE WHEN excluded.time_zone <> '' "
                        "THEN excluded.time_zone ELSE users.time_zone END")
    , m_find_user(db, select_sql(k_user_columns, "users u", " WHERE u.user_key = ?1"))
    , m_has_role_holder(db, "SELECT EXISTS (SELECT 1 FROM member_roles WHERE role = ?1)")
    , m_find_by_name(db, select_sql(k_user_columns, "users u",
                                    " WHERE u.platform = ?1 AND u.is_outsider = 0 "
                                    "AND (u.display_name = ?2 COLLATE NOCASE "
                                    "OR (u.platform = 'matrix' AND substr(u.platform_id, 1, "
                                    "length(?2) + 2) = '@' || ?2 || ':')) "
                                    "ORDER BY EXISTS (SELECT 1 FROM member_roles r "
                                    "WHERE r.user_key = u.user_key) DESC, u.last_seen DESC"))
    , m_roles_of(db, "SELECT role FROM member_roles WHERE user_key = ?1 ORDER BY CASE role "
                     "WHEN 'manager' THEN 1 WHEN 'deputy' THEN 2 WHEN 'community' THEN 3 "
                     "WHEN 'expert' THEN 4 ELSE 5 END")
    , m_add_role(db, "INSERT OR IGNORE INTO member_roles (user_key, role, added_at, added_by) "
                     "VALUES (?1, ?2, ?3, ?4)")
    , m_remove_role(db, "DELETE FROM member_roles WHERE user_key = ?1 AND role = ?2")
    , m_remove_roles(db, "DELETE FROM member_roles WHERE user_key = ?1")
    , m_members(db, select_sql(k_user_columns, "users u",
                               " WHERE EXISTS (SELECT 1 FROM member_roles r "
                               "WHERE r.user_key = u.user_key) "
                               "ORDER BY u.display_name COLLATE NOCASE, u.user_key"))
    , m_with_role(db, select_sql(k_user_columns, "users u",
                                 " JOIN member_roles r ON r.user_key = u.user_key "
                                 "WHERE r.role = ?1 ORDER BY r.added_at, u.user_key"))
    , m_add_absence(db, "INSERT INTO absences (user_key, starts_on, ends_on, cover_key, reason, "
                        "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    , m_absences_from(db, select_sql(k_absence_columns, "absences",
                                     " WHERE user_key = ?1 AND ended_at IS NULL "
                                     "AND ends_on >= ?2 ORDER BY starts_on, id"))
    , m_end_absences(db, "UPDATE absences SET ended_at = ?3, "
                         "ends_on = CASE WHEN starts_on < ?2 THEN date(?2, '-1 day') "
                         "ELSE ends_on END "
                         "WHERE user_key = ?1 AND ended_at IS NULL AND ends_on >= ?2")
    , m_all_absences_from(db, select_sql(k_absence_columns, "absences",
                                         " WHERE ended_at IS NULL AND ends_on >= ?1 "
                                         "ORDER BY starts_on, id"))
    , m_add_topic(db, "INSERT OR IGNORE INTO experts (user_key, topic, added_at) "
                      "VALUES (?1, ?2, ?3)")
    , m_remove_topic(db, "DELETE FROM experts WHERE user_key = ?1 AND topic = ?2")
    , m_remove_topics(db, "DELETE FROM experts WHERE user_key = ?1")
    , m_experts_for(db, "SELECT user_key FROM experts WHERE topic = ?1 ORDER BY added_at, "
                        "user_key")
    , m_all_experts(db, "SELECT topic, user_key FROM experts ORDER BY topic, added_at, "
                        "user_key") {}

void TeamStore::upsert_user(const UserRow& user, std::int64_t now) {
    m_upsert_user.bind(1, user.user_key)
        .bind(2, user.platform)
        .bind(3, user.platform_id)
        .bind(4, user.display_name)
        .bind(5, now)
        .bind(6, user.time_zone)
        .bind(7, user.is_outsider ? 1 : 0)
        .run();
}

bool TeamStore::has_role_holder(std::string_view role) {
    m_has_role_holder.bind(1, role);
    m_has_role_holder.step();
    const bool found = m_has_role_holder.get_int(0) != 0;
    m_has_role_holder.reset();
    return found;
}

std::optional<UserRow> TeamStore::find_user(std::string_view user_key) {
    m_find_user.bind(1, user_key);
    std::optional<UserRow> row;
    if (m_find_user.step()) {
        row = read_user(m_find_user);
    }
    m_find_user.reset();
    return row;
}

std::vector<UserRow> TeamStore::find_users_by_name(std::string_view platform,
                                                   std::string_view name) {
    m_find_by_name.bind(1, platform).bind(2, name);
    return collect_users(m_find_by_name);
}

std::vector<std::string> TeamStore::roles_of(std::string_view user_key) {
    m_roles_of.bind(1, user_key);
    return collect_texts(m_roles_of);
}

bool TeamStore::add_role(std::string_view user_key, std::string_view role, std::int64_t now,
                         std::string_view added_by) {
    m_add_role.bind(1, user_key).bind(2, role).bind(3, now).bind(4, added_by).run();
    return m_db.changes() > 0;
}

bool TeamStore::remove_role(std::string_view user_key, std::string_view role) {
    m_remove_role.bind(1, user_key).bind(2, role).run();
    return m_db.changes() > 0;
}

int TeamStore::remove_member(std::string_view user_key) {
    remove_topics(user_key);
    m_remove_roles.bind(1, user_key).run();
    return m_db.changes();
}

std::vector<UserRow> TeamStore::members() {
    return collect_users(m_members);
}

std::vector<UserRow> TeamStore::with_role(std::string_view role) {
    m_with_role.bind(1, role);
    return collect_users(m_with_role);
}

std::int64_t TeamStore::add_absence(const AbsenceRow& absence, std::int64_t now) {
    m_add_absence.bind(1, absence.user_key)
        .bind(2, absence.starts_on)
        .bind(3, absence.ends_on)
        .bind(4, absence.cover_key)
        .bind(5, absence.reason)
        .bind(6, absence.created_by)
        .bind(7, now)
        .run();
    return m_db.last_insert_id();
}

std::vector<AbsenceRow> TeamStore::absences_from(std::string_view user_key, std::string_view date) {
    m_absences_from.bind(1, user_key).bind(2, date);
    return collect_absences(m_absences_from);
}

int TeamStore::end_absences(std::string_view user_key, std::string_view date, std::int64_t now) {
    m_end_absences.bind(1, user_key).bind(2, date).bind(3, now).run();
    return m_db.changes();
}

std::vector<AbsenceRow> TeamStore::all_absences_from(std::string_view date) {
    m_all_absences_from.bind(1, date);
    return collect_absences(m_all_absences_from);
}

bool TeamStore::add_topic(std::string_view user_key, std::string_view topic, std::int64_t now) {
    m_add_topic.bind(1, user_key).bind(2, topic).bind(3, now).run();
    return m_db.changes() > 0;
}

bool TeamStore::remove_topic(std::string_view user_key, std::string_view topic) {
    m_remove_topic.bind(1, user_key).bind(2, topic).run();
    return m_db.changes() > 0;
}

int TeamStore::remove_topics(std::string_view user_key) {
    m_remove_topics.bind(1, user_key).run();
    return m_db.changes();
}

std::vector<std::string> TeamStore::experts_for(std::string_view topic) {
    m_experts_for.bind(1, topic);
    return collect_texts(m_experts_for);
}

std::vector<ExpertRow> TeamStore::all_experts() {
    return all_rows(m_all_experts, [](Statement& row) {
        return ExpertRow{row.get_text(0), row.get_text(1)};
    });
}

} // namespace onevoice::storage
