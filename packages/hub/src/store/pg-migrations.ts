/**
 * Versioned schema migrations, applied in order on start (under an advisory lock, so hub
 * processes starting together apply each once). Never edit a released migration: add one.
 *
 * Every table is keyed by log id first, so a distributed PostgreSQL (Citus) can shard them
 * all by `log_id` and keep one log's rows, and its append transaction, on one node.
 * `hub_trace_codes` is the exception worth knowing: it is looked up by code, so under Citus
 * a lookup fans out to every shard (or the table is distributed by `code` instead).
 */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
create table hub_logs (
  log_id bytea primary key,
  author bytea not null,
  enterprise text not null,
  size bigint not null check (size > 0),
  last_leaf bytea not null,
  last_time bigint not null,
  frontier bytea[] not null
);
-- One history per log: one row per position, ever.
create table hub_records (
  log_id bytea not null,
  seq bigint not null,
  leaf_hash bytea not null,
  record bytea not null,
  primary key (log_id, seq)
);
-- One root per size, ever (every checkpoint's root is registered here first).
create table hub_roots (
  log_id bytea not null,
  size bigint not null,
  root bytea not null,
  primary key (log_id, size)
);
create table hub_checkpoints (
  log_id bytea not null,
  size bigint not null,
  time bigint not null,
  signature bytea not null,
  encoded bytea not null,
  primary key (log_id, size, signature)
);
create table hub_cosignatures (
  log_id bytea not null,
  size bigint not null,
  witness bytea not null,
  root bytea not null,
  encoded bytea not null,
  primary key (log_id, size, witness, root)
);
create table hub_evidence (
  log_id bytea not null,
  id bigint generated always as identity,
  evidence bytea not null,
  primary key (log_id, id)
);
create table hub_trace_codes (
  code text not null,
  log_id bytea not null,
  seq bigint not null,
  primary key (code, log_id, seq)
);
`,
  },
  {
    version: 2,
    // Pushes look up the authority logs by their author key.
    sql: 'create index hub_logs_author on hub_logs (author);',
  },
  {
    version: 3,
    // The sm2-sm3 suite: a log's hash and signature algorithm, from its genesis.
    sql: "alter table hub_logs add column suite text not null default 'ed25519-sha256';",
  },
  {
    version: 4,
    // Every stored push (a log created or grown) notifies 'hub_appended_<schema>' on commit, so
    // each hub process knows when another one stored records (PgHubStore.watch).
    sql: `
create function hub_notify_appended() returns trigger language plpgsql as $$
begin
  perform pg_notify('hub_appended_' || tg_table_schema, encode(new.log_id, 'hex'));
  return null;
end $$;
create trigger hub_logs_appended after insert or update of size on hub_logs
  for each row execute function hub_notify_appended();
`,
  },
];
