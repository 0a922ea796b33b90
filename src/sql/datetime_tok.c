/* datetime_tok.c — keyword tables: date/time words (datetktbl), interval
 * units (deltatktbl) and time zone abbreviations.
 *
 * The tables are PostgreSQL 15's. Abbreviations are its "Default"
 * timezone_abbreviations set (share/timezonesets/Default): a fixed offset in
 * seconds east of UTC (DT_DTZ marks a daylight-time one), or DT_DYNTZ with the
 * index of the zone that defines the abbreviation's meaning at a given date.
 * Every table is sorted by strcmp of the lower-case token; lookups compare at
 * most DT_TOKMAXLEN characters, so "microseconds" finds "microsecon".
 */
#include "sql/datetime_int.h"

#include <string.h>

static const struct dt_tok date_tab[] = {
    {"-infinity", DT_RESERV, DTK_EARLY},
    {"ad", DT_ADBC, DT_AD},
    {"allballs", DT_RESERV, DTK_ZULU},
    {"am", DT_AMPM, DT_AM},
    {"apr", DT_MONTH, 4},
    {"april", DT_MONTH, 4},
    {"at", DT_IGNORE, 0},
    {"aug", DT_MONTH, 8},
    {"august", DT_MONTH, 8},
    {"bc", DT_ADBC, DT_BC},
    {"d", DT_UNITS, DTK_DAY},
    {"dec", DT_MONTH, 12},
    {"december", DT_MONTH, 12},
    {"dow", DT_UNITS, DTK_DOW},
    {"doy", DT_UNITS, DTK_DOY},
    {"dst", DT_DTZMOD, 3600},
    {"epoch", DT_RESERV, DTK_EPOCH},
    {"feb", DT_MONTH, 2},
    {"february", DT_MONTH, 2},
    {"fri", DT_DOW, 5},
    {"friday", DT_DOW, 5},
    {"h", DT_UNITS, DTK_HOUR},
    {"infinity", DT_RESERV, DTK_LATE},
    {"isodow", DT_UNITS, DTK_ISODOW},
    {"isoyear", DT_UNITS, DTK_ISOYEAR},
    {"j", DT_UNITS, DTK_JULIAN},
    {"jan", DT_MONTH, 1},
    {"january", DT_MONTH, 1},
    {"jd", DT_UNITS, DTK_JULIAN},
    {"jul", DT_MONTH, 7},
    {"julian", DT_UNITS, DTK_JULIAN},
    {"july", DT_MONTH, 7},
    {"jun", DT_MONTH, 6},
    {"june", DT_MONTH, 6},
    {"m", DT_UNITS, DTK_MONTH},
    {"mar", DT_MONTH, 3},
    {"march", DT_MONTH, 3},
    {"may", DT_MONTH, 5},
    {"mm", DT_UNITS, DTK_MINUTE},
    {"mon", DT_DOW, 1},
    {"monday", DT_DOW, 1},
    {"nov", DT_MONTH, 11},
    {"november", DT_MONTH, 11},
    {"now", DT_RESERV, DTK_NOW},
    {"oct", DT_MONTH, 10},
    {"october", DT_MONTH, 10},
    {"on", DT_IGNORE, 0},
    {"pm", DT_AMPM, DT_PM},
    {"s", DT_UNITS, DTK_SECOND},
    {"sat", DT_DOW, 6},
    {"saturday", DT_DOW, 6},
    {"sep", DT_MONTH, 9},
    {"sept", DT_MONTH, 9},
    {"september", DT_MONTH, 9},
    {"sun", DT_DOW, 0},
    {"sunday", DT_DOW, 0},
    {"t", DT_ISOTIME, DTK_TIME},
    {"thu", DT_DOW, 4},
    {"thur", DT_DOW, 4},
    {"thurs", DT_DOW, 4},
    {"thursday", DT_DOW, 4},
    {"today", DT_RESERV, DTK_TODAY},
    {"tomorrow", DT_RESERV, DTK_TOMORROW},
    {"tue", DT_DOW, 2},
    {"tues", DT_DOW, 2},
    {"tuesday", DT_DOW, 2},
    {"wed", DT_DOW, 3},
    {"wednesday", DT_DOW, 3},
    {"weds", DT_DOW, 3},
    {"y", DT_UNITS, DTK_YEAR},
    {"yesterday", DT_RESERV, DTK_YESTERDAY},
};

