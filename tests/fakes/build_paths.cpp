#include "tests/fakes/build_paths.hpp"

namespace onevoice::tests {

const char* bot_binary() {
    return ONEVOICE_BINARY;
}

const char* source_dir() {
    return ONEVOICE_SOURCE_DIR;
}

} // namespace onevoice::tests
