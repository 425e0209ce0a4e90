/* Unit tests: inputs/payments.c, the handler's caches of the row before's
 * account, card and status (D322) and payee name's verdict (D366): a row
 * whose text differs from the last row's, even in its last byte only or
 * past the kept bytes, must be looked up again; what the caches give must
 * be what a lookup gives. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/model.h"
#include "inputs/input.h"

static wr_options opt;
static wr_model m;
static bool derive_rows; /* pay_row gives derive's values, as at --jobs 2 (D448) */
static char *test_keep(void *ctx, const char *p, size_t n);

/* A project of wage account `account` (static text). */
static uint32_t add_project(const char *id, const char *account)
{
    wr_project p = {.id = id, .name = id, .employer_id = "E", .employer_name = "E",
                    .wage_account = account, .region = "R", .client_id = "",
                    .client_name = "", .selected = true};
    CHECK(wr_model_add_project(&m, &p) == WR_ADD_OK);
    return (uint32_t)m.projects.len - 1;
}

/* Handles one payment row of period `period`, paid 2026-11-09; the
 * texts are copied into a buffer overwritten by the next row, as the
 * reader's are. Returns the row's outcome. */
static wr_row_outcome pay_row(const char *account, const char *txn, const char *payee,
                              const char *name, const char *card, const char *status,
                              wr_month period)
{
    static char buf[512];
    const char *texts[] = {account, txn, payee, name, card, status};
    wr_str kept[6];
    size_t at = 0;
    memset(buf, 'x', sizeof buf); /* the last row's bytes are gone */
    for (int i = 0; i < 6; i++) {
        size_t n = strlen(texts[i]);
        memcpy(buf + at, texts[i], n);
        kept[i] = (wr_str){buf + at, n};
        at += n + 1;
    }
    wr_value v[Y_VALUES]; /* the derived values (D448) unset, as at --jobs 1 */
    memset(v, 0, sizeof v);
    v[Y_ACCOUNT].text = kept[0];
    v[Y_TXN].text = kept[1];
    v[Y_PAYEE].text = kept[2];
    v[Y_NAME].text = kept[3];
    v[Y_CARD].text = kept[4];
    v[Y_STATUS].text = kept[5];
    v[Y_AMOUNT].num = 100;
    v[Y_PAID_AT].day = wr_day_from_ymd(2026, 11, 9);
    v[Y_PERIOD].month = period;
    for (int i = 0; i < 9; i++)
        v[i].set = true;
    uint32_t made;
    if (derive_rows) /* the parsing thread's values (D448), the row parsed whole */
        CHECK(wr_payments_input.derive(v, 0, test_keep, NULL, &made));
    wr_reason reason = WR_REASON_NONE;
    int bad_spec = -1;
    return wr_payments_input.handle(&m, 0, v, &reason, &bad_spec);
}

/* A nameless row of period 2026-10. */
static wr_row_outcome pay(const char *account, const char *txn, const char *payee,
                          const char *card, const char *status)
{
    return pay_row(account, txn, payee, "", card, status, opt.to_month);
}

/* Counts a SUCCESS row of payee (of P1's account) named `name` in the
 * run's month `month` (0-2); whether its bucket is NAME_MISMATCH's (each
 * check below uses a bucket of its own). */
static bool name_mismatch(const char *payee, const char *name, int month)
{
    static int n;
    char txn[16];
    snprintf(txn, sizeof txn, "N%d", n++);
    size_t before = m.payments.len;
    CHECK(pay_row("6222000000000000001", txn, payee, name, "6228480402564890299", "SUCCESS",
                  opt.from_month + month) == ROW_USED);
    CHECK(m.payments.len == before + 1);
    const wr_payment *p = WR_AT(m.payments, wr_payment, m.payments.len - 1);
    return WR_AT(m.buckets, wr_bucket, p->bucket)->name_mismatch;
}

