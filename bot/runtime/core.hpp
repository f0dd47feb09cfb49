#pragma once

namespace onevoice::storage {
class Database;
class JobStore;
class TeamStore;
} // namespace onevoice::storage

namespace onevoice::bot {

class Availability;
class Catalog;
class OutboxWriter;
class Router;
class Scheduler;
class UserDirectory;
struct HandlerContext;

// The shared parts of a running bot that each domain's module registers its
// commands, jobs and messages with. bot/app builds them once; the test
// fixtures build the same, so both wire a domain through its module alone.
struct Core {
    storage::Database& db;
    storage::TeamStore& team;
    storage::JobStore& jobs;
    Catalog& catalog;
    const HandlerContext& context;
    UserDirectory& users;
    Availability& availability;
    Router& router;
    Scheduler& scheduler;
    OutboxWriter& writer;
};

} // namespace onevoice::bot
