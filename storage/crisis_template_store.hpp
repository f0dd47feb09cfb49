#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

// A holding statement prepared in calm times, with {title}-style placeholders.
struct CrisisTemplateRow {
    std::string name; // lower case
    std::string text;
    std::string created_by;
    std::int64_t created_at = 0;
};

// Holding-statement templates, written before they are needed. Runs inside the
// caller's transaction; throws DbError.
class CrisisTemplateStore {
public:
    explicit CrisisTemplateStore(Database& db);

    // False when the name is taken.
    bool add(const CrisisTemplateRow& row);
    std::optional<CrisisTemplateRow> find(std::string_view name);
    // By name.
    std::vector<CrisisTemplateRow> all();
    bool remove(std::string_view name);

private:
    Database& m_db;
    Statement m_add_template;
    Statement m_find_template;
    Statement m_templates;
    Statement m_remove_template;
};

} // namespace onevoice::storage