static const struct dt_tok delta_tab[] = {
    {"@", DT_IGNORE, 0},
    {"ago", DT_AGO, 0},
    {"c", DT_UNITS, DTK_CENTURY},
    {"cent", DT_UNITS, DTK_CENTURY},
    {"centuries", DT_UNITS, DTK_CENTURY},
    {"century", DT_UNITS, DTK_CENTURY},
    {"d", DT_UNITS, DTK_DAY},
    {"day", DT_UNITS, DTK_DAY},
    {"days", DT_UNITS, DTK_DAY},
    {"dec", DT_UNITS, DTK_DECADE},
    {"decade", DT_UNITS, DTK_DECADE},
    {"decades", DT_UNITS, DTK_DECADE},
    {"decs", DT_UNITS, DTK_DECADE},
    {"h", DT_UNITS, DTK_HOUR},
    {"hour", DT_UNITS, DTK_HOUR},
    {"hours", DT_UNITS, DTK_HOUR},
    {"hr", DT_UNITS, DTK_HOUR},
    {"hrs", DT_UNITS, DTK_HOUR},
    {"m", DT_UNITS, DTK_MINUTE},
    {"microsecon", DT_UNITS, DTK_MICROSEC},
    {"mil", DT_UNITS, DTK_MILLENNIUM},
    {"millennia", DT_UNITS, DTK_MILLENNIUM},
    {"millennium", DT_UNITS, DTK_MILLENNIUM},
    {"millisecon", DT_UNITS, DTK_MILLISEC},
    {"mils", DT_UNITS, DTK_MILLENNIUM},
    {"min", DT_UNITS, DTK_MINUTE},
    {"mins", DT_UNITS, DTK_MINUTE},
    {"minute", DT_UNITS, DTK_MINUTE},
    {"minutes", DT_UNITS, DTK_MINUTE},
    {"mon", DT_UNITS, DTK_MONTH},
    {"mons", DT_UNITS, DTK_MONTH},
    {"month", DT_UNITS, DTK_MONTH},
    {"months", DT_UNITS, DTK_MONTH},
    {"ms", DT_UNITS, DTK_MILLISEC},
    {"msec", DT_UNITS, DTK_MILLISEC},
    {"msecond", DT_UNITS, DTK_MILLISEC},
    {"mseconds", DT_UNITS, DTK_MILLISEC},
    {"msecs", DT_UNITS, DTK_MILLISEC},
    {"qtr", DT_UNITS, DTK_QUARTER},
    {"quarter", DT_UNITS, DTK_QUARTER},
    {"s", DT_UNITS, DTK_SECOND},
    {"sec", DT_UNITS, DTK_SECOND},
    {"second", DT_UNITS, DTK_SECOND},
    {"seconds", DT_UNITS, DTK_SECOND},
    {"secs", DT_UNITS, DTK_SECOND},
    {"timezone", DT_UNITS, DTK_TZ},
    {"timezone_h", DT_UNITS, DTK_TZ_HOUR},
    {"timezone_m", DT_UNITS, DTK_TZ_MINUTE},
    {"us", DT_UNITS, DTK_MICROSEC},
    {"usec", DT_UNITS, DTK_MICROSEC},
    {"usecond", DT_UNITS, DTK_MICROSEC},
    {"useconds", DT_UNITS, DTK_MICROSEC},
    {"usecs", DT_UNITS, DTK_MICROSEC},
    {"w", DT_UNITS, DTK_WEEK},
    {"week", DT_UNITS, DTK_WEEK},
    {"weeks", DT_UNITS, DTK_WEEK},
    {"y", DT_UNITS, DTK_YEAR},
    {"year", DT_UNITS, DTK_YEAR},
    {"years", DT_UNITS, DTK_YEAR},
    {"yr", DT_UNITS, DTK_YEAR},
    {"yrs", DT_UNITS, DTK_YEAR},
};

