#pragma once

#include "storage/database.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace onevoice::storage {

// The schema version this build knows (the number of the last migration).
int latest_schema_version();

// How topic and tag keys are compared (bot::fold in the app; storage knows
// no Unicode): migration 9 refolds the keys stored before it with it.
using KeyFold = std::function<std::string(std::string_view)>;

// Applies every migration newer than the database's `user_version`, all in one
// transaction, and records the new version. Throws DbError when the database
// comes from a newer OneVoice (its version is higher than ours): it is never
// touched then. Without `key_fold` (tests on a new database) keys stay as
// they are.
void migrate(Database& db, const KeyFold& key_fold = {});

// The database's recorded schema version (0 for a new file).
int schema_version(Database& db);

} // namespace onevoice::storage
