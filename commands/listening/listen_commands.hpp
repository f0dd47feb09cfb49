#pragma once

#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "commands/listening/settings.hpp"
#include "storage/listen_store.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// Handles `listen …` (issue #8, COMMANDS.md "listen and digest"): saved
// queries with their counts, mute and sensitivity (listen_commands.cpp), and
// the sources with `listen poll` (listen_sources.cpp). Writes only through
// ListenStore. Sources are polled by bot::SourcePoller: adding a source or
// `listen poll` makes sources due now and records a poll request, which the
// poller answers with the new mentions per source once the polls are done.
// Throws UsageError / PermissionError on bad input.
class ListenCommands final : public bot::CommandHandler {
public:
    static constexpr std::size_t k_max_name = 40;
    static constexpr std::size_t k_max_search = 200;
    static constexpr int k_max_mute_hours = 720;

    ListenCommands(storage::ListenStore& store, const ListenSettings& settings,
                   const bot::HandlerContext& context);
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;
    // Runs `listen alert …` (the spike alert's buttons); set by the app when
    // spike alerts are wired, else the subcommand says they are off.
    using AlertHandler = std::function<std::vector<bot::Reply>(const bot::Invocation&)>;
    void set_on_alert(AlertHandler on_alert) { m_on_alert = std::move(on_alert); }

private:
    std::vector<bot::Reply> list(const bot::Invocation& invocation);
    std::vector<bot::Reply> add(const bot::Invocation& invocation);
    std::vector<bot::Reply> remove(const bot::Invocation& invocation);
    std::vector<bot::Reply> mute(const bot::Invocation& invocation);
    std::vector<bot::Reply> sensitivity(const bot::Invocation& invocation);
    // listen_sources.cpp
    std::vector<bot::Reply> sources(const bot::Invocation& invocation);
    std::vector<bot::Reply> source(const bot::Invocation& invocation);
    std::vector<bot::Reply> add_source(const bot::Invocation& invocation);
    std::vector<bot::Reply> remove_source(const bot::Invocation& invocation);
    std::vector<bot::Reply> poll(const bot::Invocation& invocation);

    // The query named by the first argument; UsageError when missing or unknown.
    storage::ListenQueryRow require_query(const bot::Invocation& invocation);
    // Asks the poller to answer the requester once these sources have polled.
    void request_poll(const bot::Invocation& invocation, const std::vector<std::int64_t>& ids);
    std::int64_t now_millis() const;

    storage::ListenStore& m_store;
    const ListenSettings& m_settings;
    const bot::HandlerContext& m_context;
    bot::CommandSpec m_spec;
    AlertHandler m_on_alert;
};

// The catalog entries of `listen`, English and German.
std::span<const bot::CatalogEntry> listen_messages();

} // namespace onevoice::commands
