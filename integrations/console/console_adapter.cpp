#include "integrations/console/console_adapter.hpp"

#include "bot/model/plain_text.hpp"
#include "bot/runtime/log.hpp"
#include "bot/text/utf8.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <poll.h>
#include <unistd.h>

namespace onevoice::integrations::console {
namespace {

// Far beyond the router's limit, so an over-long line is still answered.
constexpr std::size_t k_max_line = 64 * 1024;

} // namespace

ConsoleAdapter::ConsoleAdapter(boost::asio::io_context& io, int input_fd, std::ostream& out,
                               bot::UserRef user, const bot::Catalog& catalog, bool interactive)
    : m_io(io)
    , m_input_fd(input_fd)
    , m_out(out)
    , m_user(std::move(user))
    , m_catalog(catalog)
    , m_interactive(interactive) {
    // Event ids must differ between runs: the inbound log outlives the process.
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    m_session = std::to_string(::getpid()) + "-" +
                std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

ConsoleAdapter::~ConsoleAdapter() {
    stop();
}

bot::Place ConsoleAdapter::place() {
    return bot::Place{"console", "console", "", true};
}

void ConsoleAdapter::start(bot::EventSink& sink) {
    m_sink = &sink;
    prompt();
    m_reader = std::thread([this] { read_loop(); });
}

void ConsoleAdapter::stop() {
    m_stopping = true;
    if (m_reader.joinable() && m_reader.get_id() != std::this_thread::get_id()) {
        m_reader.join();
    }
}

// Polls with a short timeout so stop() can always join the thread, even while
// a terminal is waiting for input.
void ConsoleAdapter::read_loop() {
    std::string pending;
    bool discarding = false;
    char buffer[4096];
    while (!m_stopping) {
        pollfd fd{m_input_fd, POLLIN, 0};
        const int ready = ::poll(&fd, 1, 100);
        if (ready < 0 && errno != EINTR) {
            break;
        }
        if (ready <= 0) {
            continue;
        }
        const ssize_t n = ::read(m_input_fd, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        pending.append(buffer, static_cast<std::size_t>(n));
        // A line without an end must not eat memory: keep its start, which the
        // router refuses as too long, and drop the rest up to the newline.
        if (pending.size() > k_max_line && pending.find('\n') == std::string::npos) {
            discarding = true;
            pending.resize(k_max_line);
        }
        if (discarding) {
            const std::size_t newline = pending.find('\n', k_max_line);
            if (newline == std::string::npos) {
                pending.resize(k_max_line);
                continue;
            }
            pending.erase(k_max_line, newline - k_max_line);
            discarding = false;
        }
        std::size_t newline;
        while ((newline = pending.find('\n')) != std::string::npos) {
            std::string line = pending.substr(0, newline);
            pending.erase(0, newline + 1);
            boost::asio::post(m_io,
                              [this, l = std::move(line)]() mutable { on_line(std::move(l)); });
        }
    }
    if (!pending.empty() && !m_stopping) {
        boost::asio::post(m_io,
                          [this, l = std::move(pending)]() mutable { on_line(std::move(l)); });
    }
    boost::asio::post(m_io, [this] {
        if (m_sink) {
            m_sink->on_input_closed();
        }
    });
}

void ConsoleAdapter::on_line(std::string line) {
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) {
        prompt();
        return;
    }
    line.erase(0, first);
    // "/team" and "team" mean the same on the console (COMMANDS.md).
    if (line.front() == '/') {
        line.erase(0, 1);
    }
    bot::Command command;
    command.event_id = "console:" + m_session + ":" + std::to_string(++m_line_number);
    command.user = m_user;
    command.place = place();
    command.text = std::move(line);
    command.received_at =
        std::chrono::time_point_cast<bot::Duration>(std::chrono::system_clock::now());
    // The console cannot redeliver: a command the database refused is lost, so say so.
    bool stored = false;
    const std::uint64_t refusals_before = m_refusals;
    metrics().event("line");
    m_sink->on_command(std::move(command), metrics().timed_ack([&stored] { stored = true; }));
    // Unless the runtime printed its own refusal (a direct reply, see deliver).
    if (!stored && m_refusals == refusals_before) {
        m_out << m_catalog.text("console.not_stored") << "\n\n" << std::flush;
    }
    prompt();
}

void ConsoleAdapter::prompt() {
    if (m_interactive && !m_stopping) {
        m_out << "onevoice> " << std::flush;
    }
}

// A file goes where the console user asked (`--out FILE`), else to stdout, so
// `printf 'idea export csv\n' | onevoice > plan.csv` works too.
void ConsoleAdapter::show_attachment(const bot::Attachment& attachment) {
    if (attachment.save_to.empty()) {
        m_out << attachment.content;
        if (!attachment.content.empty() && attachment.content.back() != '\n') {
            m_out << '\n';
        }
        return;
    }
    std::ofstream file(attachment.save_to, std::ios::binary | std::ios::trunc);
    file << attachment.content;
    file.close();
    m_out << m_catalog.text(file ? "console.saved_to" : "console.save_failed",
                            {attachment.filename, attachment.save_to})
          << '\n';
}

void ConsoleAdapter::deliver(std::int64_t id, const bot::Reply& reply,
                             std::function<void(bot::DeliveryResult)> done) {
    if (id < 0) {
        ++m_refusals;
    }
    // One terminal shows everything; say who a message was really meant for.
    if (reply.audience == bot::Audience::direct && reply.recipient &&
        !(*reply.recipient == m_user)) {
        m_out << m_catalog.text("console.direct_to",
                                {bot::strip_invisible(reply.recipient->name())})
              << '\n';
    }
    m_out << bot::render_plain(reply) << "\n";
    if (const bot::Attachment* file = reply.attachment()) {
        show_attachment(*file);
    }
    m_out << "\n" << std::flush;
    // A broken stdout does not heal (the stream keeps its error state), and a
    // reply kept for the next run would show up out of context: mark it failed.
    done(m_out ? bot::DeliveryResult::ok() : bot::DeliveryResult::permanent("stdout failed"));
}

} // namespace onevoice::integrations::console
