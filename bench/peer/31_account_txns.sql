-- One statement file (--account-txns, RULES 1 v2), in scope only (RULES 4:
-- its account is a project's wage_account, the date of posted_at on or
-- before as-of; D65). Columns: {{COLUMNS}} is the file's header typed by
-- run_peer.mjs (the optional ones may be absent).
INSERT INTO stmt
SELECT account, txn_id, CAST(posted_at AS DATE), direction, fen(amount)
FROM read_csv('{{FILE}}', header = true, delim = ',', quote = '"', escape = '"', columns = {{COLUMNS}})
WHERE CAST(posted_at AS DATE) <= DATE '{{AS_OF}}'
  AND account IN (SELECT wage_account FROM projects);
