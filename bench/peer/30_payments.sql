-- One payments file, in scope only (its period in the run; RULES 4).
INSERT INTO pay
SELECT {{FILE_NO}}, tr(account), tr(txn_id), norm_id(payee_id), tr(payee_name), fen(amount),
       CAST(substr(tr(paid_at), 1, 10) AS DATE), tr(period), tr(status)
FROM read_csv('{{FILE}}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
WHERE tr(period) BETWEEN '{{FROM_PERIOD}}' AND '{{TO_PERIOD}}';
