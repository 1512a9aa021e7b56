-- Plan names are unique per region, not across the store: a bewerker of one region can neither
-- see nor take the names of another's plans. Plans without a region (made on the command line)
-- have the region ''. The four tables are rebuilt with (regio, naam) as the plan's key.
CREATE TABLE indeling_nieuw (
    regio      TEXT NOT NULL DEFAULT '',
    naam       TEXT NOT NULL,
    jaar       BIGINT NOT NULL,
    bron       TEXT NOT NULL,
    aangemaakt TEXT NOT NULL,
    ondergrens DOUBLE PRECISION,
    plafond    DOUBLE PRECISION,
    versie     BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (regio, naam)
);
INSERT INTO indeling_nieuw (regio, naam, jaar, bron, aangemaakt, ondergrens, plafond, versie)
SELECT COALESCE(regio, ''), naam, jaar, bron, aangemaakt, ondergrens, plafond, versie FROM indeling;

CREATE TABLE indeling_buurt_nieuw (
    regio       TEXT NOT NULL,
    indeling    TEXT NOT NULL,
    buurt       TEXT NOT NULL,
    wijkverband TEXT NOT NULL,
    PRIMARY KEY (regio, indeling, buurt),
    FOREIGN KEY (regio, indeling) REFERENCES indeling_nieuw (regio, naam) ON DELETE CASCADE
);
INSERT INTO indeling_buurt_nieuw (regio, indeling, buurt, wijkverband)
SELECT COALESCE(i.regio, ''), b.indeling, b.buurt, b.wijkverband FROM indeling_buurt b JOIN indeling i ON i.naam = b.indeling;

CREATE TABLE indeling_wijkverband_nieuw (
    regio       TEXT NOT NULL,
    indeling    TEXT NOT NULL,
    volgorde    BIGINT NOT NULL,
    naam        TEXT NOT NULL,
    vergrendeld BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (regio, indeling, naam),
    FOREIGN KEY (regio, indeling) REFERENCES indeling_nieuw (regio, naam) ON DELETE CASCADE
);
INSERT INTO indeling_wijkverband_nieuw (regio, indeling, volgorde, naam, vergrendeld)
SELECT COALESCE(i.regio, ''), w.indeling, w.volgorde, w.naam, w.vergrendeld FROM indeling_wijkverband w JOIN indeling i ON i.naam = w.indeling;

CREATE TABLE indeling_versie_nieuw (
    regio     TEXT NOT NULL,
    indeling  TEXT NOT NULL,
    versie    BIGINT NOT NULL,
    wijziging TEXT NOT NULL,
    door      TEXT REFERENCES gebruiker (email) ON DELETE SET NULL,
    tijd      TEXT NOT NULL,
    staat     TEXT NOT NULL,
    PRIMARY KEY (regio, indeling, versie),
    FOREIGN KEY (regio, indeling) REFERENCES indeling_nieuw (regio, naam) ON DELETE CASCADE
);
INSERT INTO indeling_versie_nieuw (regio, indeling, versie, wijziging, door, tijd, staat)
SELECT COALESCE(i.regio, ''), v.indeling, v.versie, v.wijziging, v.door, v.tijd, v.staat FROM indeling_versie v JOIN indeling i ON i.naam = v.indeling;

DROP TABLE indeling_versie;
DROP TABLE indeling_wijkverband;
DROP TABLE indeling_buurt;
DROP TABLE indeling;
ALTER TABLE indeling_nieuw RENAME TO indeling;
ALTER TABLE indeling_buurt_nieuw RENAME TO indeling_buurt;
ALTER TABLE indeling_wijkverband_nieuw RENAME TO indeling_wijkverband;
ALTER TABLE indeling_versie_nieuw RENAME TO indeling_versie;
