-- What an actor of the sociale kaart is (persoon, team, organisatie) and its role or function.
ALTER TABLE actor ADD COLUMN soort TEXT NOT NULL DEFAULT 'persoon';
ALTER TABLE actor ADD COLUMN rol TEXT;
