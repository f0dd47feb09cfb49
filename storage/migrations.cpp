#include "storage/migrations.hpp"

#include <sqlite3.h>

#include <array>
#include <string>

namespace onevoice::storage {
namespace {

// Append only: a released migration is never edited, a change is a new one.
// Times are milliseconds since the Unix epoch (UTC); dates are 'YYYY-MM-DD'
// in the team's time zone.
constexpr std::array k_migrations = {
    // 1: the reliability core and the team.
    R"sql(
CREATE TABLE inbound_events (
    event_id    TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX inbound_events_received ON inbound_events(received_at);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    conversation    TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
    last_error      TEXT,
    finished_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox(status, conversation, id);

CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    unique_key TEXT UNIQUE,
    payload    TEXT NOT NULL DEFAULT '',
    due_at     INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX jobs_due ON jobs(due_at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    user_key     TEXT PRIMARY KEY,
    platform     TEXT NOT NULL,
    platform_id  TEXT NOT NULL,
    display_name TEXT NOT NULL,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX users_name ON users(platform, display_name COLLATE NOCASE);

CREATE TABLE member_roles (
    user_key TEXT NOT NULL REFERENCES users(user_key),
    role     TEXT NOT NULL CHECK (role IN ('manager', 'deputy', 'community', 'expert', 'helper')),
    added_at INTEGER NOT NULL,
    added_by TEXT,
    PRIMARY KEY (user_key, role)
) WITHOUT ROWID;

CREATE TABLE absences (
    id         INTEGER PRIMARY KEY,
    user_key   TEXT NOT NULL REFERENCES users(user_key),
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL CHECK (ends_on >= starts_on),
    cover_key  TEXT REFERENCES users(user_key),
    reason     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    ended_at   INTEGER
);
CREATE INDEX absences_user ON absences(user_key, ends_on);

CREATE TABLE experts (
    user_key TEXT NOT NULL REFERENCES users(user_key),
    topic    TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (topic, user_key)
) WITHOUT ROWID;
)sql",
    // 2: messages that later replies edit, and the time zones users have.
    R"sql(
CREATE TABLE message_anchors (
    anchor       TEXT PRIMARY KEY,
    conversation TEXT NOT NULL,
    outbox_id    INTEGER NOT NULL,
    posted_in    TEXT,
    message      TEXT,
    updated_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX message_anchors_outbox ON message_anchors(outbox_id);

ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
)sql",
    // 3: content ideas, their votes and history, and the editorial plan.
    R"sql(
CREATE TABLE ideas (
    id             INTEGER PRIMARY KEY,
    text           TEXT NOT NULL,
    author_key     TEXT NOT NULL,
    platform       TEXT NOT NULL,
    conversation   TEXT NOT NULL,
    thread         TEXT NOT NULL DEFAULT '',
    message        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'new' CHECK (status IN
                   ('new', 'approved', 'drafting', 'scheduled', 'published', 'rejected')),
    assignee_key   TEXT,
    scheduled_on   TEXT,
    scheduled_time TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX ideas_status ON ideas(status);
CREATE INDEX ideas_scheduled ON ideas(scheduled_on);

CREATE TABLE idea_tags (
    idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    PRIMARY KEY (idea_id, tag)
) WITHOUT ROWID;
CREATE INDEX idea_tags_tag ON idea_tags(tag);

CREATE TABLE idea_links (
    idea_id  INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url      TEXT NOT NULL,
    PRIMARY KEY (idea_id, position)
) WITHOUT ROWID;

CREATE TABLE idea_votes (
    idea_id  INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    user_key TEXT NOT NULL,
    voted_at INTEGER NOT NULL,
    PRIMARY KEY (idea_id, user_key)
) WITHOUT ROWID;

CREATE TABLE idea_channels (
    idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    PRIMARY KEY (idea_id, channel)
) WITHOUT ROWID;

CREATE TABLE idea_history (
    id       INTEGER PRIMARY KEY,
    idea_id  INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    user_key TEXT NOT NULL,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idea_history_idea ON idea_history(idea_id, id);
)sql",
    // 4: support handovers to experts, their history and who declined them.
    // crisis_id stays NULL until the crisis module (issue #7) tags handovers.
    R"sql(
CREATE TABLE handovers (
    id                INTEGER PRIMARY KEY,
    topic             TEXT NOT NULL DEFAULT '',
    question          TEXT NOT NULL,
    requester_key     TEXT NOT NULL,
    assignee_key      TEXT NOT NULL,
    instead_of_key    TEXT,
    status            TEXT NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'accepted', 'answered', 'done', 'closed')),
    platform          TEXT NOT NULL DEFAULT '',
    conversation      TEXT NOT NULL DEFAULT '',
    thread            TEXT NOT NULL DEFAULT '',
    message           TEXT NOT NULL DEFAULT '',
    is_direct         INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    assigned_at       INTEGER NOT NULL,
    due_at            INTEGER NOT NULL,
    first_response_at INTEGER,
    answered_at       INTEGER,
    finished_at       INTEGER,
    overdue_at        INTEGER,
    answer            TEXT NOT NULL DEFAULT '',
    reply_link        TEXT NOT NULL DEFAULT '',
    crisis_id         INTEGER
);
CREATE INDEX handovers_status ON handovers(status, due_at);
CREATE INDEX handovers_assignee ON handovers(assignee_key, status);
CREATE INDEX handovers_created ON handovers(created_at);

CREATE TABLE handover_events (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    user_key    TEXT NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX handover_events_handover ON handover_events(handover_id, id);

CREATE TABLE handover_decliners (
    handover_id INTEGER NOT NULL REFERENCES handovers(id) ON DELETE CASCADE,
    user_key    TEXT NOT NULL,
    PRIMARY KEY (handover_id, user_key)
) WITHOUT ROWID;
)sql",
    // 5: crisis notices (issue #7). A crisis keeps the place of its notice
    // (platform, conversation); its steps, timeline and numbered statements hang
    // off it. The approved statement is the one approved last (highest `approval`,
    // a per-crisis counter, so two approvals in one millisecond keep their order).
    R"sql(
CREATE TABLE crises (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    severity       INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resolved')),
    is_drill       INTEGER NOT NULL DEFAULT 0,
    lead_key       TEXT NOT NULL,
    declared_by    TEXT NOT NULL,
    declared_at    INTEGER NOT NULL,
    last_update_at INTEGER NOT NULL,
    resolved_at    INTEGER,
    summary        TEXT NOT NULL DEFAULT '',
    platform       TEXT NOT NULL,
    conversation   TEXT NOT NULL,
    thread         TEXT NOT NULL DEFAULT '',
    is_direct      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX crises_status ON crises(status, id);

CREATE TABLE crisis_steps (
    crisis_id  INTEGER NOT NULL REFERENCES crises(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    owner_role TEXT NOT NULL DEFAULT '',
    ticked_by  TEXT,
    ticked_at  INTEGER,
    PRIMARY KEY (crisis_id, position)
) WITHOUT ROWID;

CREATE TABLE crisis_timeline (
    id        INTEGER PRIMARY KEY,
    crisis_id INTEGER NOT NULL REFERENCES crises(id) ON DELETE CASCADE,
    at        INTEGER NOT NULL,
    user_key  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX crisis_timeline_crisis ON crisis_timeline(crisis_id, id);

CREATE TABLE crisis_statements (
    crisis_id   INTEGER NOT NULL REFERENCES crises(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    text        TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at INTEGER NOT NULL,
    approved_by TEXT,
    approved_at INTEGER,
    approval    INTEGER,
    PRIMARY KEY (crisis_id, number)
) WITHOUT ROWID;
)sql",
};

} // namespace

int latest_schema_version() {
    return static_cast<int>(k_migrations.size());
}

int schema_version(Database& db) {
    Statement query(db, "PRAGMA user_version");
    query.step();
    return static_cast<int>(query.get_int(0));
}

void migrate(Database& db) {
    Transaction tx(db);
    const int current = schema_version(db);
    if (current > latest_schema_version()) {
        throw DbError(SQLITE_MISMATCH,
                      db.path() + " has schema version " + std::to_string(current) +
                          ", newer than this OneVoice knows (" +
                          std::to_string(latest_schema_version()) + "); upgrade OneVoice");
    }
    for (int version = current + 1; version <= latest_schema_version(); ++version) {
        db.exec(k_migrations[static_cast<std::size_t>(version - 1)]);
    }
    if (current != latest_schema_version()) {
        // PRAGMA takes no bound parameters; the value is our own integer.
        db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version()));
    }
    tx.commit();
}

} // namespace onevoice::storage
