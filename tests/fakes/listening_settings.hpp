#pragma once

#include "commands/listening/settings.hpp"

namespace onevoice::tests {

// The listening settings of the test bots: defaults, with spike alerts going to the console
// conversation.
inline commands::ListeningSettings console_listening_settings(commands::SpikeSettings spikes = {}) {
    commands::ListeningSettings settings;
    settings.spikes = spikes;
    settings.alerts_place = bot::Place{"console", "console", "", true};
    return settings;
}

} // namespace onevoice::tests
