#pragma once

#include <string>
#include <sys/stat.h>
#include <sys/types.h>

namespace onevoice::tests {

// Sets the process umask for one test and puts the old one back. Children
// started meanwhile (tests/fakes/process.hpp) inherit it.
class Umask {
public:
    explicit Umask(mode_t mask)
        : m_old(::umask(mask)) {}
    ~Umask() { ::umask(m_old); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

private:
    mode_t m_old;
};

// The permission bits of `path` (0644), or -1 when it does not exist.
inline int mode_of(const std::string& path) {
    struct stat status {};
    return ::stat(path.c_str(), &status) == 0 ? static_cast<int>(status.st_mode & 0777) : -1;
}

} // namespace onevoice::tests
