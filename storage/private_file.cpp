#include "storage/private_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace onevoice::storage {

bool names_a_file(const std::string& path) {
    return !path.empty() && path != ":memory:" && !path.starts_with("file:");
}

void create_private_file(const std::string& path) {
    // An existing database is left to SQLite, also on a read-only file system
    // (where open(O_CREAT) would fail before SQLite could say it is read-only).
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0) {
        return;
    }
    // O_EXCL: a file created meanwhile (another process's new database) is never touched.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            return;
        }
        throw std::system_error(errno, std::generic_category(), "cannot create " + path);
    }
    // The umask only removes bits, so 0600 can only have lost some: set it exactly.
    const int rc = ::fchmod(fd, 0600);
    const int error = errno;
    ::close(fd);
    if (rc != 0) {
        throw std::system_error(error, std::generic_category(), "cannot chmod " + path);
    }
}

std::vector<std::string> files_open_to_others(const std::string& path) {
    std::vector<std::string> open;
    if (!names_a_file(path)) {
        return open;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string file = path + suffix;
        struct stat status {};
        if (::stat(file.c_str(), &status) == 0 && (status.st_mode & 077) != 0) {
            open.push_back(file);
        }
    }
    return open;
}

} // namespace onevoice::storage