/* Zones of the DT_DYNTZ abbreviations (their value is an index here). */
static const char *const dyn_zones[] = {
    "Asia/Yerevan",     "Asia/Anadyr",         "America/Argentina/Buenos_Aires",
    "Asia/Baku",        "Pacific/Rarotonga",   "America/Santiago",
    "Antarctica/Davis", "Pacific/Easter",      "Atlantic/Stanley",
    "Asia/Tbilisi",     "America/Guyana",      "Indian/Chagos",
    "Asia/Irkutsk",     "Asia/Bishkek",        "Pacific/Kosrae",
    "Asia/Krasnoyarsk", "Australia/Lord_Howe", "Pacific/Kiritimati",
    "Asia/Colombo",     "Asia/Magadan",        "Antarctica/Mawson",
    "Europe/Moscow",    "Asia/Novosibirsk",    "Pacific/Niue",
    "Asia/Omsk",        "Asia/Kamchatka",      "America/Asuncion",
    "Asia/Singapore",   "Pacific/Fakaofo",     "Asia/Ashgabat",
    "Asia/Ulaanbaatar", "America/Caracas",     "Asia/Vladivostok",
    "Europe/Volgograd", "Asia/Yakutsk",        "Asia/Yekaterinburg",
};

static const struct dt_tok abbrev_tab[] = {
    {"acdt", DT_DTZ, 37800},   {"acsst", DT_DTZ, 37800},
    {"acst", DT_TZ, 34200},    {"act", DT_TZ, -18000},
    {"acwst", DT_TZ, 31500},   {"adt", DT_DTZ, -10800},
    {"aedt", DT_DTZ, 39600},   {"aesst", DT_DTZ, 39600},
    {"aest", DT_TZ, 36000},    {"aft", DT_TZ, 16200},
    {"akdt", DT_DTZ, -28800},  {"akst", DT_TZ, -32400},
    {"almst", DT_DTZ, 25200},  {"almt", DT_TZ, 21600},
    {"amst", DT_DYNTZ, 0},                             /* Asia/Yerevan */
    {"amt", DT_TZ, -14400},    {"anast", DT_DYNTZ, 1}, /* Asia/Anadyr */
    {"anat", DT_DYNTZ, 1},                             /* Asia/Anadyr */
    {"arst", DT_DYNTZ, 2},                             /* America/Argentina/Buenos_Aires */
    {"art", DT_DYNTZ, 2},                              /* America/Argentina/Buenos_Aires */
    {"ast", DT_TZ, -14400},    {"awsst", DT_DTZ, 32400},
    {"awst", DT_TZ, 28800},    {"azost", DT_DTZ, 0},
    {"azot", DT_TZ, -3600},    {"azst", DT_DYNTZ, 3}, /* Asia/Baku */
    {"azt", DT_DYNTZ, 3},                             /* Asia/Baku */
    {"bdst", DT_DTZ, 7200},    {"bdt", DT_TZ, 21600},
    {"bnt", DT_TZ, 28800},     {"bort", DT_TZ, 28800},
    {"bot", DT_TZ, -14400},    {"bra", DT_TZ, -10800},
    {"brst", DT_DTZ, -7200},   {"brt", DT_TZ, -10800},
    {"bst", DT_DTZ, 3600},     {"btt", DT_TZ, 21600},
    {"cadt", DT_DTZ, 37800},   {"cast", DT_TZ, 34200},
    {"cct", DT_TZ, 28800},     {"cdt", DT_DTZ, -18000},
    {"cest", DT_DTZ, 7200},    {"cet", DT_TZ, 3600},
    {"cetdst", DT_DTZ, 7200},  {"chadt", DT_DTZ, 49500},
    {"chast", DT_TZ, 45900},   {"chut", DT_TZ, 36000},
    {"ckt", DT_DYNTZ, 4},                            /* Pacific/Rarotonga */
    {"clst", DT_DTZ, -10800},  {"clt", DT_DYNTZ, 5}, /* America/Santiago */
    {"cot", DT_TZ, -18000},    {"cst", DT_TZ, -21600},
    {"cxt", DT_TZ, 25200},     {"davt", DT_DYNTZ, 6},  /* Antarctica/Davis */
    {"ddut", DT_TZ, 36000},    {"easst", DT_DYNTZ, 7}, /* Pacific/Easter */
    {"east", DT_DYNTZ, 7},                             /* Pacific/Easter */
    {"eat", DT_TZ, 10800},     {"edt", DT_DTZ, -14400},
    {"eest", DT_DTZ, 10800},   {"eet", DT_TZ, 7200},
    {"eetdst", DT_DTZ, 10800}, {"egst", DT_DTZ, 0},
    {"egt", DT_TZ, -3600},     {"est", DT_TZ, -18000},
    {"fet", DT_TZ, 10800},     {"fjst", DT_DTZ, 46800},
    {"fjt", DT_TZ, 43200},     {"fkst", DT_DYNTZ, 8}, /* Atlantic/Stanley */
    {"fkt", DT_DYNTZ, 8},                             /* Atlantic/Stanley */
    {"fnst", DT_DTZ, -3600},   {"fnt", DT_TZ, -7200},
    {"galt", DT_TZ, -21600},   {"gamt", DT_TZ, -32400},
    {"gest", DT_DYNTZ, 9}, /* Asia/Tbilisi */
    {"get", DT_DYNTZ, 9},  /* Asia/Tbilisi */
    {"gft", DT_TZ, -10800},    {"gilt", DT_TZ, 43200},
    {"gmt", DT_TZ, 0},         {"gyt", DT_DYNTZ, 10}, /* America/Guyana */
    {"hkt", DT_TZ, 28800},     {"hst", DT_TZ, -36000},
    {"ict", DT_TZ, 25200},     {"idt", DT_DTZ, 10800},
    {"iot", DT_DYNTZ, 11},   /* Indian/Chagos */
    {"irkst", DT_DYNTZ, 12}, /* Asia/Irkutsk */
    {"irkt", DT_DYNTZ, 12},  /* Asia/Irkutsk */
    {"irt", DT_TZ, 12600},     {"ist", DT_TZ, 7200},
    {"jayt", DT_TZ, 32400},    {"jst", DT_TZ, 32400},
    {"kdt", DT_DTZ, 36000},    {"kgst", DT_DTZ, 21600},
    {"kgt", DT_DYNTZ, 13},                             /* Asia/Bishkek */
    {"kost", DT_DYNTZ, 14},                            /* Pacific/Kosrae */
    {"krast", DT_DYNTZ, 15},                           /* Asia/Krasnoyarsk */
    {"krat", DT_DYNTZ, 15},                            /* Asia/Krasnoyarsk */
    {"kst", DT_TZ, 32400},     {"lhdt", DT_DYNTZ, 16}, /* Australia/Lord_Howe */
    {"lhst", DT_TZ, 37800},    {"ligt", DT_TZ, 36000},
    {"lint", DT_DYNTZ, 17},                            /* Pacific/Kiritimati */
    {"lkt", DT_DYNTZ, 18},                             /* Asia/Colombo */
    {"magst", DT_DYNTZ, 19},                           /* Asia/Magadan */
    {"magt", DT_DYNTZ, 19},                            /* Asia/Magadan */
    {"mart", DT_TZ, -34200},   {"mawt", DT_DYNTZ, 20}, /* Antarctica/Mawson */
    {"mdt", DT_DTZ, -21600},   {"mest", DT_DTZ, 7200},
    {"mesz", DT_DTZ, 7200},    {"met", DT_TZ, 3600},
    {"metdst", DT_DTZ, 7200},  {"mez", DT_TZ, 3600},
    {"mht", DT_TZ, 43200},     {"mmt", DT_TZ, 23400},
    {"mpt", DT_TZ, 36000},     {"msd", DT_DTZ, 14400},
    {"msk", DT_DYNTZ, 21}, /* Europe/Moscow */
    {"mst", DT_TZ, -25200},    {"must", DT_DTZ, 18000},
    {"mut", DT_TZ, 14400},     {"mvt", DT_TZ, 18000},
    {"myt", DT_TZ, 28800},     {"ndt", DT_DTZ, -9000},
    {"nft", DT_TZ, -12600},    {"novst", DT_DYNTZ, 22}, /* Asia/Novosibirsk */
    {"novt", DT_DYNTZ, 22},                             /* Asia/Novosibirsk */
    {"npt", DT_TZ, 20700},     {"nst", DT_TZ, -12600},
    {"nut", DT_DYNTZ, 23}, /* Pacific/Niue */
    {"nzdt", DT_DTZ, 46800},   {"nzst", DT_TZ, 43200},
    {"nzt", DT_TZ, 43200},     {"omsst", DT_DYNTZ, 24}, /* Asia/Omsk */
    {"omst", DT_DYNTZ, 24},                             /* Asia/Omsk */
    {"pdt", DT_DTZ, -25200},   {"pet", DT_TZ, -18000},
    {"petst", DT_DYNTZ, 25}, /* Asia/Kamchatka */
    {"pett", DT_DYNTZ, 25},  /* Asia/Kamchatka */
    {"pgt", DT_TZ, 36000},     {"pht", DT_TZ, 28800},
    {"pkst", DT_DTZ, 21600},   {"pkt", DT_TZ, 18000},
    {"pmdt", DT_DTZ, -7200},   {"pmst", DT_TZ, -10800},
    {"pont", DT_TZ, 39600},    {"pst", DT_TZ, -28800},
    {"pwt", DT_TZ, 32400},     {"pyst", DT_DTZ, -10800},
    {"pyt", DT_DYNTZ, 26}, /* America/Asuncion */
    {"ret", DT_TZ, 14400},     {"sadt", DT_DTZ, 37800},
    {"sast", DT_TZ, 7200},     {"sct", DT_TZ, 14400},
    {"sgt", DT_DYNTZ, 27}, /* Asia/Singapore */
    {"taht", DT_TZ, -36000},   {"tft", DT_TZ, 18000},
    {"tjt", DT_TZ, 18000},     {"tkt", DT_DYNTZ, 28}, /* Pacific/Fakaofo */
    {"tmt", DT_DYNTZ, 29},                            /* Asia/Ashgabat */
    {"tot", DT_TZ, 46800},     {"trut", DT_TZ, 36000},
    {"tvt", DT_TZ, 43200},     {"uct", DT_TZ, 0},
    {"ulast", DT_DTZ, 32400},  {"ulat", DT_DYNTZ, 30}, /* Asia/Ulaanbaatar */
    {"ut", DT_TZ, 0},          {"utc", DT_TZ, 0},
    {"uyst", DT_DTZ, -7200},   {"uyt", DT_TZ, -10800},
    {"uzst", DT_DTZ, 21600},   {"uzt", DT_TZ, 18000},
    {"vet", DT_DYNTZ, 31},   /* America/Caracas */
    {"vlast", DT_DYNTZ, 32}, /* Asia/Vladivostok */
    {"vlat", DT_DYNTZ, 32},  /* Asia/Vladivostok */
    {"volt", DT_DYNTZ, 33},  /* Europe/Volgograd */
    {"vut", DT_TZ, 39600},     {"wadt", DT_DTZ, 28800},
    {"wakt", DT_TZ, 43200},    {"wast", DT_TZ, 25200},
    {"wat", DT_TZ, 3600},      {"wdt", DT_DTZ, 32400},
    {"wet", DT_TZ, 0},         {"wetdst", DT_DTZ, 3600},
    {"wft", DT_TZ, 43200},     {"wgst", DT_DTZ, -7200},
    {"wgt", DT_TZ, -10800},    {"xjt", DT_TZ, 21600},
    {"yakst", DT_DYNTZ, 34}, /* Asia/Yakutsk */
    {"yakt", DT_DYNTZ, 34},  /* Asia/Yakutsk */
    {"yapt", DT_TZ, 36000},    {"yekst", DT_DTZ, 21600},
    {"yekt", DT_DYNTZ, 35}, /* Asia/Yekaterinburg */
    {"z", DT_TZ, 0},           {"zulu", DT_TZ, 0},
};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* datebsearch: binary search comparing at most DT_TOKMAXLEN characters. */
static const struct dt_tok *tok_search(const char *key, const struct dt_tok *base, int nel)
{
    const struct dt_tok *last = base + nel - 1;
    while (last >= base) {
        const struct dt_tok *pos = base + ((last - base) >> 1);
        int r = strncmp(key, pos->token, DT_TOKMAXLEN);
        if (r == 0)
            return pos;
        if (r < 0)
            last = pos - 1;
        else
            base = pos + 1;
    }
    return NULL;
}

