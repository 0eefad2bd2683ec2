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
    author_id INTEGER NOT NULL REFERENCES authors (id),
    title VARCHAR(300) NOT NULL,
    published DATE
);

-- revise:downgrade
DROP TABLE books;
DROP TABLE authors;
