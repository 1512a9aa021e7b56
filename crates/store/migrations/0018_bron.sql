-- Per imported file: the dataset, year and group it brought, the division its area codes
-- belong to (the figures of one division are carried over to the buurten of another by
-- code, by geometry or from the enclosing wijk or gemeente), and the layout it was read as.
CREATE TABLE bron (
    dataset  TEXT   NOT NULL,
    jaar     BIGINT NOT NULL,
    groep    TEXT   NOT NULL,
    indeling BIGINT NOT NULL,
    layout   TEXT   NOT NULL,
    bestand  TEXT   NOT NULL,
    tijdstip TEXT   NOT NULL,
    PRIMARY KEY (dataset, jaar, groep, bestand)
);

-- Stores made before this table: key figures belong to the division of their own year; the only
-- health table read until now was StatLine 50090NED, which is published in the 2020 division.
INSERT INTO bron (dataset, jaar, groep, indeling, layout, bestand, tijdstip)
SELECT DISTINCT dataset, jaar, groep, CASE WHEN dataset = 'gezondheid' THEN 2020 ELSE jaar END, 'onbekend', '', '0'
FROM waarde;
