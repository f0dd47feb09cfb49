#include "tests/fakes/slack_bot.hpp"

#include "tests/fakes/build_paths.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <filesystem>

namespace onevoice::tests {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

std::filesystem::path work_base(const SlackBotOptions& options) {
    std::error_code ec;
    if (options.is_in_memory_fs && fs::is_directory("/dev/shm", ec)) {
        return "/dev/shm";
    }
    return fs::temp_directory_path();
}

std::string tail(const std::string& text, std::size_t size = 6000) {
    return text.size() <= size ? text : "…" + text.substr(text.size() - size);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

SlackBot::SlackBot(FakeSlack& fake, const SlackBotOptions& options)
    : m_fake(fake)
    , m_dir(work_base(options))
    , m_process(onevoice::tests::bot_binary(), process_options(fake, options)) {}

bool SlackBot::wait(const std::function<bool()>& done, milliseconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= end || m_process.has_exited()) {
            return done();
        }
        m_process.wait_until([](const Process&) { return false; }, milliseconds(10));
    }
    return true;
}

bool SlackBot::wait_connected(int count) {
    return wait([&] { return m_fake.hellos() >= count; });
}

bool SlackBot::wait_call(const std::string& method, const std::string& part) {
    return wait([&] { return !ok_calls(m_fake, method, part).empty(); });
}

bool SlackBot::wait_acked(const std::string& envelope_id) {
    return wait([&] { return m_fake.ack_count(envelope_id) > 0; });
}

ProcessResult SlackBot::stop() {
    m_process.send_signal(SIGTERM);
    return m_process.wait(k_deadline);
}

std::string SlackBot::log() const {
    return "stdout:\n" + tail(m_process.out()) + "\nstderr:\n" + tail(m_process.err());
}

Process::Options SlackBot::process_options(const FakeSlack& fake, const SlackBotOptions& options) {
    Process::Options out;
    out.cwd = m_dir.str();
    const std::string config =
        m_dir.write("onevoice.toml",
                    (options.has_admin ? "admins = [\"<@U024BE7LH>\"]\n" : "") + options.config);
    out.args = {"--db", m_dir.file("bot.db"), "--config", config};
    if (options.is_verbose) {
        out.args.insert(out.args.end(), {"--log-level", "debug"});
    }
    out.env["SLACK_APP_TOKEN"] =
        options.app_token.empty() ? fake.options().app_token : options.app_token;
    out.env["SLACK_BOT_TOKEN"] =
        options.bot_token.empty() ? fake.options().bot_token : options.bot_token;
    out.env["SLACK_API_URL"] = fake.api_url();
    out.env["MATRIX_ACCESS_TOKEN"] = "";
    out.env["MATRIX_PASSWORD"] = "";
    if (!options.clock_start.empty()) {
        out.env["ONEVOICE_TEST_CLOCK_FILE"] = m_dir.write("clock", options.clock_start);
    }
    for (const auto& [name, value] : options.env) {
        out.env[name] = value;
    }
    return out;
}

std::vector<ApiCall> ok_calls(const FakeSlack& fake, const std::string& method,
                              const std::string& part) {
    std::vector<ApiCall> out;
    for (const ApiCall& call : fake.calls(method)) {
        if (call.ok() && contains(call.args.dump(), part)) {
            out.push_back(call);
        }
    }
    return out;
}

std::vector<ApiCall> ok_calls_in(const FakeSlack& fake, const std::string& method,
                                 const std::string& channel, const std::string& part) {
    std::vector<ApiCall> out;
    for (ApiCall& call : ok_calls(fake, method, part)) {
        if (call.args.value("channel", "") == channel) {
            out.push_back(std::move(call));
        }
    }
    return out;
}

std::string direct_channel(const FakeSlack& fake, const std::string& user) {
    for (const ApiCall& call : ok_calls(fake, "conversations.open")) {
        if (call.args.value("users", "") == user) {
            return call.response["channel"].value("id", "");
        }
    }
    return "";
}

BlockActionSpec press(const ApiCall& posted, const std::string& label, const std::string& user) {
    BlockActionSpec spec;
    for (const nlohmann::json& block : posted.args.value("blocks", nlohmann::json::array())) {
        for (const nlohmann::json& element : block.value("elements", nlohmann::json::array())) {
            if (element.value("type", "") == "button" &&
                element["text"].value("text", "") == label) {
                spec.action_id = element.value("action_id", "");
                spec.value = element.value("value", "");
                spec.block_id = block.value("block_id", spec.block_id);
            }
        }
    }
    INFO("blocks: " << posted.args.value("blocks", nlohmann::json()).dump());
    CHECK_MESSAGE(!spec.action_id.empty(), "no button labelled " << label);
    // chat.postEphemeral answers with the message_ts (its message is the user's alone).
    spec.is_ephemeral = posted.method == "chat.postEphemeral";
    spec.message_ts = posted.response.value(spec.is_ephemeral ? "message_ts" : "ts", "");
    spec.channel_id = posted.args.value("channel", "");
    spec.user_id = user;
    spec.user_name = user;
    return spec;
}

} // namespace onevoice::tests
