-- Existing structures of a region (wijkverpleging team areas, sociale wijkteams, GP catchments):
-- per buurt the area it belongs to. Plans report which areas they split.
CREATE TABLE structuur (
    regio  TEXT NOT NULL,
    naam   TEXT NOT NULL,
    buurt  TEXT NOT NULL,
    gebied TEXT NOT NULL,
    PRIMARY KEY (regio, naam, buurt)
);
