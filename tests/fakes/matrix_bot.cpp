#include "tests/fakes/matrix_bot.hpp"

#include "tests/fakes/build_paths.hpp"

namespace onevoice::tests {

using std::chrono::milliseconds;

std::vector<std::string> bodies(const std::vector<MatrixEvent>& events) {
    std::vector<std::string> out;
    for (const MatrixEvent& event : events) {
        out.push_back(event.content.is_object() ? event.content.value("body", "") : "");
    }
    return out;
}

MatrixBot::MatrixBot(FakeMatrix& fake, const TempDir& dir, const MatrixBotOptions& options)
    : m_fake(fake)
    , m_process(onevoice::tests::bot_binary(), process_options(fake, dir, options)) {}

bool MatrixBot::wait(const std::function<bool()>& done, milliseconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= end || m_process.has_exited()) {
            return done();
        }
        m_process.wait_until([](const Process&) { return false; }, milliseconds(10));
    }
    return true;
}

bool MatrixBot::wait_ready(int syncs_before) {
    return wait([&] {
        return m_fake.is_bot_joined(k_team_room) &&
               m_fake.count("GET", "/sync") >= syncs_before + 2;
    });
}

bool MatrixBot::wait_messages(std::size_t count, const std::string& room) {
    return wait([&] { return m_fake.bot_messages(room).size() >= count; });
}

ProcessResult MatrixBot::stop(int signal) {
    m_process.send_signal(signal);
    return m_process.wait(k_deadline);
}

std::string MatrixBot::log() const {
    return "stdout:\n" + m_process.out() + "\nstderr:\n" + m_process.err();
}

Process::Options MatrixBot::process_options(const FakeMatrix& fake, const TempDir& dir,
                                            const MatrixBotOptions& options) {
    Process::Options out;
    out.cwd = dir.str();
    const std::string config =
        dir.write("onevoice.toml", "adapter = \"matrix\"\nadmins = [\"" + std::string(k_admin) +
                                       "\"]\n" + options.settings + "[matrix]\nrooms = [\"" +
                                       k_team_room + "\"]\n" + options.config);
    out.args = {"--db", dir.file("bot.db"), "--config", config, "--log-level", "debug"};
    out.env["MATRIX_HOMESERVER"] = fake.homeserver();
    out.env["MATRIX_ACCESS_TOKEN"] = options.password.empty() && options.token.empty()
                                         ? fake.options().access_token
                                         : options.token;
    out.env["MATRIX_USER"] = options.password.empty() ? "" : "onevoice";
    out.env["MATRIX_PASSWORD"] = options.password;
    out.env["SLACK_APP_TOKEN"] = "";
    out.env["SLACK_BOT_TOKEN"] = "";
    for (const auto& [name, value] : options.env) {
        out.env[name] = value;
    }
    return out;
}

} // namespace onevoice::tests
