#pragma once

#include <string_view>

namespace onevoice::bot {

// True when `host` names a machine on the bot's own side of the network, which
// a listening source must not reach unless `[listen] allow_private_addresses`
// is set (issue #17: a feed URL would otherwise let a chat user make the bot
// call its host's or its network's internal services).
//
// `host` is a host name or an IP literal (IPv6 with or without brackets, with
// a zone id or not). True for "localhost" and names under ".localhost"
// (RFC 6761), and for addresses on loopback (127.0.0.0/8, ::1), link-local
// (169.254.0.0/16, fe80::/10), private ranges (10/8, 172.16/12, 192.168/16,
// fc00::/7, fec0::/10), unspecified (0.0.0.0/8, ::), and the IPv4-mapped
// forms (::ffff:127.0.0.1) of these. IPv4 is read as getaddrinfo reads it,
// so "2130706433", "0x7f.1" and "127.1" count as 127.0.0.1. Other names are
// false: what they resolve to is checked when connecting.
bool is_private_host(std::string_view host);

} // namespace onevoice::bot