/* The project of the last counted payment's bucket. */
static uint32_t last_project(void)
{
    const wr_payment *p = WR_AT(m.payments, wr_payment, m.payments.len - 1);
    const wr_bucket *b = WR_AT(m.buckets, wr_bucket, p->bucket);
    return WR_AT(m.pairs, wr_pair, b->pair)->project;
}

static uint32_t last_card(void)
{
    return WR_AT(m.payments, wr_payment, m.payments.len - 1)->card;
}

/* The rows counted under status word `word`, 0 when it has no record. */
static uint64_t status_rows(const char *word)
{
    for (size_t i = 0; i < m.statuses.len; i++) {
        const wr_status_count *s = WR_AT(m.statuses, wr_status_count, i);
        if (strcmp(s->word, word) == 0)
            return s->rows;
    }
    return 0;
}

/* The rows of (account, txn_id), 0 when none was read. */
static uint32_t txn_rows(const char *account, const char *txn)
{
    for (size_t i = 0; i < m.txns.len; i++) {
        const wr_txn *t = WR_AT(m.txns, wr_txn, i);
        if (strcmp(t->account, account) == 0 && strcmp(t->txn_id, txn) == 0)
            return t->rows;
    }
    return 0;
}

/* D448: payments' derive, as the parsing thread runs it at --jobs 2, its
 * kept texts in a buffer of the test's (keep_fails: no memory). */
static char kept_buf[1024];
static size_t kept_len;
static bool keep_fails;

static char *test_keep(void *ctx, const char *p, size_t n)
{
    (void)ctx;
    if (keep_fails || kept_len + n + 1 > sizeof kept_buf)
        return NULL;
    char *k = kept_buf + kept_len;
    memcpy(k, p, n);
    k[n] = '\0';
    kept_len += n + 1;
    return k;
}

/* derive of a row of card `card`, specs in `same` being the row
 * before's; true when it made what it should. */
static bool derived(wr_value *v, const char *card, uint32_t same, uint32_t *made)
{
    v[Y_CARD].text = (wr_str){card, strlen(card)};
    return wr_payments_input.derive(v, same, test_keep, NULL, made);
}

static bool text_is(wr_value v, const char *want)
{
    return v.set && v.text.n == strlen(want) && memcmp(v.text.p, want, v.text.n) == 0;
}

/* RULES 5.3: a card's ASCII spaces removed (not U+3000, not tabs), the
 * expected forms written by hand. */
static void check_derive(void)
{
    wr_value v[Y_VALUES];
    memset(v, 0, sizeof v);
    uint32_t made, card = 1u << Y_CARD_NORM;
    kept_len = 0;
    CHECK(wr_payments_input.n_derived == 1 && Y_CARD_NORM == 9);
    CHECK(derived(v, "6217008800000000001", 0, &made) && made == card);
    CHECK(text_is(v[Y_CARD_NORM], "6217008800000000001"));
    CHECK(v[Y_CARD_NORM].text.p == v[Y_CARD].text.p && kept_len == 0); /* its own: no copy */
    CHECK(derived(v, "6222 0210 0000 1111", 0, &made) && made == card);
    CHECK(text_is(v[Y_CARD_NORM], "6222021000001111"));
    CHECK(derived(v, "", 0, &made) && made == card && text_is(v[Y_CARD_NORM], ""));
    CHECK(derived(v, "    ", 0, &made) && text_is(v[Y_CARD_NORM], ""));
    CHECK(derived(v, " 1 ", 0, &made) && text_is(v[Y_CARD_NORM], "1"));
    CHECK(derived(v, "62\t22", 0, &made) && text_is(v[Y_CARD_NORM], "62\t22"));
    CHECK(derived(v, "62\xE3\x80\x80" "22", 0, &made) && text_is(v[Y_CARD_NORM], "62\xE3\x80\x80" "22"));
    char long_card[200]; /* past derive's stack buffer */
    memset(long_card, '7', sizeof long_card - 1);
    long_card[sizeof long_card - 1] = '\0';
    long_card[100] = ' ';
    CHECK(derived(v, long_card, 0, &made) && v[Y_CARD_NORM].text.n == sizeof long_card - 2);
    /* The card the row before's: its value is left as it was. */
    CHECK(derived(v, "9 9", 0, &made) && text_is(v[Y_CARD_NORM], "99"));
    CHECK(derived(v, "1 1", 1u << Y_CARD, &made) && made == 0 && text_is(v[Y_CARD_NORM], "99"));
    CHECK(derived(v, "1 1", ~(1u << Y_CARD), &made) && made == card);
    CHECK(text_is(v[Y_CARD_NORM], "11"));
    /* No memory for a form that is not its text: false. */
    keep_fails = true;
    CHECK(!derived(v, "1 2", 0, &made));
    CHECK(derived(v, "12", 0, &made) && made == card); /* nothing to keep */
    keep_fails = false;
}

