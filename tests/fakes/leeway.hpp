#pragma once

#include <chrono>

namespace onevoice::tests {

// How many times slower the bot runs in this build. The sanitizer build is
// several times slower than the normal one, so the time a test allows for the
// work around a wait (starting, reading, writing, not the wait itself) must
// grow with it, or an upper bound that holds in the normal build flakes there.
// The sanitizer variant builds with AddressSanitizer (and UBSan) always.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int k_slowdown = 4;
#else
inline constexpr int k_slowdown = 1;
#endif

// `normal`, the leeway a test allows in the normal build, for this build.
template <class Rep, class Period>
constexpr std::chrono::duration<Rep, Period> leeway(std::chrono::duration<Rep, Period> normal) {
    return normal * k_slowdown;
}

} // namespace onevoice::tests
