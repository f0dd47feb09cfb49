#pragma once

#include "bot/model/catalog.hpp"
#include "bot/model/mention.hpp"

#include <span>
#include <string>
#include <string_view>

namespace onevoice::bot {

// A poll failure as the store keeps it: its kind, detail and address in one
// line that names no language, so `listen sources` and the digest can word it
// in whatever language the team uses when they show it.
std::string encode_fetch_error(const FetchError& error);

// The stored failure in the catalog's language: "HTTP 503 Service Unavailable
// (https://example.org/feed)". Text stored before failures were encoded is
// returned as it is.
std::string describe_fetch_error(const Catalog& catalog, std::string_view stored);

// The wording of every FetchError kind.
std::span<const CatalogEntry> fetch_error_messages();

} // namespace onevoice::bot
