-- The history of a region's adopted indeling (vastgesteld): each adoption, or the end of one
-- (indeling NULL), with its date and who did it. The current one is also in regio_indeling.
CREATE TABLE indeling_vaststelling (
    regio      TEXT NOT NULL,
    volgnummer BIGINT NOT NULL,
    indeling   TEXT,
    datum      TEXT NOT NULL,
    door       TEXT REFERENCES gebruiker (email) ON DELETE SET NULL,  -- who (gone when the account is deleted)
    PRIMARY KEY (regio, volgnummer)
);
