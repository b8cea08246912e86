-- 0011_idempotency_keys: the answers to requests sent with an Idempotency-Key, kept with
-- the change they made (same transaction), so that a retried POST or PATCH replays the
-- first answer and writes nothing. A key belongs to one principal (role and subject); the
-- request hash tells a retry from another request reusing the key.
CREATE TABLE idempotency_keys (
    role text NOT NULL,
    subject text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status integer,          -- null until the change commits with its answer
    body text,
    location text,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (role, subject, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
