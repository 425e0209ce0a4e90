-- The DuckDB peer: RULES.md v1 and docs/DECISIONS.md written as SQL, the
-- way an analyst would answer the monthly run with a SQL engine instead of
-- wagerecon. run_peer.mjs runs these files in name order, replacing
-- placeholders in double braces with the run's options, and writes flags.csv and
-- ledger.csv. This file: the text macros of RULES 3 and D2, and the two
-- tables that several input files are appended to in read order (D1).
--
-- Scope of the peer (what the bench data needs): valid input (the bench
-- checks that wagerecon rejected no row), no --project filter, plain CSV
-- with every column present, no row spanning lines (contract line numbers
-- are row order + 2).

-- D2: fields are trimmed of ASCII spaces and tabs; empty is absent.
CREATE MACRO tr(s) AS NULLIF(trim(s, ' ' || chr(9)), '');
-- Yuan with at most two decimals -> integer fen (exact decimal arithmetic).
CREATE MACRO fen(s) AS CAST(CAST(tr(s) AS DECIMAL(18, 2)) * 100 AS BIGINT);
-- RULES 3, IDs: drop ASCII and ideographic spaces; full-width digits, Ｘ
-- and ｘ to ASCII; x to X.
CREATE MACRO norm_id(s) AS NULLIF(translate(replace(replace(tr(s), ' ', ''), chr(12288), ''),
    '０１２３４５６７８９Ｘｘx', '0123456789XXX'), '');
-- RULES 3, names (comparison only): drop ASCII spaces and U+3000;
-- full-width ASCII U+FF01-U+FF5E to ASCII; ASCII letters upper-cased; the
-- dots U+00B7 U+2022 U+30FB U+FF0E U+2027 and '.' are one dot.
CREATE MACRO norm_name(s) AS translate(replace(replace(s, ' ', ''), chr(12288), ''),
    '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～·•・‧abcdefghijklmnopqrstuvwxyz',
    '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`ABCDEFGHIJKLMNOPQRSTUVWXYZ{|}~....ABCDEFGHIJKLMNOPQRSTUVWXYZ');
-- Year-month text of a date, the period of RULES 4.
CREATE MACRO period_of(d) AS strftime(d, '%Y-%m');

-- In-scope attendance rows of every file, in read order (rowid = order).
CREATE TABLE att (
    file_no INTEGER, project_id VARCHAR, worker_id VARCHAR, worker_name VARCHAR,
    date DATE, centi INTEGER, sec INTEGER, is_punch BOOLEAN);
-- In-scope payment rows of every file, in read order.
CREATE TABLE pay (
    file_no INTEGER, account VARCHAR, txn_id VARCHAR, payee_id VARCHAR, payee_name VARCHAR,
    amount_fen BIGINT, paid_at DATE, period VARCHAR, status VARCHAR);
