-- The wijkcyclus of each wijkverband of a region's adopted indeling: numbered cycles, each in
-- one of the five phases (wijkfoto, wijkopgave, wijkplan, wijkuitvoering, wijkevaluatie). A
-- cycle belongs to the plan it was made under, so adopting another plan later leaves it readable.
CREATE TABLE cyclus (
    id          BIGINT PRIMARY KEY,
    regio       TEXT NOT NULL,
    indeling    TEXT NOT NULL,
    wijkverband TEXT NOT NULL,
    nummer      BIGINT NOT NULL,
    fase        TEXT NOT NULL,
    begonnen    TEXT NOT NULL,
    afgesloten  TEXT,
    synthetisch BIGINT NOT NULL DEFAULT 0,
    UNIQUE (regio, indeling, wijkverband, nummer)
);

-- Numbers for new rows, one counter per table (incremented under the writer's lock or a row lock).
CREATE TABLE teller (
    naam   TEXT PRIMARY KEY,
    waarde BIGINT NOT NULL
);
INSERT INTO teller (naam, waarde) VALUES ('cyclus', 0), ('opgave', 0), ('doel', 0), ('actie', 0), ('praktijk', 0);

-- The kernteam: actors of the sociale kaart.
CREATE TABLE kernteam (
    cyclus BIGINT NOT NULL REFERENCES cyclus (id) ON DELETE CASCADE,
    actor  TEXT NOT NULL,
    PRIMARY KEY (cyclus, actor)
);

-- Opgaven: proposed from the startfoto or the wijkfoto (sleutel), or added by hand (no sleutel).
CREATE TABLE opgave (
    id              BIGINT PRIMARY KEY,
    cyclus          BIGINT NOT NULL REFERENCES cyclus (id) ON DELETE CASCADE,
    sleutel         TEXT,
    soort           TEXT NOT NULL,   -- inhoudelijk | samenwerking
    titel           TEXT NOT NULL,
    bewijs          TEXT NOT NULL,
    bron            TEXT NOT NULL,
    status          TEXT NOT NULL,   -- voorgesteld | aanvaard | afgewezen | samengevoegd
    rang            BIGINT,
    samengevoegd_in BIGINT,
    UNIQUE (cyclus, sleutel)
);

-- Goals of the wijkplan: Visie 2030 goals (numbers, comma-separated), the opgaven they serve,
-- and where measurable an indicator with baseline and target, or a wijkfoto measure.
CREATE TABLE doel (
    id          BIGINT PRIMARY KEY,
    cyclus      BIGINT NOT NULL REFERENCES cyclus (id) ON DELETE CASCADE,
    titel       TEXT NOT NULL,
    visie       TEXT NOT NULL,
    opgaven     TEXT NOT NULL,
    indicator   TEXT,
    basis       DOUBLE PRECISION,
    basis_jaar  BIGINT,
    basis_bron  TEXT,
    streef      DOUBLE PRECISION,
    maat        TEXT,
    oordeel     TEXT
);

-- Actions of the wijkplan, with an owner from the sociale kaart; their progress in actie_voortgang.
CREATE TABLE actie (
    id          BIGINT PRIMARY KEY,
    cyclus      BIGINT NOT NULL REFERENCES cyclus (id) ON DELETE CASCADE,
    doel        BIGINT,
    titel       TEXT NOT NULL,
    eigenaar    TEXT,
    disciplines TEXT NOT NULL,
    begin       TEXT,
    eind        TEXT,
    status      TEXT NOT NULL
);

CREATE TABLE actie_voortgang (
    actie      BIGINT NOT NULL REFERENCES actie (id) ON DELETE CASCADE,
    volgnummer BIGINT NOT NULL,
    status     TEXT NOT NULL,
    notitie    TEXT NOT NULL,
    datum      TEXT NOT NULL,
    door       TEXT REFERENCES gebruiker (email) ON DELETE SET NULL,
    PRIMARY KEY (actie, volgnummer)
);

-- Every change of a cycle: which item, what, who and when.
CREATE TABLE cyclus_historie (
    cyclus     BIGINT NOT NULL REFERENCES cyclus (id) ON DELETE CASCADE,
    volgnummer BIGINT NOT NULL,
    item       TEXT NOT NULL,
    wat        TEXT NOT NULL,
    door       TEXT REFERENCES gebruiker (email) ON DELETE SET NULL,
    tijdstip   TEXT NOT NULL,
    PRIMARY KEY (cyclus, volgnummer)
);

-- A wijkcoördinator edits the cycle of one wijkverband and reads the region (rol 'wijkcoordinator').
ALTER TABLE rol ADD COLUMN wijkverband TEXT;

-- The register of good collaboration practices, per wijk(verband).
CREATE TABLE goede_praktijk (
    id           BIGINT PRIMARY KEY,
    regio        TEXT NOT NULL,
    wijkverband  TEXT NOT NULL,
    naam         TEXT NOT NULL,
    beschrijving TEXT NOT NULL,
    disciplines  TEXT NOT NULL,
    actoren      TEXT NOT NULL,
    overleg      TEXT NOT NULL,
    door         TEXT REFERENCES gebruiker (email) ON DELETE SET NULL,
    datum        TEXT NOT NULL
);
