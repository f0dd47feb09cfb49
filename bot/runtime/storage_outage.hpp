#pragma once

#include <cstddef>
#include <set>
#include <string>

namespace onevoice::bot {

// The router's memory of a storage outage (full disk, read-only or busy
// database): which events were already told that their command was not
// stored, so a platform redelivering them again and again gets one refusal
// per event, not a stream of them. Not persisted: the database is exactly
// what cannot be written. Single-threaded, like the router.
class StorageOutage {
public:
    // Beyond this many refused events in one outage nobody new is told, so a
    // flood of events cannot grow the memory without bound.
    static constexpr std::size_t k_max_refused = 10000;

    // A command could not be stored. True when its requester should be told
    // now: the first time for this event in this outage (always for an event
    // without an id, which cannot come again).
    bool should_refuse(const std::string& event_id);
    // A command was stored: the outage, if there was one, is over. Returns how
    // many events were refused during it (0: there was none).
    std::size_t on_stored();
    bool is_down() const noexcept { return m_is_down; }

private:
    std::set<std::string> m_refused;
    std::size_t m_refusals = 0;
    bool m_is_down = false;
};

} // namespace onevoice::bot
