-- Accounts, roles per region, sessions and login attempts (rate limiting).
CREATE TABLE gebruiker (
    email      TEXT PRIMARY KEY,
    naam       TEXT NOT NULL,
    wachtwoord TEXT NOT NULL,            -- argon2id PHC string, never the password
    beheerder  BIGINT NOT NULL DEFAULT 0, -- 1: manages users and regions
    aangemaakt TEXT NOT NULL
);

CREATE TABLE rol (
    email TEXT NOT NULL REFERENCES gebruiker (email) ON DELETE CASCADE,
    regio TEXT NOT NULL,
    rol   TEXT NOT NULL,                 -- bewerker | lezer
    PRIMARY KEY (email, regio)
);

CREATE TABLE sessie (
    token    TEXT PRIMARY KEY,           -- random, 256 bits, hex
    email    TEXT NOT NULL REFERENCES gebruiker (email) ON DELETE CASCADE,
    csrf     TEXT NOT NULL,              -- the form token of this session
    verloopt BIGINT NOT NULL             -- Unix seconds
);

CREATE TABLE inlogpoging (
    sleutel  TEXT NOT NULL,              -- the e-mail address tried, lower case
    tijdstip BIGINT NOT NULL
);
CREATE INDEX inlogpoging_sleutel ON inlogpoging (sleutel, tijdstip);
