#pragma once

#include "storage/database.hpp"

namespace onevoice::storage {

// The schema version this build knows (the number of the last migration).
int latest_schema_version();

// Applies every migration newer than the database's `user_version`, all in one
// transaction, and records the new version. Throws DbError when the database
// comes from a newer OneVoice (its version is higher than ours): it is never
// touched then.
void migrate(Database& db);

// The database's recorded schema version (0 for a new file).
int schema_version(Database& db);

} // namespace onevoice::storage
