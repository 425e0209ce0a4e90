-- RULES 4.5: a payment row counts when it is the first in-scope row of its
-- (account, txn_id) in read order (rows of every status take part), its
-- status is SUCCESS, its account is a project's wage_account, and
-- paid_at <= as-of. rowid of pay is read order (files in order, then lines).
CREATE TABLE pay_first AS
SELECT rowid AS seq, *,
       row_number() OVER (PARTITION BY account, txn_id ORDER BY rowid) = 1 AS is_first,
       count(*) OVER (PARTITION BY account, txn_id) AS txn_rows
FROM pay;

CREATE TABLE counted AS
SELECT f.seq, p.project_id, f.payee_id AS worker_id, f.period, f.payee_name, f.card, f.amount_fen, f.paid_at
FROM pay_first f
JOIN projects p ON p.wage_account = f.account
WHERE f.is_first AND f.status = 'SUCCESS' AND f.paid_at <= DATE '{{AS_OF}}';
