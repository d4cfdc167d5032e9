-- The funder's logo (the Région's), set by an admin: shown in every page's
-- footer, every e-mail and the first sheet of every workbook.
CREATE TABLE funder_logo (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
