-- One schema for SQLite and PostgreSQL: only portable types (TEXT, BIGINT,
-- DOUBLE PRECISION) and natural keys.

-- Areas of one year's division: buurten with geometry, and the wijken and
-- gemeenten they belong to (names only; outlines are unions of buurten).
CREATE TABLE gebied (
    jaar          BIGINT NOT NULL,
    code          TEXT   NOT NULL,
    niveau        TEXT   NOT NULL,          -- buurt | wijk | gemeente
    naam          TEXT   NOT NULL,
    wijk_code     TEXT,
    wijk_naam     TEXT,
    gemeente_code TEXT   NOT NULL,
    gemeente_naam TEXT   NOT NULL,
    oppervlakte_ha DOUBLE PRECISION,         -- geodesic area of the polygon
    geometrie     TEXT,                     -- GeoJSON geometry, WGS84
    PRIMARY KEY (jaar, code)
);
CREATE INDEX gebied_gemeente ON gebied (jaar, niveau, gemeente_code);

-- Source values per area: one row per dataset, year, group, variable and area.
-- waarde NULL: the source marked the value unknown or secret (never zero).
CREATE TABLE waarde (
    dataset   TEXT   NOT NULL,
    jaar      BIGINT NOT NULL,
    groep     TEXT   NOT NULL,
    variabele TEXT   NOT NULL,
    gebied    TEXT   NOT NULL,
    waarde    DOUBLE PRECISION,
    PRIMARY KEY (dataset, jaar, groep, variabele, gebied)
);
CREATE INDEX waarde_gebied ON waarde (gebied);

-- What was imported when, from which file (provenance).
CREATE TABLE import_log (
    soort    TEXT   NOT NULL,
    jaar     BIGINT,
    bestand  TEXT   NOT NULL,
    tijdstip TEXT   NOT NULL,
    rijen    BIGINT NOT NULL
);

CREATE TABLE regio (
    naam      TEXT PRIMARY KEY,
    aangemaakt TEXT NOT NULL
);

CREATE TABLE regio_gemeente (
    regio    TEXT NOT NULL REFERENCES regio (naam) ON DELETE CASCADE,
    gemeente TEXT NOT NULL,
    PRIMARY KEY (regio, gemeente)
);
