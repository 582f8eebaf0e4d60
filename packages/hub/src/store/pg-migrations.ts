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
  {
    version: 5,
    // A push's whole append in one statement, so one round trip: the authority logs the push
    // was checked against unchanged (when asked), the log row moved on only from the size and
    // last leaf the push continues (the row lock orders racing pushes; the loser finds the
    // size moved), the checkpoint's root registered (one per size, ever), the records, their
    // trace codes and the hub's cosignature. Any refusal raises, and the statement stores nothing.
    // SYH01: another push or authority change came first (re-check); SYH02: another root at this size.
    sql: `
create function hub_append(
  p_log bytea, p_from bigint, p_prev bytea, p_records bytea[], p_leaves bytea[], p_last_time bigint, p_frontier bytea[],
  p_author bytea, p_suite text, p_enterprise text,
  p_cp_size bigint, p_cp_root bytea, p_cp_time bigint, p_cp_signature bytea, p_cp_encoded bytea,
  p_codes text[], p_code_seqs bigint[],
  p_cs_witness bytea, p_cs_encoded bytea,
  p_authorities bytea[], p_authority_state text
) returns void language plpgsql as $$
declare
  n int := cardinality(p_records);
  stored_root bytea;
  state text;
begin
  if p_authorities is not null then
    select coalesce(string_agg(encode(log_id, 'hex') || ':' || size, ',' order by log_id), '') into state
      from hub_logs where author = any(p_authorities);
    if state <> p_authority_state then
      raise exception using errcode = 'SYH01', message = 'the authority logs changed since the push was checked';
    end if;
  end if;
  if p_from = 0 then
    insert into hub_logs (log_id, author, suite, enterprise, size, last_leaf, last_time, frontier)
      values (p_log, p_author, p_suite, p_enterprise, n, p_leaves[n], p_last_time, p_frontier) on conflict do nothing;
    if not found then raise exception using errcode = 'SYH01', message = 'another push created the log meanwhile'; end if;
  else
    update hub_logs set size = p_from + n, last_leaf = p_leaves[n], last_time = p_last_time, frontier = p_frontier
      where log_id = p_log and size = p_from and last_leaf = p_prev;
    if not found then raise exception using errcode = 'SYH01', message = 'the log is no longer where the push continues it'; end if;
  end if;
  insert into hub_roots (log_id, size, root) values (p_log, p_cp_size, p_cp_root)
    on conflict (log_id, size) do update set root = hub_roots.root returning root into stored_root;
  if stored_root <> p_cp_root then raise exception using errcode = 'SYH02', message = 'another root is stored at this size'; end if;
  insert into hub_checkpoints (log_id, size, time, signature, encoded)
    values (p_log, p_cp_size, p_cp_time, p_cp_signature, p_cp_encoded) on conflict do nothing;
  insert into hub_records (log_id, seq, leaf_hash, record)
    select p_log, p_from + o - 1, h, r from unnest(p_leaves, p_records) with ordinality as t(h, r, o);
  insert into hub_trace_codes (code, log_id, seq)
    select c, p_log, s from unnest(p_codes, p_code_seqs) as t(c, s);
  if p_cs_witness is not null then
    insert into hub_cosignatures (log_id, size, witness, root, encoded)
      values (p_log, p_cp_size, p_cs_witness, p_cp_root, p_cs_encoded) on conflict do nothing;
  end if;
end $$;
`,
  },
  {
    version: 6,
    // Trace codes are only ever looked up by equality: a hash index on the code instead of the
    // primary key (code, log_id, seq), whose B-tree insert cost more than the record's own
    // (nearly every sale prints a code). Each row comes with its record's first insert at a
    // position, which hub_records' primary key makes unique, so (code, log_id, seq) still is.
    sql: `
alter table hub_trace_codes drop constraint hub_trace_codes_pkey;
create index hub_trace_codes_code on hub_trace_codes using hash (code);
`,
  },
];
