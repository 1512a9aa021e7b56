-- Wijkindelingen: named plans, each a partition of a region's buurten.
CREATE TABLE indeling (
    naam       TEXT PRIMARY KEY,
    regio      TEXT,
    jaar       BIGINT NOT NULL,      -- the division year of its buurt codes
    bron       TEXT NOT NULL,        -- how it was made: voorstel, import, ...
    aangemaakt TEXT NOT NULL
);

CREATE TABLE indeling_buurt (
    indeling    TEXT NOT NULL REFERENCES indeling (naam) ON DELETE CASCADE,
    buurt       TEXT NOT NULL,
    wijkverband TEXT NOT NULL,
    PRIMARY KEY (indeling, buurt)
);