const struct dt_tok *dt__abbrev_lookup(const char *lowtoken)
{
    return tok_search(lowtoken, abbrev_tab, NELEM(abbrev_tab));
}

const struct dt_tok *dt__abbrev_nth(int i)
{
    return i >= 0 && i < NELEM(abbrev_tab) ? &abbrev_tab[i] : NULL;
}

const struct dt_tok *dt__date_token(const char *lowtoken)
{
    return tok_search(lowtoken, date_tab, NELEM(date_tab));
}

const struct dt_tok *dt__delta_token(const char *lowtoken)
{
    return tok_search(lowtoken, delta_tab, NELEM(delta_tab));
}

const char *dt__abbrev_zone(const struct dt_tok *tok)
{
    if (tok->type != DT_DYNTZ || tok->value < 0 || tok->value >= NELEM(dyn_zones))
        return NULL;
    return dyn_zones[tok->value];
}

int dt__decode_special(const char *lowtoken, int *val)
{
    const struct dt_tok *t = dt__date_token(lowtoken);
    if (t == NULL) {
        *val = 0;
        return DT_UNKNOWN_FIELD;
    }
    *val = t->value;
    return t->type;
}

int dt__decode_units(const char *lowtoken, int *val)
{
    const struct dt_tok *t = dt__delta_token(lowtoken);
    if (t == NULL) {
        *val = 0;
        return DT_UNKNOWN_FIELD;
    }
    *val = t->value;
    return t->type;
}

