#pragma once

#include "bot/model/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace onevoice::bot {

// A Reply as the JSON text stored in the outbox, and back. decode returns
// nullopt for text that is not a reply (a corrupted or foreign row).
std::string encode_reply(const Reply& reply);
std::optional<Reply> decode_reply(std::string_view text);

} // namespace onevoice::bot
