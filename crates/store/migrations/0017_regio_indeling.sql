-- The plan whose wijkverbanden the region works with: the sociale kaart, the wijkfoto rounds and
-- the profiles refer to its wijkverbanden (an actor's workplace buurt decides its wijkverband).
CREATE TABLE regio_indeling (
    regio    TEXT PRIMARY KEY,
    indeling TEXT NOT NULL
);
