#include "bot/app/backup_command.hpp"

#include "storage/backup.hpp"

#include <chrono>
#include <ostream>

namespace onevoice::bot {

int run_backup(const std::vector<std::string>& args, const EnvLookup& env,
               const ZoneValidator& is_zone, std::ostream& out, std::ostream& err) {
    if (args.empty() || args.front().starts_with("-")) {
        err << "onevoice backup: name the backup file: onevoice backup FILE [--config PATH] "
               "[--db PATH]\n";
        return 2;
    }
    const std::string& target = args.front();
    const Config config = load_config({args.begin() + 1, args.end()}, env, is_zone);
    const auto started = std::chrono::steady_clock::now();
    try {
        const storage::BackupReport report = storage::backup_database(config.database, target);
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        out << "onevoice: backed up " << config.database << " to " << target << " (" << report.pages
            << " pages, " << report.bytes << " bytes, " << took.count() << " ms)\n";
        return 0;
    } catch (const storage::BackupError& e) {
        err << "onevoice backup: " << e.what() << '\n';
        return 1;
    }
}

} // namespace onevoice::bot
