// The PostgreSQL side of scripts/prisma-schema-engine (required by it): connection settings taken
// apart from the datasource URL, and adapters that hand the WebAssembly engine exactly the
// database asked for, with the system catalogs' column types it can read.
'use strict';

// ---------------------------------------------------------------------------------------------
// Connection settings. A postgres:// URL is taken apart into fields once, here.

function connectionFields(url) {
  if (!url) throw userError('P1012', 'No datasource URL: set `datasource.url` in prisma.config.ts (DATABASE_URL).');
  let u;
  try {
    u = new URL(url);
  } catch {
    throw userError('P1013', 'The provided database string is invalid.');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw userError('P1013', `Only PostgreSQL is supported by this engine bridge (got ${u.protocol}).`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const sslmode = u.searchParams.get('sslmode');
  const fields = {
    host: u.hostname || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password || ''),
    database,
  };
  if (sslmode === 'require' || sslmode === 'prefer') fields.ssl = { rejectUnauthorized: false };
  if (sslmode === 'verify-full' || sslmode === 'verify-ca') fields.ssl = true;
  const host = u.searchParams.get('host'); // unix socket directory
  if (host) fields.host = host;
  return { fields, schema: u.searchParams.get('schema') || 'public' };
}

function userError(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL access through @prisma/adapter-pg.

const pg = require('pg');
const { PrismaPg } = require('@prisma/adapter-pg');

// The engine reads the system catalogs, whose column types adapter-pg partly does not know and
// then refuses the whole result: "char" (relkind, contype...) and a few internal types. They are
// plain text on the wire. "char" is reported to the engine as a single character, as the native
// engine's driver does (its catalog reader insists on it); the others become text.
const CHAR_OID = 18;
const CATALOG_TEXT_TYPES = new Set([CHAR_OID, 22, 24, 28, 29, 30, 194, 1033, 2202, 2203, 2204, 2205, 2206, 2275, 3734, 3769, 4089, 4096, 4191, 5069]);
const TEXT_OID = 25;
const { ColumnTypeEnum } = require('@prisma/driver-adapter-utils');

function widenCatalogTypes(result) {
  if (Array.isArray(result)) return result.map(widenCatalogTypes);
  if (!result || !Array.isArray(result.fields)) return result;
  result.fields.forEach((field, index) => {
    if (!CATALOG_TEXT_TYPES.has(field.dataTypeID)) return;
    field.catalogTypeID = field.dataTypeID;
    field.dataTypeID = TEXT_OID;
    for (const row of result.rows) {
      const key = Array.isArray(row) ? index : field.name;
      if (row[key] !== null && typeof row[key] !== 'string') row[key] = String(row[key]);
    }
  });
  return result;
}

class CatalogFriendlyClient extends pg.Client {
  query(config, values, callback) {
    if (typeof values === 'function') {
      callback = values;
      values = undefined;
    }
    if (config && typeof config.submit === 'function') return super.query(config, values, callback);
    if (callback) return super.query(config, values, (err, res) => callback(err, err ? res : widenCatalogTypes(res)));
    return super.query(config, values).then(widenCatalogTypes);
  }
}

/** Marks "char" columns as characters in the adapter's results (see CATALOG_TEXT_TYPES). */
function reportCharColumns(queryable) {
  const charColumns = new WeakMap();
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const indexes = result.fields.flatMap((f, i) => (f.catalogTypeID === CHAR_OID ? [i] : []));
    if (indexes.length) charColumns.set(query, indexes);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

function quoteIdent(name) {
  return '"' + String(name).replace(/"/g, '""') + '"';
}

/** Opens an adapter on exactly `fields.database`, and proves it before the engine gets it. */
async function openAdapter(fields, schema) {
  const factory = new PrismaPg({ ...fields, Client: CatalogFriendlyClient }, { schema });
  const adapter = await factory.connect();
  const pool = adapter.underlyingDriver();
  reportCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => reportCharColumns(await startTransaction(...args));
  // adapter-pg splits scripts on every ";" which breaks function bodies and string literals;
  // PostgreSQL's simple query protocol runs a multi-statement script as it is, like the
  // native engine does.
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  try {
    const { rows } = await pool.query('SELECT current_database() AS db');
    if (rows[0].db !== fields.database) {
      throw new Error(`connected to database "${rows[0].db}" instead of "${fields.database}"`);
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
  return adapter;
}

async function withAdminClient(fields, fn) {
  const client = new pg.Client({ ...fields });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

module.exports = { connectionFields, userError, quoteIdent, openAdapter, withAdminClient };
