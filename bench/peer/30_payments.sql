-- One payments file, in scope only (its period in the run; RULES 4).
-- {{COLUMNS}}: the file's header typed by run_peer.mjs; {{CARD}} the card
-- of RULES 5.3 (ASCII spaces removed, NULL if empty or no such column).
INSERT INTO pay
SELECT account, txn_id, norm_id(payee_id), tr(payee_name), {{CARD}},
       fen(amount), CAST(paid_at AS DATE),
       period, status
FROM read_csv('{{FILE}}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {{COLUMNS}})
WHERE period BETWEEN '{{FROM_PERIOD}}' AND '{{TO_PERIOD}}';
