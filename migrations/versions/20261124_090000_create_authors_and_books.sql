-- revision: 1a0c5e2d9b01
-- parents:
-- message: create authors and books
-- created: 2026-11-24T09:00:00Z

-- revise:upgrade
CREATE TABLE authors (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    born DATE
);

CREATE TABLE books (
    id INTEGER NOT NULL PRIMARY KEY,
    author_id INTEGER NOT NULL,
    title VARCHAR(300) NOT NULL,
    published DATE,
    FOREIGN KEY (author_id) REFERENCES authors (id)
);

CREATE INDEX ix_books_author_id ON books (author_id);

-- revise:downgrade
-- Dropping a table drops its indexes.
DROP TABLE books;
DROP TABLE authors;
