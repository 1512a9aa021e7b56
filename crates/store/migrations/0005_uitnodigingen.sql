-- Invitations: a beheerder invites someone by e-mail address; the link (its
-- random token) lets them choose their own name and password once.
CREATE TABLE uitnodiging (
    token     TEXT PRIMARY KEY,          -- random, 256 bits, hex
    email     TEXT NOT NULL,
    regio     TEXT,
    rol       TEXT,                      -- bewerker | lezer, for regio
    beheerder BIGINT NOT NULL DEFAULT 0,
    verloopt  BIGINT NOT NULL            -- Unix seconds
);
