-- The actors a round is about: the wijkverband's sociale kaart when the round opened, and anyone
-- a respondent added through it. Later changes to the kaart do not change a round's network.
CREATE TABLE ronde_actor (
    ronde BIGINT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    PRIMARY KEY (ronde, actor)
);
INSERT INTO ronde_actor (ronde, actor)
SELECT r.id, a.id FROM ronde r JOIN actor a ON a.regio = r.regio AND a.wijkverband = r.wijkverband;
