#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

struct UserRow {
    std::string user_key; // "platform:id"
    std::string platform;
    std::string platform_id;
    std::string display_name;
    std::string time_zone; // IANA name; empty when unknown
    bool is_outsider = false;
};

struct AbsenceRow {
    std::int64_t id = 0;
    std::string user_key;
    std::string starts_on; // YYYY-MM-DD, inclusive
    std::string ends_on;   // YYYY-MM-DD, inclusive
    std::optional<std::string> cover_key;
    std::string reason;
    std::string created_by;
};

struct ExpertRow {
    std::string topic;
    std::string user_key;
};

// People, their roles, absences and expert topics. Every person a command
// names is first recorded with `upsert_user`, so other tables can refer to them.
class TeamStore {
public:
    explicit TeamStore(Database& db);

    void upsert_user(const UserRow& user, std::int64_t now);
    std::optional<UserRow> find_user(std::string_view user_key);
    // Users of a platform, never outsiders, whose display name equals `name`
    // ignoring ASCII case, or (Matrix) whose id's localpart is `name`: team
    // members first, then the most recently seen.
    std::vector<UserRow> find_users_by_name(std::string_view platform, std::string_view name);
    // Whether anyone holds the role (the trust model's "no manager, no power").
    bool has_role_holder(std::string_view role);

    std::vector<std::string> roles_of(std::string_view user_key);
    // False when the user had the role already.
    bool add_role(std::string_view user_key, std::string_view role, std::int64_t now,
                  std::string_view added_by);
    // False when the user did not have the role.
    bool remove_role(std::string_view user_key, std::string_view role);
    // Removes every role and expert topic; returns how many roles there were.
    int remove_member(std::string_view user_key);
    // Users with at least one role, ordered by display name.
    std::vector<UserRow> members();
    std::vector<UserRow> with_role(std::string_view role);

    std::int64_t add_absence(const AbsenceRow& absence, std::int64_t now);
    // Absences not ended early that cover `date` or start after it, soonest first.
    std::vector<AbsenceRow> absences_from(std::string_view user_key, std::string_view date);
    // Ends early every absence of the user that has not finished by `date`; returns the count.
    int end_absences(std::string_view user_key, std::string_view date, std::int64_t now);
    // Every absence covering `date` or later (for the roster).
    std::vector<AbsenceRow> all_absences_from(std::string_view date);

    bool add_topic(std::string_view user_key, std::string_view topic, std::int64_t now);
    bool remove_topic(std::string_view user_key, std::string_view topic);
    int remove_topics(std::string_view user_key);
    std::vector<std::string> experts_for(std::string_view topic);
    // Every topic with its experts, ordered by topic.
    std::vector<ExpertRow> all_experts();

private:
    Database& m_db;
    Statement m_upsert_user;
    Statement m_find_user;
    Statement m_has_role_holder;
    Statement m_find_by_name;
    Statement m_roles_of;
    Statement m_add_role;
    Statement m_remove_role;
    Statement m_remove_roles;
    Statement m_members;
    Statement m_with_role;
    Statement m_add_absence;
    Statement m_absences_from;
    Statement m_end_absences;
    Statement m_all_absences_from;
    Statement m_add_topic;
    Statement m_remove_topic;
    Statement m_remove_topics;
    Statement m_experts_for;
    Statement m_all_experts;
};

} // namespace onevoice::storage
