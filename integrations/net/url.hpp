#pragma once

#include "bot/text/url.hpp"

// The transport's names for the URL type of bot/text/url.hpp, which the
// HTTP and WebSocket clients, Slack and Matrix use as net::Url.
namespace onevoice::integrations::net {

using bot::is_web_link;
using bot::Url;

} // namespace onevoice::integrations::net
