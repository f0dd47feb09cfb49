#include "bot/runtime/storage_outage.hpp"

namespace onevoice::bot {

bool StorageOutage::should_refuse(const std::string& event_id) {
    m_is_down = true;
    if (event_id.empty()) {
        ++m_refusals;
        return true;
    }
    if (m_refused.size() >= k_max_refused || !m_refused.insert(event_id).second) {
        return false;
    }
    ++m_refusals;
    return true;
}

std::size_t StorageOutage::on_stored() {
    const std::size_t refusals = m_refusals;
    m_refused.clear();
    m_refusals = 0;
    m_is_down = false;
    return refusals;
}

} // namespace onevoice::bot
