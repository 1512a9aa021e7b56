-- The workbench: bounds stored with a plan, wijkverbanden with their lock (also
-- those without buurten), and every accepted edit as a version (undo, redo, history).
ALTER TABLE indeling ADD COLUMN ondergrens DOUBLE PRECISION;
ALTER TABLE indeling ADD COLUMN plafond DOUBLE PRECISION;
ALTER TABLE indeling ADD COLUMN versie BIGINT NOT NULL DEFAULT 1;

CREATE TABLE indeling_wijkverband (
    indeling    TEXT NOT NULL REFERENCES indeling (naam) ON DELETE CASCADE,
    volgorde    BIGINT NOT NULL,
    naam        TEXT NOT NULL,
    vergrendeld BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (indeling, naam)
);

CREATE TABLE indeling_versie (
    indeling  TEXT NOT NULL REFERENCES indeling (naam) ON DELETE CASCADE,
    versie    BIGINT NOT NULL,
    wijziging TEXT NOT NULL,                                          -- what changed, in words
    door      TEXT REFERENCES gebruiker (email) ON DELETE SET NULL,   -- who (gone when the account is deleted)
    tijd      TEXT NOT NULL,
    staat     TEXT NOT NULL,                                          -- the plan's state after it (JSON)
    PRIMARY KEY (indeling, versie)
);
