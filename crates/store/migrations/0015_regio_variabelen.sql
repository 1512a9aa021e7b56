-- The variables a region's proposals make wijkverbanden alike in (indicator codes in order).
-- Not tied to the regio row: redefining a region's gemeenten keeps its choice.
CREATE TABLE regio_variabele (
    regio     TEXT NOT NULL,
    positie   BIGINT NOT NULL,
    indicator TEXT NOT NULL,
    PRIMARY KEY (regio, positie)
);
