-- Wijkfoto rounds: a dated survey of a wijkverband's actors. Each invited actor has a personal
-- token (their link; no account needed). Answers are theirs: one row per verbinding they name,
-- the vijf condities 1-5 or NULL ("weet niet"). A closed round is frozen.
CREATE TABLE ronde (
    id          BIGINT PRIMARY KEY,
    regio       TEXT NOT NULL,
    wijkverband TEXT NOT NULL,
    datum       TEXT NOT NULL,
    gesloten    BIGINT NOT NULL DEFAULT 0,
    synthetisch BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE respondent (
    ronde     BIGINT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    actor     TEXT NOT NULL,
    token     TEXT NOT NULL UNIQUE,
    ingediend BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (ronde, actor)
);

CREATE TABLE antwoord (
    ronde    BIGINT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    van      TEXT NOT NULL,
    naar     TEXT NOT NULL,
    doel     TEXT NOT NULL,
    vorm     TEXT NOT NULL,
    per_jaar BIGINT NOT NULL,
    ambitie     BIGINT,
    belangen    BIGINT,
    relatie     BIGINT,
    organisatie BIGINT,
    proces      BIGINT,
    PRIMARY KEY (ronde, van, naar)
);
