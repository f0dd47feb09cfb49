#pragma once

#include <string>
#include <vector>

namespace onevoice::storage {

// The database holds customer questions and, on Matrix, the bot's access
// token: its files are for the bot's user only (issue #17).

// True when SQLite would keep the database `path` in a file of that name:
// not ":memory:", a temporary database ("") or a "file:" URI.
bool names_a_file(const std::string& path);

// Creates `path` as an empty file with mode 0600 (whatever the umask) when
// it does not exist yet; leaves an existing file alone. SQLite's unix VFS
// gives the -wal, -shm and -journal files the mode of the database file, so
// creating the database this way before SQLite opens it keeps all of them
// private. Throws std::system_error when the file cannot be created.
void create_private_file(const std::string& path);

// Which of `path`, `path`-wal and `path`-shm exist and can be read or
// written by the group or others (mode & 077), for a warning at start; none
// when `path` names no file.
std::vector<std::string> files_open_to_others(const std::string& path);

} // namespace onevoice::storage
