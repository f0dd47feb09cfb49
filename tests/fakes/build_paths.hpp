#pragma once

namespace onevoice::tests {

// Where this build's bot executable is, and the source tree the tests read
// fixtures from. Only build_paths.cpp is compiled with these paths, so every
// other test file compiles the same in any checkout, and a compiler cache
// filled by one clone serves the next.
const char* bot_binary();
const char* source_dir();

} // namespace onevoice::tests
