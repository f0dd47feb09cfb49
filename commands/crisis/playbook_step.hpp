#pragma once

#include <string>

namespace onevoice::commands {

// One step of a configured crisis playbook; `owner_role` is a role name or empty.
struct CrisisPlaybookStep {
    std::string text;
    std::string owner_role;
    bool operator==(const CrisisPlaybookStep&) const = default;
};

} // namespace onevoice::commands
