// Parses flags and hands over to run_app; nothing else lives here.
#include "bot/app/app.hpp"
#include "bot/app/backup_command.hpp"
#include "bot/app/config.hpp"
#include "bot/app/sentiment_command.hpp"
#include "bot/model/errors.hpp"
#include "bot/model/time_zone.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    using namespace onevoice::bot;
    // A closed stdout pipe must surface as a write error, not kill the bot.
    std::signal(SIGPIPE, SIG_IGN);
    const std::vector<std::string> args(argv + 1, argv + argc);
    const EnvLookup env = [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        return value ? std::optional<std::string>(value) : std::nullopt;
    };
    const ZoneValidator is_zone = [](std::string_view name) {
        return TimeZone::find(name).has_value();
    };
    try {
        if (!args.empty() && args.front() == "backup") {
            return run_backup({args.begin() + 1, args.end()}, env, is_zone, std::cout, std::cerr);
        }
        if (!args.empty() && args.front() == "sentiment") {
            return run_sentiment({args.begin() + 1, args.end()}, std::cin, std::cout, std::cerr);
        }
        const Config config = load_config(args, env, is_zone);
        if (config.show_help) {
            std::cout << usage_text();
            return 0;
        }
        if (config.show_version) {
            std::cout << "onevoice " << ONEVOICE_VERSION << '\n';
            return 0;
        }
        return run_app(config);
    } catch (const ConfigError& e) {
        std::cerr << "onevoice: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "onevoice: " << e.what() << '\n';
        return 1;
    }
}
