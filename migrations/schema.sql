-- The demo's models: what the database should look like. Edit this file and
-- run `revise autogenerate -m "..."` to get a revision; `revise check` tells
-- whether the database matches it.

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
    isbn VARCHAR(20),
    FOREIGN KEY (author_id) REFERENCES authors (id)
);

CREATE INDEX ix_books_author_id ON books (author_id);

CREATE TABLE reviews (
    id INTEGER NOT NULL PRIMARY KEY,
    book_id INTEGER NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body TEXT,
    written DATE NOT NULL,
    FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);
