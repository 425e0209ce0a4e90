-- Reference inputs (RULES 1): projects and contracts. Contracts keep their
-- read order (seq) and file line (D19 CONTRACT_OVERLAP names lines).
CREATE TABLE projects AS
SELECT tr(project_id) AS project_id, tr(employer_id) AS employer_id,
       tr(wage_account) AS wage_account, CAST(tr(pay_day) AS INTEGER) AS pay_day,
       tr(region) AS region
FROM read_csv('{{PROJECTS}}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE TABLE contracts_read AS
SELECT tr(project_id) AS project_id, norm_id(worker_id) AS worker_id, tr(worker_name) AS worker_name,
       tr(rate_type) AS rate_type, fen(rate) AS rate_fen, CAST(tr(valid_from) AS DATE) AS valid_from,
       CAST(tr(valid_to) AS DATE) AS valid_to, CAST(tr(pay_day) AS INTEGER) AS pay_day
FROM read_csv('{{CONTRACTS}}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

-- An empty valid_to is open-ended (RULES 4.2).
CREATE TABLE contracts AS
SELECT rowid AS seq, rowid + 2 AS line, project_id, worker_id, worker_name, rate_type, rate_fen,
       valid_from, coalesce(valid_to, DATE '9999-12-31') AS valid_to, pay_day
FROM contracts_read
WHERE project_id IN (SELECT project_id FROM projects);
