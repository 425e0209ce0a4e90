-- flags.csv columns (RULES 6), keyed text first; severity and basis of
-- RULES 5.4 (UNPAID_HEADCOUNT's severity is set per flag, 75_supervision).
CREATE TABLE flags_out AS
SELECT f.flag_key, f.kind,
       coalesce(f.severity,
                CASE WHEN f.kind IN ('MISSING', 'UNDERPAID', 'RATE_BELOW_MINIMUM', 'UNKNOWN_ACCOUNT',
                                     'ALLOCATION_SHORT', 'SHARED_CARD', 'LIST_THRESHOLD') THEN 'high'
                     WHEN f.kind IN ('LATE', 'NO_CONTRACT', 'NO_ATTENDANCE', 'UNKNOWN_PAYEE', 'DUPLICATE_TXN',
                                     'LARGE_PAYMENT') THEN 'medium'
                     ELSE 'low' END) AS severity,
       f.project_id, coalesce(p.employer_id, f.employer_id) AS employer_id, f.worker_id, pr.worker_name,
       f.period, f.due_date,
       yuan(f.owed_fen) AS owed, yuan(f.paid_fen) AS paid, yuan(f.paid_on_time_fen) AS paid_on_time,
       yuan(f.shortfall_fen) AS shortfall, f.days_late, f.days_overdue, f.detail,
       CASE WHEN f.kind IN ('MISSING', 'UNDERPAID', 'LATE', 'DUE_SOON') THEN 'Reg. art. 12'
            WHEN f.kind = 'UNPAID_HEADCOUNT' THEN 'Reg. arts. 12, 31'
            WHEN f.kind IN ('OVERPAID', 'DUPLICATE_TXN') THEN 'Reg. art. 15'
            WHEN f.kind IN ('NO_CONTRACT', 'NO_ATTENDANCE', 'UNKNOWN_PAYEE', 'INVALID_ID',
                            'CONTRACT_OVERLAP') THEN 'Reg. art. 28'
            WHEN f.kind = 'NAME_MISMATCH' THEN 'Reg. art. 11'
            WHEN f.kind = 'SHARED_CARD' THEN 'Reg. arts. 11, 31'
            WHEN f.kind IN ('LARGE_PAYMENT', 'UNKNOWN_ACCOUNT') THEN 'Reg. art. 26'
            WHEN f.kind = 'ALLOCATION_SHORT' THEN 'Reg. art. 24'
            WHEN f.kind = 'RATE_BELOW_MINIMUM' THEN 'Min. Wage Prov. art. 12'
            WHEN f.kind = 'LIST_THRESHOLD' THEN 'MOHRSS Order 45 art. 5; SPC Interp. 2013-3 art. 3'
       END AS basis
FROM flags f
LEFT JOIN projects p USING (project_id)
LEFT JOIN pairs pr USING (project_id, worker_id);
