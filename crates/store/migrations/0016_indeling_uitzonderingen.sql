-- The exceptions a plan was made and is judged with (a lower floor for a gemeente, a gemeente
-- border that may be crossed, a link between buurten), one per line in wv-core's text form.
ALTER TABLE indeling ADD COLUMN uitzonderingen TEXT NOT NULL DEFAULT '';
