// deploy/onevoice.service: the keys the operations contract asks for, and
// `systemd-analyze verify` (scripts/setup installs systemd).
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using onevoice::tests::read_file;
using onevoice::tests::TempDir;

namespace {

const std::string k_unit = std::string(onevoice::tests::source_dir()) + "/deploy/onevoice.service";

// section -> key -> every value in order (a key may repeat, as SystemCallFilter does).
using Unit = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

Unit parse_unit(const std::string& text) {
    Unit unit;
    std::istringstream in(text);
    std::string line;
    std::string section;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        if (line.front() == '[' && line.back() == ']') {
            section = line.substr(1, line.size() - 2);
            continue;
        }
        const auto equals = line.find('=');
        REQUIRE_MESSAGE(equals != std::string::npos, "not a key=value line: " << line);
        unit[section][line.substr(0, equals)].push_back(line.substr(equals + 1));
    }
    return unit;
}

std::string only(const Unit& unit, const std::string& section, const std::string& key) {
    const auto s = unit.find(section);
    if (s == unit.end()) {
        return "<no section>";
    }
    const auto k = s->second.find(key);
    if (k == s->second.end()) {
        return "<missing>";
    }
    return k->second.size() == 1 ? k->second.front() : "<repeated>";
}

} // namespace

TEST_SUITE_BEGIN("deploy");

TEST_CASE("service unit: a fixed user with a state directory and the tokens from a file") {
    const Unit unit = parse_unit(read_file(k_unit));
    CHECK(only(unit, "Service", "User") == "onevoice");
    CHECK(only(unit, "Service", "StateDirectory") == "onevoice");
    CHECK(only(unit, "Service", "DynamicUser") == "<missing>");
    CHECK(only(unit, "Service", "EnvironmentFile") == "/etc/onevoice/env");
    CHECK(only(unit, "Service", "Restart") == "on-failure");
    CHECK(only(unit, "Install", "WantedBy") == "multi-user.target");
    const std::string exec = only(unit, "Service", "ExecStart");
    CHECK(exec.find("--db /var/lib/onevoice/") != std::string::npos);
    CHECK(exec.find("--http 127.0.0.1:9477") != std::string::npos);
}

TEST_CASE("service unit: hardened with the database directory the only writable path") {
    const Unit unit = parse_unit(read_file(k_unit));
    CHECK(only(unit, "Service", "NoNewPrivileges") == "yes");
    CHECK(only(unit, "Service", "ProtectSystem") == "strict");
    CHECK(only(unit, "Service", "ReadWritePaths") == "/var/lib/onevoice");
    CHECK(only(unit, "Service", "ProtectHome") == "yes");
    CHECK(only(unit, "Service", "PrivateTmp") == "yes");
    CHECK(only(unit, "Service", "PrivateDevices") == "yes");
    CHECK(only(unit, "Service", "ProtectKernelTunables") == "yes");
    CHECK(only(unit, "Service", "ProtectKernelModules") == "yes");
    CHECK(only(unit, "Service", "RestrictAddressFamilies") == "AF_INET AF_INET6 AF_UNIX");
    CHECK(only(unit, "Service", "CapabilityBoundingSet").empty());
    const auto& filters = unit.at("Service").at("SystemCallFilter");
    CHECK(filters.front() == "@system-service");
}

TEST_CASE("service unit: systemd-analyze verify finds nothing to complain about") {
    // scripts/setup installs systemd: without it this case would prove nothing.
    const std::string analyze = "/usr/bin/systemd-analyze";
    REQUIRE_MESSAGE(std::filesystem::exists(analyze),
                    "systemd-analyze is missing: run scripts/setup");
    // verify checks that ExecStart's program exists: point it at the built binary.
    std::string text = read_file(k_unit);
    const std::string installed = "/usr/local/bin/onevoice";
    for (auto at = text.find(installed); at != std::string::npos; at = text.find(installed)) {
        text.replace(at, installed.size(), onevoice::tests::bot_binary());
    }
    TempDir dir;
    const std::string copy = dir.write("onevoice.service", text);
    onevoice::tests::Process::Options options;
    options.args = {"verify", copy};
    const auto result = onevoice::tests::run_process(analyze, options);
    CHECK_MESSAGE(result.exit_code == 0, result.err);
    // Unknown keys are only warnings (exit 0), so any output is a finding.
    CHECK_MESSAGE(result.err.empty(), result.err);
    CHECK(result.out.empty());
}

TEST_SUITE_END();
