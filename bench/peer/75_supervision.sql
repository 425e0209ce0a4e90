-- RULES 4.4a, 4.6 and 5.3 (v2): the supervision signals per project,
-- period, card and employer, added to the flags of 70_flags.sql. Detail
-- texts D62, columns D63, scope D64, statement D65, list counting D69.
ALTER TABLE flags ADD COLUMN employer_id VARCHAR;
ALTER TABLE flags ADD COLUMN severity VARCHAR;

-- The run's periods and each project's due date of each (RULES 4.4a: the
-- project's pay_day, else 15, in month P+1, clipped, moved back over rest
-- days and holidays).
CREATE TABLE project_due AS
WITH periods AS (
    SELECT period_of(m) AS period, CAST(m AS DATE) + INTERVAL 1 MONTH AS next_month
    FROM generate_series(DATE '{{FROM_DAY}}', DATE '{{TO_DAY}}', INTERVAL 1 MONTH) g(m)),
nominal AS (
    SELECT p.project_id, r.period,
           CAST(r.next_month AS DATE)
             + CAST(least(coalesce(p.pay_day, 15), day(last_day(r.next_month))) - 1 AS INTEGER) AS nominal_due
    FROM projects p CROSS JOIN periods r)
SELECT n.project_id, n.period, w.date AS due_date
FROM nominal n ASOF JOIN pay_days w ON n.nominal_due >= w.date;

-- Per project and period: A = buckets with attended days (due or not),
-- U = MISSING buckets, owed of those with owed known (RULES 4.6 cum_owed).
CREATE TABLE project_periods AS
SELECT project_id, period,
       count(*) FILTER (WHERE n_days > 0) AS attended,
       count(*) FILTER (WHERE status = 'MISSING') AS unpaid,
       coalesce(sum(owed_fen) FILTER (WHERE n_days > 0 AND owed_known), 0) AS owed_fen
FROM bucket_status
GROUP BY project_id, period;

-- UNPAID_HEADCOUNT (D61: high when 10 x U > A).
INSERT INTO flags BY NAME
SELECT 'UNPAID_HEADCOUNT' AS kind, pp.project_id, pp.period, strftime(d.due_date, '%Y-%m-%d') AS due_date,
       'unpaid=' || pp.unpaid || ' attended=' || pp.attended AS detail,
       CASE WHEN 10 * pp.unpaid > pp.attended THEN 'high' ELSE 'medium' END AS severity,
       'UNPAID_HEADCOUNT|' || pp.project_id || '||' || pp.period AS flag_key
FROM project_periods pp JOIN project_due d USING (project_id, period)
WHERE pp.unpaid > 0;

-- ALLOCATION_SHORT (RULES 4.6). Counted statement rows: the first in-scope
-- row of each (account, txn_id) in read order, IN and OUT alike; a
-- project is covered by any in-scope row of its account (D65).
CREATE TABLE stmt_counted AS
SELECT * FROM stmt QUALIFY row_number() OVER (PARTITION BY account, txn_id ORDER BY rowid) = 1;

CREATE TABLE allocation AS
WITH covered AS (
    SELECT p.project_id, p.wage_account, p.client_id FROM projects p
    WHERE p.wage_account IN (SELECT account FROM stmt)),
opening AS (
    SELECT c.project_id,
           greatest(coalesce(sum(s.amount_fen) FILTER (WHERE s.direction = 'IN'), 0)
                    - coalesce(sum(s.amount_fen) FILTER (WHERE s.direction = 'OUT'), 0), 0) AS opening_fen
    FROM covered c LEFT JOIN stmt_counted s
      ON s.account = c.wage_account AND s.posted_on < DATE '{{FROM_DAY}}'
    GROUP BY c.project_id),
credits AS (
    SELECT c.project_id, d.period, d.due_date,
           coalesce(sum(s.amount_fen), 0) AS credit_fen
    FROM covered c
    JOIN project_due d USING (project_id)
    LEFT JOIN stmt_counted s
      ON s.account = c.wage_account AND s.direction = 'IN'
     AND s.posted_on BETWEEN DATE '{{FROM_DAY}}' AND d.due_date
    GROUP BY c.project_id, d.period, d.due_date)
SELECT cr.project_id, cr.period, cr.due_date, c.client_id,
       o.opening_fen + cr.credit_fen AS cum_alloc_fen,
       sum(coalesce(pp.owed_fen, 0)) OVER (PARTITION BY cr.project_id ORDER BY cr.period
                                           ROWS UNBOUNDED PRECEDING) AS cum_owed_fen
FROM credits cr
JOIN covered c USING (project_id)
JOIN opening o USING (project_id)
LEFT JOIN project_periods pp USING (project_id, period);

INSERT INTO flags BY NAME
SELECT 'ALLOCATION_SHORT' AS kind, project_id, period, strftime(due_date, '%Y-%m-%d') AS due_date,
       cum_owed_fen AS owed_fen, cum_alloc_fen AS paid_fen, cum_owed_fen - cum_alloc_fen AS shortfall_fen,
       DATE '{{AS_OF}}' - due_date AS days_overdue, coalesce('client=' || client_id, '') AS detail,
       'ALLOCATION_SHORT|' || project_id || '||' || period AS flag_key
FROM allocation
WHERE due_date < DATE '{{AS_OF}}' AND cum_owed_fen > 0 AND cum_alloc_fen < cum_owed_fen - {{TOL_FEN}};

-- SHARED_CARD: counted payments of a project for a period to one card for
-- two or more distinct payees (empty cards never match).
INSERT INTO flags BY NAME
SELECT 'SHARED_CARD' AS kind, project_id, period, sum(amount_fen) AS paid_fen,
       'card=' || right(card, 4) || ' workers=' || count(DISTINCT worker_id) AS detail,
       'SHARED_CARD|' || project_id || '|' || card || '|' || period AS flag_key
FROM counted
WHERE card IS NOT NULL
GROUP BY project_id, card, period
HAVING count(DISTINCT worker_id) >= 2;

-- LIST_THRESHOLD over the shortfall-bearing flags (UNDERPAID; MISSING with
-- owed known), per employer (D69).
INSERT INTO flags BY NAME
WITH per_worker AS (
    SELECT p.employer_id, f.worker_id, count(DISTINCT f.period) AS periods, sum(f.shortfall_fen) AS sum_fen
    FROM flags f JOIN projects p USING (project_id)
    WHERE f.kind IN ('MISSING', 'UNDERPAID') AND f.shortfall_fen IS NOT NULL
    GROUP BY ALL),
per_employer AS (
    SELECT employer_id,
           bool_or(periods >= 3 AND sum_fen >= {{LIST_WORKER_FEN}}) AS cond_a,
           count(*) >= 10 AND sum(sum_fen) >= {{LIST_TOTAL_FEN}} AS cond_b,
           sum(sum_fen) AS total_fen
    FROM per_worker GROUP BY employer_id)
SELECT 'LIST_THRESHOLD' AS kind, employer_id, total_fen AS shortfall_fen,
       'condition=' || CASE WHEN cond_a AND cond_b THEN 'a+b' WHEN cond_a THEN 'a' ELSE 'b' END AS detail,
       'LIST_THRESHOLD|' || employer_id || '|' AS flag_key
FROM per_employer
WHERE cond_a OR cond_b;
