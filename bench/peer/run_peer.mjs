// The DuckDB peer's driver: takes the options of `wagerecon run`, runs the
// SQL files beside it (RULES.md as SQL) in DuckDB through @duckdb/node-api,
// and writes flags.csv (flag_id column holding the flag's key text, for
// bench/flag_ids to hash) and ledger.csv in the output directory, CSV as
// D17 writes it. Used by bench/run_bench.sh for timing and as a
// differential test against wagerecon.
//
//   node run_peer.mjs --projects P --contracts C --attendance A... \
//     --payments Y... [--account-txns S...] [--min-wage M] [--holidays H] --as-of D \
//     (--period YYYY-MM | --from YYYY-MM --to YYYY-MM) [--tolerance T] \
//     [--large-payment Y] [--list-worker-amount Y] [--list-total-amount Y] [--warn-days N] --out DIR
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync, mkdirSync, openSync, readSync, closeSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { attendance: [], payments: [], 'account-txns': [], tolerance: '0', 'large-payment': '50000.00',
             'list-worker-amount': '5000.00', 'list-total-amount': '30000.00', 'warn-days': '0' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    const v = argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    if (k === 'attendance' || k === 'payments' || k === 'account-txns') o[k].push(resolve(v));
    else if (['projects', 'contracts', 'min-wage', 'holidays', 'out'].includes(k)) o[k] = resolve(v);
    else if (['as-of', 'period', 'from', 'to', 'tolerance', 'jobs', 'large-payment', 'list-worker-amount',
              'list-total-amount', 'warn-days'].includes(k)) o[k] = v;
    else throw new Error(`unknown option --${k}`);
  }
  if (o.period) o.from = o.to = o.period;
  for (const k of ['projects', 'contracts', 'as-of', 'from', 'to', 'out'])
    if (!o[k]) throw new Error(`--${k} is required`);
  return o;
}

// The attendance shape is told by the header (RULES 1).
function firstLine(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(4096);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.subarray(0, n).toString('utf8');
  if (buf[0] === 0x28 && buf[1] === 0xb5) throw new Error(`${path}: zstd input is not supported by the peer`);
  return text.split('\n')[0].replace(/\r$/, '');
}

