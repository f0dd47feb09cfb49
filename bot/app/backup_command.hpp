#pragma once

#include "bot/app/config.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace onevoice::bot {

// `onevoice backup FILE [options]`: `args` are the words after "backup". The
// options are the bot's own (--config, --db), so the backup finds the same
// database the bot uses. Prints what it did to `out`, or one line on `err`.
// Returns the exit code: 0 done, 1 the backup failed, 2 bad usage. Throws
// ConfigError for a bad option or config file (main prints it, exit 2).
int run_backup(const std::vector<std::string>& args, const EnvLookup& env,
               const ZoneValidator& is_zone, std::ostream& out, std::ostream& err);

} // namespace onevoice::bot
