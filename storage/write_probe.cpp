#include "storage/write_probe.hpp"

namespace onevoice::storage {

WriteProbe::WriteProbe(Database& db)
    : m_db(db)
    , m_write(db, "INSERT OR REPLACE INTO settings(key, value) VALUES ('health.probe', ?1)") {}

std::string WriteProbe::problem() {
    try {
        Transaction tx(m_db);
        m_write.bind(1, "probe").run();
        // No commit: the transaction's destructor rolls the row back.
        return {};
    } catch (const std::exception& e) {
        return e.what();
    }
}

} // namespace onevoice::storage
