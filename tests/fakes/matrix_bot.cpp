#include "tests/fakes/matrix_bot.hpp"

#include "tests/fakes/build_paths.hpp"

#include <algorithm>

namespace onevoice::tests {

using std::chrono::milliseconds;

std::vector<std::string> bodies(const std::vector<MatrixEvent>& events) {
    std::vector<std::string> out;
    for (const MatrixEvent& event : events) {
        out.push_back(event.content.is_object() ? event.content.value("body", "") : "");
    }
    return out;
}

std::vector<std::string> direct_rooms_made_for(const FakeMatrix& fake, const std::string& user) {
    std::vector<std::string> out;
    for (const MatrixRequest& request : fake.requests()) {
        if (request.method == "POST" && request.path.ends_with("/createRoom") &&
            request.status == 200 && request.body.value("is_direct", false) &&
            request.body.value("invite", nlohmann::json::array()) ==
                nlohmann::json::array({user})) {
            out.push_back(request.response.value("room_id", ""));
        }
    }
    return out;
}

std::vector<MatrixEvent> bot_messages_with(const FakeMatrix& fake,
                                           const std::vector<std::string>& rooms,
                                           const std::string& part) {
    std::vector<MatrixEvent> out;
    for (const std::string& room : rooms) {
        for (MatrixEvent& event : fake.bot_messages(room)) {
            if (event.content.is_object() &&
                event.content.value("body", "").find(part) != std::string::npos) {
                out.push_back(std::move(event));
            }
        }
    }
    return out;
}

std::string shown_command(const MatrixEvent& message, const std::string& label) {
    const std::string body = message.content.is_object() ? message.content.value("body", "") : "";
    const auto start = body.find("[" + label);
    const auto close = start == std::string::npos ? start : body.find("] ", start);
    if (close == std::string::npos) {
        return {};
    }
    const auto from = close + 2;
    // Buttons in a row are three spaces apart; a row ends with its line.
    const auto end = std::min(body.find("   ", from), body.find('\n', from));
    return body.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

MatrixBot::MatrixBot(FakeMatrix& fake, const TempDir& dir, const MatrixBotOptions& options)
    : m_fake(fake)
    , m_dir(dir)
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
    if (!options.clock_start.empty()) {
        out.env["ONEVOICE_TEST_CLOCK_FILE"] = dir.write("clock", options.clock_start);
    }
    for (const auto& [name, value] : options.env) {
        out.env[name] = value;
    }
    return out;
}

} // namespace onevoice::tests
