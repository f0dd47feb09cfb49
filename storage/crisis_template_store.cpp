#include "storage/crisis_template_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

CrisisTemplateRow read_template(const Statement& s) {
    return CrisisTemplateRow{s.get_text(0), s.get_text(1), s.get_text(2), s.get_int(3)};
}

} // namespace

CrisisTemplateStore::CrisisTemplateStore(Database& db)
    : m_db(db)
    , m_add_template(db, "INSERT OR IGNORE INTO crisis_templates (name, text, created_by, "
                         "created_at) VALUES (?1, ?2, ?3, ?4)")
    , m_find_template(db, "SELECT name, text, created_by, created_at FROM crisis_templates "
                          "WHERE name = ?1")
    , m_templates(db, "SELECT name, text, created_by, created_at FROM crisis_templates "
                      "ORDER BY name")
    , m_remove_template(db, "DELETE FROM crisis_templates WHERE name = ?1") {}

bool CrisisTemplateStore::add(const CrisisTemplateRow& row) {
    m_add_template.bind(1, row.name)
        .bind(2, row.text)
        .bind(3, row.created_by)
        .bind(4, row.created_at)
        .run();
    return m_db.changes() > 0;
}

std::optional<CrisisTemplateRow> CrisisTemplateStore::find(std::string_view name) {
    m_find_template.bind(1, name);
    return first_row(m_find_template, read_template);
}

std::vector<CrisisTemplateRow> CrisisTemplateStore::all() {
    return all_rows(m_templates, read_template);
}

bool CrisisTemplateStore::remove(std::string_view name) {
    m_remove_template.bind(1, name).run();
    return m_db.changes() > 0;
}

} // namespace onevoice::storage
