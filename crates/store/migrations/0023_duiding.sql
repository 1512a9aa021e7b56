-- Duidingssessies: workshops where professionals and residents interpret a wijk's figures.
-- A session is about one or more areas (a wijkverband of a plan, a CBS wijk, a gemeente or a
-- chosen set of buurten), has tables with a question and rounds with an instruction and a
-- duration, and collects contributions per table and round; themes group them.
CREATE TABLE duiding (
    id          BIGINT PRIMARY KEY,
    regio       TEXT NOT NULL REFERENCES regio (naam) ON DELETE CASCADE,
    titel       TEXT NOT NULL,
    datum       TEXT NOT NULL,
    plaats      TEXT NOT NULL,
    begeleider  TEXT NOT NULL,
    slotvraag   TEXT NOT NULL,
    status      TEXT NOT NULL,          -- voorbereid | open | gesloten
    ronde       BIGINT NOT NULL,        -- the current round (1-based), 0 before the first
    ronde_sinds TEXT,                   -- when the current round began (RFC 3339)
    muur        BIGINT NOT NULL,        -- 1: the tables see the wall (every table's contributions)
    figuren     TEXT NOT NULL,          -- the figures on the table: keys, comma-separated
    synthetisch BIGINT NOT NULL
);
CREATE INDEX duiding_regio ON duiding (regio);

CREATE TABLE duiding_gebied (
    sessie  BIGINT NOT NULL REFERENCES duiding (id) ON DELETE CASCADE,
    nr      BIGINT NOT NULL,
    naam    TEXT NOT NULL,
    soort   TEXT NOT NULL,              -- wijkverband | wijk | gemeente | buurten
    buurten TEXT NOT NULL,              -- buurt codes, comma-separated
    PRIMARY KEY (sessie, nr)
);

-- A table and its link: the token lets a phone add contributions to this table only, while
-- the session is open. It is on the table in the room (QR code), so it is kept as it is.
CREATE TABLE duiding_tafel (
    sessie BIGINT NOT NULL REFERENCES duiding (id) ON DELETE CASCADE,
    nr     BIGINT NOT NULL,
    vraag  TEXT NOT NULL,
    gebied BIGINT,
    token  TEXT NOT NULL UNIQUE,
    PRIMARY KEY (sessie, nr)
);

CREATE TABLE duiding_ronde (
    sessie     BIGINT NOT NULL REFERENCES duiding (id) ON DELETE CASCADE,
    nr         BIGINT NOT NULL,
    instructie TEXT NOT NULL,
    minuten    BIGINT NOT NULL,
    PRIMARY KEY (sessie, nr)
);

-- Participants: an actor of the sociale kaart, or a resident by first name or just "inwoner".
CREATE TABLE duiding_deelnemer (
    sessie BIGINT NOT NULL REFERENCES duiding (id) ON DELETE CASCADE,
    nr     BIGINT NOT NULL,
    actor  TEXT,
    naam   TEXT NOT NULL,
    PRIMARY KEY (sessie, nr)
);

CREATE TABLE duiding_thema (
    id      BIGINT PRIMARY KEY,
    sessie  BIGINT NOT NULL REFERENCES duiding (id) ON DELETE CASCADE,
    naam    TEXT NOT NULL,
    bewijs  TEXT                        -- startfoto:INDICATOR | wijkfoto:FINDING | none
);

-- A contribution: per table and round, or an answer to the closing question (slot = 1, no
-- table). `sleutel` is the phone's own id for it, so a resend after a dropped connection is
-- stored once.
CREATE TABLE bijdrage (
    id      BIGINT PRIMARY KEY,
    sessie  BIGINT NOT NULL REFERENCES duiding (id) ON DELETE CASCADE,
    tafel   BIGINT,
    ronde   BIGINT NOT NULL,
    slot    BIGINT NOT NULL,
    tekst   TEXT NOT NULL,
    thema   BIGINT REFERENCES duiding_thema (id) ON DELETE SET NULL,
    sleutel TEXT,
    gemaakt TEXT NOT NULL,
    UNIQUE (sessie, sleutel)
);
CREATE INDEX bijdrage_sessie ON bijdrage (sessie, id);

INSERT INTO teller (naam, waarde) VALUES ('duiding', 0), ('bijdrage', 0), ('duiding_thema', 0);
