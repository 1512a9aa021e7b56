-- The sociale kaart of a region: actors with their discipline and place.
-- contact is personal data: shown to the region's users, exported and deleted with the actor.
CREATE TABLE actor (
    regio       TEXT NOT NULL,
    id          TEXT NOT NULL,
    naam        TEXT NOT NULL,
    discipline  TEXT NOT NULL,
    organisatie TEXT,
    buurt       TEXT,
    wijkverband TEXT,
    contact     TEXT,
    PRIMARY KEY (regio, id)
);
