"""Generators for the benchmark: one schema, written both as SQL DDL (for revise
and for loading the database) and as SQLAlchemy models (for Alembic), and a
chain of revisions written both as revise .sql files and Alembic scripts.

Both tools must see exactly the same schema, so everything comes from one
description (`table_spec`) rendered twice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Column:
    name: str
    sql: dict          # dialect -> SQL type
    sa: str            # SQLAlchemy type expression
    nullable: bool = True
    default_sql: str | None = None
    default_sa: str | None = None


def table_name(i: int) -> str:
    return f"t_{i:05d}"


def table_spec(i: int, changed: bool) -> dict:
    """Ten columns, a unique constraint, an index and a foreign key. The keys
    form a tree (t_i points at t_{i // 10}), as real schemas do: a chain of
    thousands of keys would only measure SQLAlchemy's recursion limit. A
    changed table has one more column and a wider one."""
    note_len = 150 if changed else 100
    cols = [
        Column("id", {"*": "INTEGER"}, "sa.Integer()", nullable=False),
        Column("parent_id", {"*": "INTEGER"}, "sa.Integer()"),
        Column("code", {"*": "VARCHAR(32)"}, "sa.String(32)", nullable=False),
        Column("name", {"*": "VARCHAR(200)"}, "sa.String(200)", nullable=False),
        Column("description", {"*": "TEXT"}, "sa.Text()"),
        Column("amount", {"*": "NUMERIC(12,2)"}, "sa.Numeric(12, 2)", nullable=False,
               default_sql="0", default_sa="sa.text('0')"),
        Column("quantity", {"*": "INTEGER"}, "sa.Integer()", nullable=False,
               default_sql="1", default_sa="sa.text('1')"),
        Column("active", {"*": "BOOLEAN"}, "sa.Boolean()", nullable=False),
        Column("created", {"*": "DATE"}, "sa.Date()"),
        Column("note", {"*": f"VARCHAR({note_len})"}, f"sa.String({note_len})"),
    ]
    if changed:
        cols.append(Column("extra", {"*": "VARCHAR(40)"}, "sa.String(40)"))
    return {
        "name": table_name(i),
        "columns": cols,
        "unique": ("code",),
        "index": ("name",),
        "fk": ("parent_id", table_name(i // 10)),
    }


def is_changed(i: int, n: int, change_every: int = 50) -> bool:
    """2% of the tables: every 50th."""
    return i % change_every == change_every - 1


def schema_sql(n: int, dialect: str, changed: bool) -> str:
    out = []
    for i in range(n):
        t = table_spec(i, changed and is_changed(i, n))
        lines = []
        for c in t["columns"]:
            ty = c.sql.get(dialect, c.sql["*"])
            line = f"    {c.name} {ty}"
            if not c.nullable:
                line += " NOT NULL"
            if c.default_sql is not None:
                line += f" DEFAULT {c.default_sql}"
            lines.append(line)
        name = t["name"]
        lines.append(f"    CONSTRAINT pk_{name} PRIMARY KEY (id)")
        lines.append(f"    CONSTRAINT uq_{name}_code UNIQUE (code)")
        col, target = t["fk"]
        lines.append(f"    CONSTRAINT fk_{name}_{col} FOREIGN KEY ({col}) REFERENCES {target} (id)")
        out.append(f"CREATE TABLE {name} (\n" + ",\n".join(lines) + "\n);")
        out.append(f"CREATE INDEX ix_{name}_name ON {name} (name);")
    return "\n".join(out) + "\n"


def schema_sqlalchemy(n: int, changed: bool) -> str:
    out = [
        "import sqlalchemy as sa",
        "",
        "metadata = sa.MetaData()",
        "",
    ]
    for i in range(n):
        t = table_spec(i, changed and is_changed(i, n))
        name = t["name"]
        out.append(f"sa.Table(")
        out.append(f"    {name!r}, metadata,")
        for c in t["columns"]:
            extra = "" if c.nullable else ", nullable=False"
            if c.default_sa:
                extra += f", server_default={c.default_sa}"
            out.append(f"    sa.Column({c.name!r}, {c.sa}{extra}),")
        out.append(f"    sa.PrimaryKeyConstraint('id', name='pk_{name}'),")
        out.append(f"    sa.UniqueConstraint('code', name='uq_{name}_code'),")
        col, target = t["fk"]
        out.append(f"    sa.ForeignKeyConstraint([{col!r}], ['{target}.id'], name='fk_{name}_{col}'),")
        out.append(f"    sa.Index('ix_{name}_name', 'name'),")
        out.append(")")
    return "\n".join(out) + "\n"


def revision_id(i: int) -> str:
    return f"r{i:011d}"


def write_revise_revisions(versions: str, n: int) -> None:
    os.makedirs(versions, exist_ok=True)
    for i in range(n):
        parent = revision_id(i - 1) if i > 0 else ""
        with open(os.path.join(versions, f"{i:05d}_create_u_{i:05d}.sql"), "w") as f:
            f.write(
                f"-- revision: {revision_id(i)}\n"
                f"-- parents: {parent}\n"
                f"-- message: create u_{i:05d}\n\n"
                f"-- revise:upgrade\n"
                f"CREATE TABLE u_{i:05d} (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50));\n\n"
                f"-- revise:downgrade\n"
                f"DROP TABLE u_{i:05d};\n"
            )


def write_alembic_revisions(versions: str, n: int) -> None:
    os.makedirs(versions, exist_ok=True)
    for i in range(n):
        parent = repr(revision_id(i - 1)) if i > 0 else "None"
        with open(os.path.join(versions, f"{i:05d}_create_u_{i:05d}.py"), "w") as f:
            f.write(
                f'"""create u_{i:05d}"""\n'
                "from alembic import op\n"
                "import sqlalchemy as sa\n\n"
                f"revision = {revision_id(i)!r}\n"
                f"down_revision = {parent}\n"
                "branch_labels = None\n"
                "depends_on = None\n\n\n"
                "def upgrade():\n"
                f"    op.create_table('u_{i:05d}',\n"
                "        sa.Column('id', sa.Integer(), nullable=False, primary_key=True, autoincrement=False),\n"
                "        sa.Column('name', sa.String(50)))\n\n\n"
                "def downgrade():\n"
                f"    op.drop_table('u_{i:05d}')\n"
            )


def native_upgrade_sql(n: int, dialect: str) -> str:
    """What the database's own client runs for the upgrade floor: the same
    statements, one transaction and one version-table update per revision."""
    begin = "BEGIN IMMEDIATE;" if dialect == "sqlite" else "BEGIN;"
    out = [
        "CREATE TABLE IF NOT EXISTS floor_version (version_num VARCHAR(64) NOT NULL PRIMARY KEY);",
    ]
    for i in range(n):
        rev = revision_id(i)
        out.append(begin)
        out.append(f"CREATE TABLE u_{i:05d} (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50));")
        if i == 0:
            out.append(f"INSERT INTO floor_version (version_num) VALUES ('{rev}');")
        else:
            out.append(f"UPDATE floor_version SET version_num = '{rev}' WHERE version_num = '{revision_id(i - 1)}';")
        out.append("COMMIT;")
    return "\n".join(out) + "\n"
