-- (project, worker) pairs and buckets (RULES 4): who appears where, the
-- roster name, the due date, what was paid and the status (RULES 5.1).

-- A worker of a project: in contracts, in-scope attendance or counted
-- payments (RULES 5.2 INVALID_ID); D10: only in-scope attendance counts.
CREATE TABLE pairs AS
WITH contract_pairs AS (
    SELECT project_id, worker_id, arg_min(worker_name, seq) FILTER (WHERE worker_name IS NOT NULL) AS name
    FROM contracts GROUP BY ALL),
attendance_pairs AS (
    SELECT a.project_id, i.worker_id,
           arg_min(a.worker_name, a.rowid) FILTER (WHERE a.worker_name IS NOT NULL) AS name
    FROM att a JOIN att_ids i ON i.raw = a.worker_id GROUP BY ALL),
payee_pairs AS (
    SELECT project_id, worker_id, arg_min(payee_name, seq) FILTER (WHERE payee_name IS NOT NULL) AS name
    FROM counted GROUP BY ALL)
SELECT project_id, worker_id,
       cp.project_id IS NOT NULL AS has_contract,
       ap.project_id IS NOT NULL AS has_attendance,
       coalesce(cp.name, ap.name) AS roster_name,          -- D11
       coalesce(cp.name, ap.name, pp.name) AS worker_name  -- RULES 6 worker_name
FROM contract_pairs cp
FULL JOIN attendance_pairs ap USING (project_id, worker_id)
FULL JOIN payee_pairs pp USING (project_id, worker_id);

-- Days on which wages can fall due (RULES 4.4): not a Saturday or Sunday
-- unless listed WORKDAY, and not listed HOLIDAY.
CREATE TABLE pay_days AS
SELECT c.d::DATE AS date
FROM generate_series(DATE '{{FROM_DAY}}', DATE '{{TO_DAY}}' + INTERVAL 3 MONTH, INTERVAL 1 DAY) c(d)
WHERE NOT EXISTS (SELECT 1 FROM holidays h WHERE h.date = c.d::DATE AND h.kind = 'HOLIDAY')
  AND (isodow(c.d) < 6 OR EXISTS (SELECT 1 FROM holidays h WHERE h.date = c.d::DATE AND h.kind = 'WORKDAY'));

CREATE TABLE bucket_keys AS
SELECT project_id, worker_id, period FROM bucket_days
UNION SELECT project_id, worker_id, period FROM counted;

-- pay_day: the contract's (last attended day with a contract), else the
-- project's, else 15; that day of the next month clipped to its end, then
-- back to the nearest day on which wages can fall due.
CREATE TABLE bucket_due AS
WITH nominal AS (
    SELECT k.project_id, k.worker_id, k.period,
           CAST(k.period || '-01' AS DATE) + INTERVAL 1 MONTH AS next_month,
           coalesce(bd.contract_pay_day, p.pay_day, 15) AS pay_day
    FROM bucket_keys k
    JOIN projects p USING (project_id)
    LEFT JOIN bucket_days bd USING (project_id, worker_id, period)),
clipped AS (
    SELECT *, CAST(next_month AS DATE) + CAST(least(pay_day, day(last_day(next_month))) - 1 AS INTEGER) AS nominal_due
    FROM nominal)
SELECT c.project_id, c.worker_id, c.period, w.date AS due_date
FROM clipped c ASOF JOIN pay_days w ON c.nominal_due >= w.date;

CREATE TABLE buckets AS
WITH paid AS (
    SELECT c.project_id, c.worker_id, c.period,
           sum(c.amount_fen) AS paid_fen,
           coalesce(sum(c.amount_fen) FILTER (WHERE c.paid_at <= d.due_date), 0) AS paid_on_time_fen
    FROM counted c JOIN bucket_due d USING (project_id, worker_id, period)
    GROUP BY ALL),
owed AS (
    SELECT project_id, worker_id, period, sum(owed_fen) AS owed_fen
    FROM owed_by_contract GROUP BY ALL)
SELECT k.project_id, k.worker_id, k.period, d.due_date,
       d.due_date < DATE '{{AS_OF}}' AS is_due,
       coalesce(bd.n_days, 0) AS n_days,
       coalesce(bd.no_contract_days, 0) AS no_contract_days,
       coalesce(bd.owed_known, true) AS owed_known,
       coalesce(o.owed_fen, 0) AS owed_fen,
       coalesce(pd.paid_fen, 0) AS paid_fen,
       coalesce(pd.paid_on_time_fen, 0) AS paid_on_time_fen
FROM bucket_keys k
JOIN bucket_due d USING (project_id, worker_id, period)
LEFT JOIN bucket_days bd USING (project_id, worker_id, period)
LEFT JOIN owed o USING (project_id, worker_id, period)
LEFT JOIN paid pd USING (project_id, worker_id, period);

-- RULES 5.1 LATE: the day the running sum of counted payments (by paid_at,
-- then read order) first reaches owed - tol.
CREATE TABLE bucket_reached AS
WITH running AS (
    SELECT c.project_id, c.worker_id, c.period, c.paid_at,
           sum(c.amount_fen) OVER (PARTITION BY c.project_id, c.worker_id, c.period
                                   ORDER BY c.paid_at, c.seq ROWS UNBOUNDED PRECEDING) AS running_fen
    FROM counted c)
SELECT r.project_id, r.worker_id, r.period, min(r.paid_at) AS reached_on
FROM running r JOIN buckets b USING (project_id, worker_id, period)
WHERE r.running_fen >= b.owed_fen - {{TOL_FEN}}
GROUP BY ALL;

-- RULES 5.1: the status of a due bucket with attended days.
CREATE TABLE bucket_status AS
SELECT b.*,
       CASE WHEN NOT b.is_due OR b.n_days = 0 THEN NULL
            WHEN b.paid_fen = 0 THEN 'MISSING'
            WHEN NOT b.owed_known OR b.paid_on_time_fen >= b.owed_fen - {{TOL_FEN}} THEN NULL
            WHEN b.paid_fen >= b.owed_fen - {{TOL_FEN}} THEN 'LATE'
            ELSE 'UNDERPAID'
       END AS status,
       r.reached_on - b.due_date AS days_late
FROM buckets b
LEFT JOIN bucket_reached r USING (project_id, worker_id, period);
