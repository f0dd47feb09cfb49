#pragma once

namespace onevoice::bot {

struct Config;

// Wires storage, handlers, scheduler, outbox and the chosen adapter together,
// and runs the bot until it stops. Returns the process exit code. Throws
// ConfigError for settings that only prove wrong here (an unavailable adapter).
int run_app(const Config& config);

} // namespace onevoice::bot
