-- RULES 6 ledger.csv: per (project, period) over the due buckets that have
-- attended days or counted payments.
CREATE TABLE ledger_out AS
SELECT b.project_id, p.employer_id, b.period,
       count(*) AS workers,
       count(*) FILTER (WHERE n_days > 0) AS workers_attended,
       count(*) FILTER (WHERE paid_fen > 0) AS workers_paid,
       count(*) FILTER (WHERE status IN ('MISSING', 'UNDERPAID')) AS workers_in_arrears,
       yuan(coalesce(sum(owed_fen) FILTER (WHERE owed_known), 0)) AS owed,
       yuan(sum(paid_fen)) AS paid,
       yuan(coalesce(sum(owed_fen - paid_fen) FILTER (WHERE status = 'UNDERPAID'), 0)
            + coalesce(sum(owed_fen) FILTER (WHERE status = 'MISSING' AND owed_known), 0)) AS arrears,
       count(*) FILTER (WHERE status = 'LATE') AS late_workers,
       coalesce(max(days_late) FILTER (WHERE status = 'LATE'), 0) AS max_days_late
FROM bucket_status b
JOIN projects p USING (project_id)
WHERE b.is_due -- every bucket has attended days or counted payments
GROUP BY b.project_id, p.employer_id, b.period;
