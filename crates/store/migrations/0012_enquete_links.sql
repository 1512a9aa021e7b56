-- Survey links are kept as SHA-256 hashes (`sha256:` + hex; existing plain tokens are hashed
-- when the store opens), several per respondent (a new link for a reminder leaves the first
-- working). A respondent claims their link with a code of their own (an argon2id hash in
-- `respondent.code`; '!' for answers stored without the survey, which no code opens): from
-- then on only someone who knows the code opens the answers, so the coordinator, who hands out
-- the links, cannot read them. Failed codes are counted and slow down further tries.
CREATE TABLE enquete_link (
    hash    TEXT PRIMARY KEY,
    ronde   BIGINT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    actor   TEXT NOT NULL
);
INSERT INTO enquete_link (hash, ronde, actor) SELECT token, ronde, actor FROM respondent;

CREATE TABLE respondent_nieuw (
    ronde       BIGINT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    actor       TEXT NOT NULL,
    ingediend   BIGINT NOT NULL DEFAULT 0,
    herinnerd   TEXT,
    code        TEXT,
    code_fouten BIGINT NOT NULL DEFAULT 0,
    code_wacht  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (ronde, actor)
);
INSERT INTO respondent_nieuw (ronde, actor, ingediend, herinnerd, code)
SELECT p.ronde, p.actor, p.ingediend, p.herinnerd,
       CASE WHEN EXISTS (SELECT 1 FROM antwoord a WHERE a.ronde = p.ronde AND a.van = p.actor) THEN '!' ELSE NULL END
FROM respondent p;
DROP TABLE respondent;
ALTER TABLE respondent_nieuw RENAME TO respondent;

-- A respondent's browser after the code: a random cookie (scoped to the link's path), hashed.
CREATE TABLE enquete_sessie (
    hash     TEXT PRIMARY KEY,
    ronde    BIGINT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    actor    TEXT NOT NULL,
    verloopt BIGINT NOT NULL
);

-- Who named a person not on the sociale kaart through the survey (round and respondent): their
-- erasure removes that person too when nobody else refers to them, and their number is limited.
ALTER TABLE actor ADD COLUMN genoemd_ronde BIGINT;
ALTER TABLE actor ADD COLUMN genoemd_door TEXT;
