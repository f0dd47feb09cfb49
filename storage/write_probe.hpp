#pragma once

#include "storage/database.hpp"

#include <string>

namespace onevoice::storage {

// Checks that the database takes a write right now, for /healthz: takes the
// write lock (BEGIN IMMEDIATE), writes one settings row and rolls it back, so
// nothing changes. A read-only file, a lost lock or a broken connection fail.
// Must run on the thread that owns `db`, outside any transaction.
class WriteProbe {
public:
    explicit WriteProbe(Database& db);

    // Empty when the write went through; else SQLite's message. Never throws.
    std::string problem();

private:
    Database& m_db;
    Statement m_write;
};

} // namespace onevoice::storage
