-- The DuckDB peer: RULES.md v1 and docs/DECISIONS.md written as SQL, the
-- way an analyst would answer the monthly run with a SQL engine instead of
-- wagerecon. run_peer.mjs runs these files in name order, replacing
-- placeholders in double braces with the run's options, and writes flags.csv and
-- ledger.csv. This file: the text macros of RULES 3 and D2, and the two
-- tables that several input files are appended to in read order (D1).
--
-- Written as an experienced analyst writes it for DuckDB (issue 17): files
-- read by read_csv with explicit column types (DATE, TIMESTAMP, DECIMAL);
-- no per-day cross product: the applicable contract by an ASOF join on
-- each pair's contract segments, the minimum wage in force by an equi-join
-- on a small (region, date) calendar, LATE's running sum by a window.
--
-- Scope of the peer (what the bench data needs): valid input (the bench
-- checks that wagerecon rejected no row), no --project filter, plain CSV
-- with every column present, no row spanning lines (contract line numbers
-- are row order + 2), project ids, dates, amounts, periods and statuses
-- without padding (IDs and names are normalised as RULES 3 says).

-- D2: fields are trimmed of ASCII spaces and tabs; empty is absent.
CREATE MACRO tr(s) AS NULLIF(trim(s, ' ' || chr(9)), '');
-- Yuan read as DECIMAL(18, 2) -> integer fen (exact decimal arithmetic).
CREATE MACRO fen(d) AS CAST(d * 100 AS BIGINT);
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
-- worker_id as read: RULES 3 normalises the ~100k distinct IDs once
-- (att_ids, 40_days.sql), not the ~10M rows. centi: hours of a day row
-- (NULL for a punch); sec: second of the day of a punch (NULL for a day
-- row).
CREATE TABLE att (
    project_id VARCHAR, worker_id VARCHAR, worker_name VARCHAR,
    date DATE, centi SMALLINT, sec INTEGER);
-- In-scope payment rows of every file, in read order.
-- card: RULES 5.3 SHARED_CARD's card, ASCII spaces removed, NULL if empty.
CREATE TABLE pay (
    account VARCHAR, txn_id VARCHAR, payee_id VARCHAR, payee_name VARCHAR, card VARCHAR,
    amount_fen BIGINT, paid_at DATE, period VARCHAR, status VARCHAR);
-- In-scope statement rows (RULES 4, v2) of every --account-txns file, in
-- read order.
CREATE TABLE stmt (
    account VARCHAR, txn_id VARCHAR, posted_on DATE, direction VARCHAR, amount_fen BIGINT);