function lastDayOfMonth(ym) {
  const [y, m] = ym.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${ym}-${String(d).padStart(2, '0')}`;
}

// Yuan text to integer fen, for --tolerance.
function fenOf(yuan) {
  const [i, f = ''] = yuan.split('.');
  return BigInt(i) * 100n + BigInt((f + '00').slice(0, 2));
}

// read_csv's columns for a file whose optional columns may be absent: its
// header, each name typed as `types` says (VARCHAR for the others).
function typedColumns(path, types) {
  const cols = firstLine(path).split(',').map(s => s.trim());
  return '{' + cols.map(c => `'${sqlQuote(c)}': '${types[c] || 'VARCHAR'}'`).join(', ') + '}';
}

function sqlQuote(s) { return s.replace(/'/g, "''"); }

function fill(sql, vars) {
  return sql.replace(/\{\{(\w+)\}\}/g, (_, k) => {
    if (!(k in vars)) throw new Error(`no value for {{${k}}}`);
    return vars[k];
  });
}

// D17: quote a field only when it holds a comma, quote, CR or LF.
function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function writeCsv(conn, sql, path, header) {
  const reader = await conn.runAndReadAll(sql);
  const lines = [header.join(',')];
  for (const row of reader.getRows()) lines.push(row.map(csvField).join(','));
  writeFileSync(path, lines.join('\n') + '\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const vars = {
    PROJECTS: sqlQuote(o.projects), CONTRACTS: sqlQuote(o.contracts),
    HOLIDAYS: o.holidays ? sqlQuote(o.holidays) : '', MIN_WAGE: o['min-wage'] ? sqlQuote(o['min-wage']) : '',
    FROM_PERIOD: o.from, TO_PERIOD: o.to, FROM_DAY: `${o.from}-01`, TO_DAY: lastDayOfMonth(o.to),
    AS_OF: o['as-of'], TOL_FEN: String(fenOf(o.tolerance)),
    LARGE_FEN: String(fenOf(o['large-payment'])), LIST_WORKER_FEN: String(fenOf(o['list-worker-amount'])),
    LIST_TOTAL_FEN: String(fenOf(o['list-total-amount'])), WARN_DAYS: String(parseInt(o['warn-days'], 10)),
    PROJECT_COLUMNS: typedColumns(o.projects, { pay_day: 'INTEGER' }),
    CLIENT_ID: firstLine(o.projects).split(',').map(s => s.trim()).includes('client_id') ? 'tr(client_id)' : 'NULL',
  };
  const sqlFile = name => readFileSync(join(here, name), 'utf8');
  const steps = [];
  const files = readdirSync(here).filter(f => f.endsWith('.sql')).sort();
  for (const f of files) {
    if (f === '11_holidays.sql' && !o.holidays) { steps.push('CREATE TABLE holidays (date DATE, kind VARCHAR);'); continue; }
    if (f === '12_min_wage.sql' && !o['min-wage']) { steps.push('CREATE TABLE min_wage (region VARCHAR, effective_from DATE, monthly_fen BIGINT, hourly_fen BIGINT);'); continue; }
    if (f === '20_attendance_days.sql' || f === '21_attendance_punches.sql') {
      if (f === '21_attendance_punches.sql') continue; // both shapes go in with 20, in file order
      o.attendance.forEach((path, i) => {
        const cols = firstLine(path).split(',').map(s => s.trim());
        const punch = cols.includes('punch_time') && !cols.includes('date');
        steps.push(fill(sqlFile(punch ? '21_attendance_punches.sql' : '20_attendance_days.sql'),
                        { ...vars, FILE: sqlQuote(path), FILE_NO: String(i) }));
      });
      continue;
    }
    if (f === '31_account_txns.sql') {
      o['account-txns'].forEach(path => steps.push(fill(sqlFile(f), {
        ...vars, FILE: sqlQuote(path),
        COLUMNS: typedColumns(path, { posted_at: 'TIMESTAMP', amount: 'DECIMAL(18, 2)' }) })));
      continue;
    }
    if (f === '30_payments.sql') {
      o.payments.forEach((path, i) => steps.push(fill(sqlFile(f), {
        ...vars, FILE: sqlQuote(path), FILE_NO: String(i),
        COLUMNS: typedColumns(path, { amount: 'DECIMAL(18, 2)', paid_at: 'TIMESTAMP' }),
        CARD: firstLine(path).split(',').map(s => s.trim()).includes('payee_card')
          ? "NULLIF(replace(tr(payee_card), ' ', ''), '')" : 'NULL' })));
      continue;
    }
    steps.push(fill(sqlFile(f), vars));
  }
  const instance = await DuckDBInstance.create(':memory:', o.jobs ? { threads: String(o.jobs) } : {});
  const conn = await instance.connect();
  const timing = process.env.PEER_TIMING; // wall and CPU seconds per step on stderr
  for (const s of steps.flatMap(s => s.split(/;[ \t]*$/m)).filter(s => s.replace(/--.*$/gm, '').trim())) {
    const t0 = Date.now(), c0 = process.cpuUsage();
    await conn.run(s);
    if (timing) {
      const c = process.cpuUsage(c0);
      console.error(`${((Date.now() - t0) / 1000).toFixed(2)} s  ${((c.user + c.system) / 1e6).toFixed(2)} cpu-s  ` +
                    s.replace(/^(--.*\n)+/, '').slice(0, 60).replace(/\s+/g, ' '));
    }
  }
  mkdirSync(o.out, { recursive: true });
  await writeCsv(conn, `SELECT flag_key, kind, severity, project_id, employer_id, worker_id, worker_name, period,
      due_date, owed, paid, paid_on_time, shortfall, days_late, days_overdue, detail, basis FROM flags_out`,
    join(o.out, 'flags.csv'),
    ['flag_id', 'kind', 'severity', 'project_id', 'employer_id', 'worker_id', 'worker_name', 'period', 'due_date',
     'owed', 'paid', 'paid_on_time', 'shortfall', 'days_late', 'days_overdue', 'detail', 'basis']);
  await writeCsv(conn, 'SELECT * FROM ledger_out ORDER BY project_id, period', join(o.out, 'ledger.csv'),
    ['project_id', 'employer_id', 'period', 'workers', 'workers_attended', 'workers_paid', 'workers_in_arrears',
     'owed', 'paid', 'arrears', 'late_workers', 'max_days_late']);
}

main().catch(e => { console.error(`run_peer: ${e.message}`); process.exit(2); });
