-- Reference inputs (RULES 1): projects and contracts, typed as read.
-- Projects' columns are the file's header typed by run_peer.mjs
-- ({{PROJECT_COLUMNS}}: client_id and client_name of v2 are optional).
-- Contracts keep their read order (seq) and file line (D19
-- CONTRACT_OVERLAP names lines).
CREATE TABLE projects AS
SELECT project_id, employer_id, wage_account, pay_day, tr(region) AS region,
       {{CLIENT_ID}} AS client_id
FROM read_csv('{{PROJECTS}}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {{PROJECT_COLUMNS}});

CREATE TABLE contracts_read AS
SELECT project_id, norm_id(worker_id) AS worker_id, tr(worker_name) AS worker_name,
       rate_type, fen(rate) AS rate_fen, valid_from, valid_to, pay_day
FROM read_csv('{{CONTRACTS}}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {'project_id': 'VARCHAR', 'worker_id': 'VARCHAR', 'worker_name': 'VARCHAR',
                         'rate_type': 'VARCHAR', 'rate': 'DECIMAL(18, 2)', 'valid_from': 'DATE',
                         'valid_to': 'DATE', 'pay_day': 'INTEGER'});

-- An empty valid_to is open-ended (RULES 4.2).
CREATE TABLE contracts AS
SELECT rowid AS seq, rowid + 2 AS line, project_id, worker_id, worker_name, rate_type, rate_fen,
       valid_from, coalesce(valid_to, DATE '9999-12-31') AS valid_to, pay_day
FROM contracts_read
WHERE project_id IN (SELECT project_id FROM projects);

-- The applicable contract (RULES 4.2) changes only where a contract starts
-- or the day after one ends: per pair, each such day starts a segment that
-- lasts until the next, and the segment's contract is the one valid on its
-- first day with the latest valid_from, of equal ones the first read (NULL:
-- no contract). D7: valid_to < valid_from never applies. A day finds its
-- segment by a range join (40_days.sql).
CREATE TABLE contract_segments AS
WITH starts AS (
    SELECT project_id, worker_id, valid_from AS seg_start FROM contracts WHERE valid_from <= valid_to
    UNION
    SELECT project_id, worker_id, valid_to + 1 FROM contracts
    WHERE valid_from <= valid_to AND valid_to < DATE '9999-12-31'),
segments AS (
    SELECT *, coalesce(lead(seg_start) OVER (PARTITION BY project_id, worker_id ORDER BY seg_start),
                       DATE '9999-12-31') AS seg_end
    FROM starts)
SELECT s.project_id, s.worker_id, s.seg_start, s.seg_end,
       c.seq AS contract_seq, c.rate_type, c.rate_fen, c.pay_day AS contract_pay_day
FROM segments s
LEFT JOIN contracts c
       ON c.project_id = s.project_id AND c.worker_id = s.worker_id
      AND s.seg_start BETWEEN c.valid_from AND c.valid_to
QUALIFY row_number() OVER (PARTITION BY s.project_id, s.worker_id, s.seg_start
                           ORDER BY c.valid_from DESC NULLS LAST, c.seq) = 1;
