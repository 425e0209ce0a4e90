-- RULES 5: every flag, one row each, with the columns RULES 6 fills for
-- its kind. `flag_key` is the text RULES 5.2 hashes into flag_id
-- (run_peer.mjs leaves the hashing to bench/flag_ids, since SQL engines
-- have no XXH3).
CREATE MACRO yuan(f) AS CASE WHEN f IS NULL THEN NULL
    ELSE CAST(f // 100 AS VARCHAR) || '.' || lpad(CAST(f % 100 AS VARCHAR), 2, '0') END;

CREATE TABLE bucket_names AS
SELECT b.project_id, b.worker_id, b.period,
       bool_or(c.payee_name IS NOT NULL AND p.roster_name IS NOT NULL
               AND norm_name(c.payee_name) <> norm_name(p.roster_name)) AS name_mismatch
FROM counted c
JOIN buckets b USING (project_id, worker_id, period)
JOIN pairs p USING (project_id, worker_id)
GROUP BY ALL;

-- Bucket flags: kind, and the bucket's figures.
CREATE TABLE bucket_flags AS
WITH b AS MATERIALIZED (
    SELECT s.*, p.has_contract, p.has_attendance, coalesce(n.name_mismatch, false) AS name_mismatch,
           coalesce(m.below, false) AS below_minimum
    FROM bucket_status s
    JOIN pairs p USING (project_id, worker_id)
    LEFT JOIN bucket_names n USING (project_id, worker_id, period)
    LEFT JOIN day_below_minimum m USING (project_id, worker_id, period))
SELECT 'MISSING' AS kind, b.*, CASE WHEN owed_known THEN owed_fen END AS shortfall_fen,
       NULL AS late, DATE '{{AS_OF}}' - due_date AS days_overdue, NULL AS detail
FROM b WHERE status = 'MISSING'
UNION ALL
SELECT 'UNDERPAID', b.*, owed_fen - paid_fen, NULL, DATE '{{AS_OF}}' - due_date, NULL
FROM b WHERE status = 'UNDERPAID'
UNION ALL
SELECT 'LATE', b.*, NULL, days_late, NULL, NULL FROM b WHERE status = 'LATE'
UNION ALL
SELECT 'OVERPAID', b.*, NULL, NULL, NULL, NULL
FROM b WHERE is_due AND n_days > 0 AND owed_known AND paid_fen > owed_fen + {{TOL_FEN}}
UNION ALL
SELECT 'NO_CONTRACT', b.*, NULL, NULL, NULL, 'no_contract_days=' || no_contract_days
FROM b WHERE no_contract_days > 0
UNION ALL
SELECT 'NO_ATTENDANCE', b.*, NULL, NULL, NULL, NULL
FROM b WHERE paid_fen > 0 AND n_days = 0 AND (has_contract OR has_attendance)
UNION ALL
SELECT 'UNKNOWN_PAYEE', b.*, NULL, NULL, NULL, NULL
FROM b WHERE paid_fen > 0 AND NOT has_contract AND NOT has_attendance
UNION ALL
SELECT 'NAME_MISMATCH', b.*, NULL, NULL, NULL, NULL FROM b WHERE name_mismatch
UNION ALL
SELECT 'RATE_BELOW_MINIMUM', b.*, NULL, NULL, NULL, NULL FROM b WHERE below_minimum
UNION ALL
-- RULES 5.3 (v2) bucket kinds, due or not (D64); details D62.
SELECT 'LARGE_PAYMENT', b.*, NULL, NULL, NULL, 'limit=' || yuan({{LARGE_FEN}})
FROM b WHERE paid_fen > {{LARGE_FEN}}
UNION ALL
SELECT 'DUE_SOON', b.*, NULL, NULL, NULL, 'due_in_days=' || (due_date - DATE '{{AS_OF}}')
FROM b WHERE {{WARN_DAYS}} >= 1 AND NOT is_due AND n_days > 0
  AND due_date - DATE '{{AS_OF}}' <= {{WARN_DAYS}}
  AND (paid_fen = 0 OR (owed_known AND paid_fen < owed_fen - {{TOL_FEN}}));

-- D15: 18 characters, 17 digits, the GB 11643 check character, a real
-- birth date from 1900-01-01 to as-of.
CREATE MACRO digit(s, i) AS ascii(substr(s, i, 1)) - 48;
CREATE MACRO id_valid(s) AS
    length(s) = 18 AND regexp_full_match(substr(s, 1, 17), '[0-9]{17}')
    AND substr('10X98765432',
               ((digit(s, 1) * 7 + digit(s, 2) * 9 + digit(s, 3) * 10 + digit(s, 4) * 5
                 + digit(s, 5) * 8 + digit(s, 6) * 4 + digit(s, 7) * 2 + digit(s, 8) * 1
                 + digit(s, 9) * 6 + digit(s, 10) * 3 + digit(s, 11) * 7 + digit(s, 12) * 9
                 + digit(s, 13) * 10 + digit(s, 14) * 5 + digit(s, 15) * 8 + digit(s, 16) * 4
                 + digit(s, 17) * 2) % 11) + 1, 1) = substr(s, 18, 1)
    AND coalesce(CAST(try_strptime(substr(s, 7, 8), '%Y%m%d') AS DATE)
                 BETWEEN DATE '1900-01-01' AND DATE '{{AS_OF}}', false);

-- CONTRACT_OVERLAP (D7, D19): for each contract b the earliest a before it
-- that overlaps it; the smallest such b.
CREATE TABLE contract_overlaps AS
SELECT b.project_id, b.worker_id, arg_min(a.line || ',' || b.line, [b.seq, a.seq]) AS lines
FROM contracts a
JOIN contracts b ON a.project_id = b.project_id AND a.worker_id = b.worker_id AND a.seq < b.seq
WHERE a.valid_from <= a.valid_to AND b.valid_from <= b.valid_to
  AND a.valid_from <= b.valid_to AND b.valid_from <= a.valid_to
GROUP BY ALL;

-- D19 UNKNOWN_ACCOUNT: first rows (any status) of accounts that are no
-- project's wage account; the first txn_id and the count of such rows;
-- D214: their distinct payees and what the SUCCESS rows paid by as-of.
CREATE TABLE unknown_accounts AS
SELECT account, arg_min(txn_id, seq) AS first_txn_id, count(*) AS n,
       count(DISTINCT coalesce(payee_id, '')) AS payees,
       coalesce(sum(amount_fen) FILTER (WHERE status = 'SUCCESS' AND paid_at <= DATE '{{AS_OF}}'), 0)
           AS paid_fen
FROM pay_first
WHERE is_first AND account NOT IN (SELECT wage_account FROM projects)
GROUP BY account;

CREATE TABLE flags AS
SELECT kind, project_id, worker_id, period, strftime(due_date, '%Y-%m-%d') AS due_date,
       CASE WHEN owed_known THEN owed_fen END AS owed_fen, paid_fen, paid_on_time_fen,
       shortfall_fen, late AS days_late, days_overdue, detail,
       kind || '|' || project_id || '|' || worker_id || '|' || period AS flag_key
FROM bucket_flags
UNION ALL
SELECT 'INVALID_ID', project_id, worker_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       'INVALID_ID|' || project_id || '|' || worker_id || '|'
FROM pairs WHERE NOT id_valid(worker_id)
UNION ALL
SELECT 'CONTRACT_OVERLAP', project_id, worker_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       'lines=' || lines, 'CONTRACT_OVERLAP|' || project_id || '|' || worker_id || '|'
FROM contract_overlaps
UNION ALL
SELECT 'DUPLICATE_TXN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       'account=' || account || ' txn_id=' || txn_id || ' rows=' || txn_rows,
       'DUPLICATE_TXN|' || account || '|' || txn_id
FROM pay_first WHERE is_first AND txn_rows > 1
UNION ALL
SELECT 'UNKNOWN_ACCOUNT', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       'account=' || account || ' txn_id=' || first_txn_id || ' rows=' || n
           || ' payees=' || payees || ' paid=' || yuan(paid_fen),
       'UNKNOWN_ACCOUNT|' || account || '|'
FROM unknown_accounts;
