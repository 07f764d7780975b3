"""Notify's tables (in its own schema, next to the platform's inbox and the departments replica).

notifications      one per (event, rule, address): what the inbox lists and deliveries carry
deliveries   one per (notice, contact point): unique, so a message goes out once; the
             dispatcher sends what is due and records every attempt
schedules    reminders and escalations, one per (deadline, thing, stage), fired by the
             leader instance when due (also after a restart: they are rows, not timers)
closures     deadlines met (acknowledged, submitted...), so a late-arriving older event
             does not plan them again
"""

# The walking skeleton's inbox (notifications by recipient and kind) becomes today's shape.
UPGRADE = """
DO $$ BEGIN
IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
           AND table_name = 'notifications' AND column_name = 'recipient') THEN
    ALTER TABLE notifications RENAME COLUMN recipient TO address;
    ALTER TABLE notifications RENAME COLUMN kind TO template;
    ALTER TABLE notifications RENAME COLUMN params TO context;
    ALTER TABLE notifications
        ADD COLUMN event_type text NOT NULL DEFAULT 'lianfang.registry.department.created',
        ADD COLUMN rule_id text NOT NULL DEFAULT 'registry-department-created',
        ADD COLUMN stage text NOT NULL DEFAULT 'event',
        ADD COLUMN due_at timestamptz,
        ADD COLUMN inbox boolean NOT NULL DEFAULT true;
    ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_event_id_recipient_key;
    ALTER TABLE notifications ADD UNIQUE (event_id, rule_id, address);
END IF;
END $$;
"""

TABLES = (
    UPGRADE
    + """
CREATE TABLE IF NOT EXISTS persons (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    rank text NOT NULL,
    left_on date,
    source_position bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS leaders_in_charge (
    person_id uuid PRIMARY KEY,
    department_ids uuid[] NOT NULL,
    source_position bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS remembered (
    subject text NOT NULL,
    name text NOT NULL,
    value jsonb,
    at timestamptz NOT NULL,
    PRIMARY KEY (subject, name)
);
CREATE TABLE IF NOT EXISTS rules (
    id text PRIMARY KEY,
    body jsonb NOT NULL,
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS templates (
    key text PRIMARY KEY,
    body jsonb NOT NULL,
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS contact_points (
    id bigserial PRIMARY KEY,
    address text NOT NULL,
    channel text NOT NULL,
    target text NOT NULL,
    secret text NOT NULL DEFAULT '',
    locale text NOT NULL,
    digest boolean NOT NULL,
    label text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS contact_points_once
    ON contact_points (address, channel, target) WHERE removed_at IS NULL;
CREATE TABLE IF NOT EXISTS notifications (
    id bigserial PRIMARY KEY,
    event_id text NOT NULL,
    event_type text NOT NULL,
    rule_id text NOT NULL,
    stage text NOT NULL,
    address text NOT NULL,
    template text NOT NULL,
    context jsonb NOT NULL,
    subject text NOT NULL,
    due_at timestamptz,
    inbox boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, rule_id, address)
);
CREATE INDEX IF NOT EXISTS notifications_inbox ON notifications (address, id) WHERE inbox;
CREATE TABLE IF NOT EXISTS notification_reads (
    notification_id bigint NOT NULL REFERENCES notifications (id),
    user_id text NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (notification_id, user_id)
);
CREATE TABLE IF NOT EXISTS deliveries (
    id bigserial PRIMARY KEY,
    notification_id bigint REFERENCES notifications (id),
    contact_point_id bigint NOT NULL REFERENCES contact_points (id),
    channel text NOT NULL,
    status text NOT NULL,
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error text NOT NULL DEFAULT '',
    sent_at timestamptz,
    digest_day date,
    digest_id bigint REFERENCES deliveries (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (notification_id, contact_point_id),
    UNIQUE (contact_point_id, digest_day)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_attempt_at, id)
    WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_held ON deliveries (contact_point_id) WHERE status = 'held';
CREATE INDEX IF NOT EXISTS deliveries_by_status ON deliveries (status, id);
CREATE INDEX IF NOT EXISTS deliveries_of_digest ON deliveries (digest_id);
CREATE TABLE IF NOT EXISTS delivery_attempts (
    id bigserial PRIMARY KEY,
    delivery_id bigint NOT NULL REFERENCES deliveries (id),
    attempt int NOT NULL,
    at timestamptz NOT NULL,
    ok boolean NOT NULL,
    detail text NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_attempts_of ON delivery_attempts (delivery_id, id);
CREATE TABLE IF NOT EXISTS schedules (
    id bigserial PRIMARY KEY,
    rule_id text NOT NULL,
    deadline text NOT NULL,
    key text NOT NULL,
    stage text NOT NULL,
    kind text NOT NULL,
    level int NOT NULL,
    fire_at timestamptz NOT NULL,
    due_at timestamptz NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    subject text NOT NULL,
    template text NOT NULL,
    context jsonb NOT NULL,
    addresses text[] NOT NULL,
    channels text[] NOT NULL,
    cancel_on text[] NOT NULL,
    key_field text,
    status text NOT NULL DEFAULT 'pending',
    settled_at timestamptz,
    UNIQUE (deadline, key, stage)
);
CREATE TABLE IF NOT EXISTS closures (
    deadline text NOT NULL,
    key text NOT NULL,
    at timestamptz NOT NULL,
    event_type text NOT NULL,
    PRIMARY KEY (deadline, key)
);
CREATE INDEX IF NOT EXISTS schedules_due ON schedules (fire_at) WHERE status = 'pending';
"""
)