#define W1 "110101199003070038"
#define LONG_A "62220000000000000000000000000000000000001" /* 41 bytes: not kept */
#define LONG_B "62220000000000000000000000000000000000002"
#define LONG_CARD "6228480402564890210622848040256489021062284804025648902100"

int main(void)
{
    memset(&opt, 0, sizeof opt);
    opt.from_month = 2026 * 12 + 7; /* 2026-08 */
    opt.to_month = 2026 * 12 + 9;   /* 2026-10 */
    opt.as_of_day = wr_day_from_ymd(2026, 11, 20);
    wr_report report;
    memset(&report, 0, sizeof report);
    CHECK(wr_model_init(&m, &opt, &report));
    uint32_t p1 = add_project("P1", "6222000000000000001");
    uint32_t p2 = add_project("P2", "6222000000000000002"); /* differs in the last byte */
    uint32_t p3 = add_project("P3", LONG_A);
    uint32_t p4 = add_project("P4", LONG_B);

    /* Accounts: the row before's, one differing in its last byte, long
     * ones differing past the kept bytes, an unknown one in between. */
    const char *card = "6228480402564890210";
    CHECK(pay("6222000000000000001", "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 1 && last_project() == p1);
    CHECK(pay("6222000000000000001", "T2", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 2 && last_project() == p1);
    CHECK(pay("6222000000000000002", "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 3 && last_project() == p2);
    CHECK(pay(LONG_A, "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 4 && last_project() == p3);
    CHECK(pay(LONG_B, "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 5 && last_project() == p4);
    CHECK(pay(LONG_A, "T2", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 6 && last_project() == p3);
    CHECK(pay("6222000000000000009", "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 6 && m.unknown_accounts.len == 1); /* not a wage account */
    CHECK(pay("6222000000000000001", "T3", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 7 && last_project() == p1);

    /* Duplicates: (account, txn_id) found again with the account's hash
     * from the cache (the row before's account) and computed afresh. */
    CHECK(pay("6222000000000000001", "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 7 && txn_rows("6222000000000000001", "T1") == 2);
    CHECK(pay("6222000000000000002", "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 7 && txn_rows("6222000000000000002", "T1") == 2);
    CHECK(pay(LONG_B, "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(pay(LONG_B, "T1", W1, card, "SUCCESS") == ROW_USED);
    CHECK(m.payments.len == 7 && txn_rows(LONG_B, "T1") == 3);
    CHECK(txn_rows("6222000000000000001", "T2") == 1 && txn_rows(LONG_A, "T2") == 1);

    /* Cards: spaces removed (the same card), the last byte differing,
     * empty and blank (no card), long ones differing past the kept bytes. */
    uint32_t c1 = last_card();
    CHECK(c1 != WR_NONE);
    CHECK(pay("6222000000000000001", "C1", W1, "6228 4804 0256 4890 210", "SUCCESS") == ROW_USED);
    CHECK(last_card() == c1);
    CHECK(pay("6222000000000000001", "C2", W1, "6228480402564890211", "SUCCESS") == ROW_USED);
    uint32_t c2 = last_card();
    CHECK(c2 != WR_NONE && c2 != c1);
    CHECK(pay("6222000000000000001", "C2b", W1, card, "SUCCESS") == ROW_USED);
    CHECK(last_card() == c1); /* the row before's card but its last byte */
    CHECK(pay("6222000000000000001", "C3", W1, "", "SUCCESS") == ROW_USED);
    CHECK(last_card() == WR_NONE);
    CHECK(pay("6222000000000000001", "C4", W1, "6228480402564890211", "SUCCESS") == ROW_USED);
    CHECK(last_card() == c2);
    CHECK(pay("6222000000000000001", "C5", W1, "   ", "SUCCESS") == ROW_USED);
    CHECK(last_card() == WR_NONE);
    CHECK(pay("6222000000000000001", "C6", W1, card, "SUCCESS") == ROW_USED);
    CHECK(last_card() == c1);
    CHECK(pay("6222000000000000001", "C7", W1, LONG_CARD "1", "SUCCESS") == ROW_USED);
    uint32_t c3 = last_card();
    CHECK(pay("6222000000000000001", "C8", W1, LONG_CARD "2", "SUCCESS") == ROW_USED);
    uint32_t c4 = last_card();
    CHECK(pay("6222000000000000001", "C9", W1, LONG_CARD "1", "SUCCESS") == ROW_USED);
    CHECK(c3 != WR_NONE && c4 != WR_NONE && c3 != c4 && last_card() == c3);
    CHECK(m.cards.len == 4);

    /* Statuses: the last byte differing, then past the list's 64 words
     * "(other)", a word of the list still its own. */
    uint64_t success = status_rows("SUCCESS");
    CHECK(success == 22); /* every in-scope row above, counted or not */
    CHECK(pay("6222000000000000001", "S1", W1, card, "SUCCESX") == ROW_USED);
    CHECK(pay("6222000000000000001", "S2", W1, card, "SUCCESS") == ROW_USED);
    CHECK(status_rows("SUCCESX") == 1 && status_rows("SUCCESS") == success + 1);
    CHECK(m.payments.len == 18); /* SUCCESX is not SUCCESS */
    char word[16];
    for (int i = 0; i < 70; i++) {
        snprintf(word, sizeof word, "W%02d", i);
        CHECK(pay("6222000000000000001", word, W1, card, word) == ROW_USED);
    }
    CHECK(m.statuses.len == 65 && status_rows("W61") == 1 && status_rows("W62") == 0);
    CHECK(status_rows("(other)") == 8);
    CHECK(pay("6222000000000000001", "S3", W1, card, "W69") == ROW_USED);
    CHECK(pay("6222000000000000001", "S4", W1, card, "W69") == ROW_USED);
    CHECK(pay("6222000000000000001", "S5", W1, card, "W61") == ROW_USED);
    CHECK(status_rows("(other)") == 10 && status_rows("W61") == 2);
    CHECK(pay("6222000000000000001", "S6", W1, card, "SUCCESS") == ROW_USED);
    CHECK(status_rows("SUCCESS") == success + 2 && m.payments.len == 19);

    /* Names (D366): the verdict of the row before's name is taken only
     * for the same text against the same roster name. */
    wr_str none = {"", 0};
    CHECK(wr_input_pair(&m, p1, (wr_str){"N1", 2}, (wr_str){"张三", 6}) != WR_NONE);
    CHECK(wr_input_pair(&m, p1, (wr_str){"N2", 2}, (wr_str){"李四", 6}) != WR_NONE);
    char long_roster[61], long_a[61], long_b[61];
    memset(long_roster, 'A', 60);
    memset(long_a, 'a', 60);
    memset(long_b, 'a', 60);
    long_roster[60] = long_a[60] = long_b[60] = '\0';
    long_b[59] = 'b'; /* differs past the kept bytes */
    CHECK(wr_input_pair(&m, p1, (wr_str){"N3", 2}, (wr_str){long_roster, 60}) != WR_NONE);
    CHECK(wr_input_pair(&m, p1, (wr_str){"N4", 2}, none) != WR_NONE); /* no roster name */
    CHECK(!name_mismatch("N1", "张三", 0));
    CHECK(!name_mismatch("N1", "张 三", 1)); /* equal once normalised */
    CHECK(!name_mismatch("N1", "张 三", 2)); /* the kept verdict */
    CHECK(name_mismatch("N2", "张 三", 0));  /* the same text, another roster name */
    CHECK(!name_mismatch("N2", "李四", 1));
    CHECK(name_mismatch("N2", "李五", 2));   /* the last byte differs */
    CHECK(!name_mismatch("N3", long_a, 0));
    CHECK(name_mismatch("N3", long_b, 1));
    CHECK(!name_mismatch("N3", long_a, 2));
    CHECK(!name_mismatch("N4", "李五", 0)); /* nothing to compare with */
    /* D450: a name that is its own RULES 3 form is not normalised; the
     * other side still is (the roster's or the payee's). */
    CHECK(wr_input_pair(&m, p1, (wr_str){"N5", 2}, (wr_str){"欧阳\xE3\x80\x80娜娜", 15}) !=
          WR_NONE);
    CHECK(wr_input_pair(&m, p1, (wr_str){"N6", 2}, (wr_str){"买买提\xC2\xB7艾力", 17}) != WR_NONE);
    CHECK(wr_input_pair(&m, p1, (wr_str){"N7", 2}, (wr_str){"LINA", 4}) != WR_NONE);
    CHECK(!name_mismatch("N5", "欧阳娜娜", 0));       /* the roster's U+3000 */
    CHECK(name_mismatch("N5", "欧阳娜", 1));
    CHECK(!name_mismatch("N6", "买买提.艾力", 0));    /* U+00B7 is the dot */
    CHECK(!name_mismatch("N6", "买买提\xE3\x83\xBB艾力", 1)); /* U+30FB too */
    CHECK(name_mismatch("N6", "买买提艾力", 2));
    CHECK(!name_mismatch("N7", "Li Na", 0));         /* the payee's space and case */
    CHECK(!name_mismatch("N7", "\xEF\xBC\xAC\xEF\xBC\xA9NA", 1)); /* full-width LI */
    CHECK(name_mismatch("N7", "LINB", 2));            /* both their own forms */

    /* Cards at --jobs 2 (D448): the derived value given, as the parsing
     * thread makes it; the cards are those above. */
    derive_rows = true;
    size_t cards = m.cards.len;
    CHECK(pay("6222000000000000001", "D1", W1, "6228 4804 0256 4890 210", "SUCCESS") == ROW_USED);
    CHECK(last_card() == c1);
    CHECK(pay("6222000000000000001", "D2", W1, "   ", "SUCCESS") == ROW_USED);
    CHECK(last_card() == WR_NONE);
    CHECK(pay("6222000000000000001", "D3", W1, "6228480402564890211 ", "SUCCESS") == ROW_USED);
    CHECK(last_card() == c2);
    CHECK(pay("6222000000000000001", "D4", W1, LONG_CARD " 2", "SUCCESS") == ROW_USED);
    CHECK(last_card() == c4 && m.cards.len == cards);
    derive_rows = false;
    /* Longer than card_of's 64 bytes on its stack (normalised on the
     * heap): the same card as without its spaces (RULES 5.3). */
    CHECK(pay("6222000000000000001", "H1", W1, LONG_CARD " 1234 567890", "SUCCESS") == ROW_USED);
    uint32_t c5 = last_card();
    CHECK(pay("6222000000000000001", "H2", W1, LONG_CARD "1234567890", "SUCCESS") == ROW_USED);
    CHECK(c5 != WR_NONE && c5 != c3 && last_card() == c5 && m.cards.len == cards + 1);

    check_derive();
    wr_model_free(&m);
    return CHECK_DONE();
}
