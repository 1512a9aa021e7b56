-- The overleggen an actor of the sociale kaart takes part in, by name.
CREATE TABLE deelname (
    regio   TEXT NOT NULL,
    actor   TEXT NOT NULL,
    overleg TEXT NOT NULL,
    PRIMARY KEY (regio, actor, overleg)
);

-- Per round: the fewest respondents an aggregate of ratings shows; the date after which its
-- answers and links are removed (retention), and when that happened.
ALTER TABLE ronde ADD COLUMN minimum BIGINT NOT NULL DEFAULT 3;
ALTER TABLE ronde ADD COLUMN bewaren_tot TEXT;
ALTER TABLE ronde ADD COLUMN opgeschoond TEXT;

-- When a respondent was last reminded (the coordinator's reminder list).
ALTER TABLE respondent ADD COLUMN herinnerd TEXT;
