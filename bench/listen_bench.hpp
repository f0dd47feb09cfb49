#pragma once

#include <string>
#include <vector>

namespace onevoice::bench {

// `onevoice_bench listen --dir DIR --out FILE [--items N] [--mentions N]`:
// the listening figures, measured in-process through the same code the
// binary runs (bot::SourcePoller does a fetch, then exactly this): parse an
// RSS document (parse_feed), match it against 20 saved queries, score
// sentiment and store (ListenIngest) in one transaction per poll, on a real
// database file; then `digest` for one day (commands::Digest::build) over a
// database holding `mentions` mentions. The HTTP fetch is left out: on
// loopback it would measure the fake feed server more than the bot.
int run_listen_bench(const std::vector<std::string>& args);

// A feed document (RSS 2.0) of `count` items numbered from `first`; about
// half of the items mention the company, some negatively. In listen_feed.cpp.
std::string make_feed(long first, long count);

// The 20 queries of the benchmark, as a user would type them.
std::vector<std::string> bench_queries();

} // namespace onevoice::bench
