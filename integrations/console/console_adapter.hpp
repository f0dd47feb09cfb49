#pragma once

#include "bot/model/catalog.hpp"
#include "bot/runtime/chat_adapter.hpp"

#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>
#include <thread>

namespace boost::asio {
class io_context;
}

namespace onevoice::integrations::console {

// The chat a new user tries first: each line on `input_fd` is a command typed
// by `user`; replies are printed to `out` as plain text, buttons with the
// command that does the same. At the end of the input the runtime drains the
// outbox and stops, so `printf '/team\n' | onevoice` works in scripts.
//
// A reader thread waits on the input and posts each line to `io`; everything
// else runs on the io_context's thread.
class ConsoleAdapter final : public bot::ChatAdapter {
public:
    ConsoleAdapter(boost::asio::io_context& io, int input_fd, std::ostream& out, bot::UserRef user,
                   const bot::Catalog& catalog, bool interactive);
    ~ConsoleAdapter() override;
    ConsoleAdapter(const ConsoleAdapter&) = delete;
    ConsoleAdapter& operator=(const ConsoleAdapter&) = delete;

    std::string_view platform() const override { return "console"; }
    void start(bot::EventSink& sink) override;
    void stop() override;
    void deliver(std::int64_t id, const bot::Reply& reply,
                 std::function<void(bot::DeliveryResult)> done) override;

    // The place every console command comes from.
    static bot::Place place();

private:
    void read_loop();
    void on_line(std::string line);
    void prompt();
    void show_attachment(const bot::Attachment& attachment);

    boost::asio::io_context& m_io;
    int m_input_fd;
    std::ostream& m_out;
    bot::UserRef m_user;
    const bot::Catalog& m_catalog;
    bool m_interactive;
    bot::EventSink* m_sink = nullptr;
    std::string m_session;
    std::uint64_t m_line_number = 0;
    std::uint64_t m_refusals = 0; // direct replies (negative ids): "not stored" said already
    std::atomic<bool> m_stopping{false};
    std::thread m_reader;
};

} // namespace onevoice::integrations::console
