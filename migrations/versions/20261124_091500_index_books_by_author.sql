-- revision: 2b7f41c0aa12
-- parents: 1a0c5e2d9b01
-- message: index books by author
-- created: 2026-11-24T09:15:00Z

-- revise:upgrade
CREATE INDEX ix_books_author_id ON books (author_id);

-- revise:downgrade
DROP INDEX ix_books_author_id;
