-- One payments file, in scope only (its period in the run; RULES 4).
INSERT INTO pay
SELECT account, txn_id, norm_id(payee_id), tr(payee_name), fen(amount), CAST(paid_at AS DATE),
       period, status
FROM read_csv('{{FILE}}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {'txn_id': 'VARCHAR', 'account': 'VARCHAR', 'payee_name': 'VARCHAR',
                         'payee_id': 'VARCHAR', 'payee_card': 'VARCHAR', 'amount': 'DECIMAL(18, 2)',
                         'paid_at': 'TIMESTAMP', 'period': 'VARCHAR', 'status': 'VARCHAR',
                         'remark': 'VARCHAR'})
WHERE period BETWEEN '{{FROM_PERIOD}}' AND '{{TO_PERIOD}}';
