-- Durable topics: one row per topic (its current epoch and last committed offset), one per retained message.
-- Times are milliseconds since 1970 (UTC), so that no database's time zone handling is involved.

CREATE TABLE switchboard_topic (
    name         VARCHAR(200) NOT NULL PRIMARY KEY,
    epoch        VARCHAR(32)  NOT NULL,
    last_offset  BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL
);

CREATE TABLE switchboard_message (
    topic          VARCHAR(200) NOT NULL,
    epoch          VARCHAR(32)  NOT NULL,
    message_offset BIGINT       NOT NULL,
    published_at   BIGINT       NOT NULL,
    data           ${json_text} NOT NULL,
    PRIMARY KEY (topic, epoch, message_offset)
);

CREATE INDEX switchboard_message_age ON switchboard_message (published_at);
