-- The wijkfoto by interview: a bewerker assigns respondents of a round to a fotograaf (an
-- account: the role holds for that round only), who fills in the survey with the professional.
-- The answers are the professional's; `ingevuld_door` says a fotograaf entered them (and only
-- that fotograaf sees them) until the professional takes them over through their own link;
-- `toestemming` is when the professional agreed.
CREATE TABLE fotograaf (
    ronde BIGINT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    email TEXT NOT NULL REFERENCES gebruiker (email) ON DELETE CASCADE,
    PRIMARY KEY (ronde, actor)
);
CREATE INDEX fotograaf_email ON fotograaf (email);
ALTER TABLE respondent ADD COLUMN ingevuld_door TEXT;
ALTER TABLE respondent ADD COLUMN toestemming TEXT;
