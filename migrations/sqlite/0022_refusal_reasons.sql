-- Why an application was not retained: the category the candidate is told
-- (see model::application::RefusalReason); the free-text reason stays
-- with staff and the company.
ALTER TABLE applications ADD COLUMN refusal_category TEXT;
UPDATE applications SET refusal_category = 'sans_reponse'
    WHERE status = 'not_hired' AND reason LIKE 'Sans réponse de l''employeur%';
UPDATE applications SET refusal_category = 'autre'
    WHERE status = 'not_hired' AND refusal_category IS NULL;