int dt__decode_tz_abbrev(const char *lowtoken, int *offset, const struct sql_tz **tz)
{
    const struct dt_tok *t = dt__abbrev_lookup(lowtoken);
    *offset = 0;
    *tz = NULL;
    if (t == NULL)
        return DT_UNKNOWN_FIELD;
    if (t->type == DT_DYNTZ) {
        const char *zone = dt__abbrev_zone(t);
        *tz = zone ? dt__tz_find(zone) : NULL;
        if (*tz == NULL) /* zone missing from the tz database */
            return DT_UNKNOWN_FIELD;
        return DT_DYNTZ;
    }
    *offset = t->value;
    return t->type;
}

/* Tables must be sorted and tokens short enough for tok_search. */
static bool table_ok(const struct dt_tok *t, int n)
{
    for (int i = 0; i < n; i++) {
        if (strlen(t[i].token) > DT_TOKMAXLEN)
            return false;
        if (i > 0 && strcmp(t[i - 1].token, t[i].token) >= 0)
            return false;
    }
    return true;
}

bool dt__tables_ok(void)
{
    return table_ok(date_tab, NELEM(date_tab)) && table_ok(delta_tab, NELEM(delta_tab)) &&
           table_ok(abbrev_tab, NELEM(abbrev_tab));
}
