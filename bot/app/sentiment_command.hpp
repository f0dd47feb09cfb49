#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace onevoice::bot {

// `onevoice sentiment [--language de|en]`: `args` are the words after
// "sentiment". Scores each line of `in` with the built-in lexicon, as the
// listening domain scores a mention, and writes "label<TAB>score<TAB>text"
// to `out`: the label is pos, neu or neg (the polarity a mention is stored
// with), the score -1 .. 1 with four decimals, the text the line as read
// (without a trailing CR; it may hold tabs itself, so it is the last field).
// A blank line (empty or only white space) prints nothing. Without
// --language each line's language is guessed, as for a mention whose source
// names none. Opens no database and reads no config file, environment or
// lexicon file ([[listen.lexicon]] files are the bot's only).
// Returns the exit code: 0 done (also after --help), 1 `out` could not be
// written (one line on `err`). Throws ConfigError for a bad flag (main
// prints it, exit 2).
int run_sentiment(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                  std::ostream& err);

} // namespace onevoice::bot
