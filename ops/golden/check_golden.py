#!/usr/bin/env python3
"""Validate the golden conversations of ops/golden (stdlib only).

    python3 ops/golden/check_golden.py                  # every ops/golden/*.jsonl
    python3 ops/golden/check_golden.py FILE...          # only these files
    python3 ops/golden/check_golden.py --resolve NOW EXPR...
        # prints the date an es-AR expression means at NOW, e.g.
        # --resolve 2025-11-12T10:15:00-03:00 viernes "el 20" "3 de febrero" "jueves 8"

Checks, per line: valid JSON, required fields, intents and actions from golden-format.md, slots
well-formed and canonical, reply_contains only with the words the reply templates guarantee,
unique ids and phones across all files, no turn after a handoff (the assistant stays silent
until the conversation is released). Per file: at least 10 conversations. Overall: each intent
expected in at least 10 conversations.

It also replays every conversation's expectations against the demo workspace's rules (hours,
service durations, 15-minute grid, lead time, horizon, parallel chairs), starting from an empty
calendar: a turn that expects `book_appointment` must name a free slot, a turn that expects only
`check_availability` with a time must name a slot that is not free, a cancel or reschedule must
find (or, for "no encontre", not find) a booking. Cases on the edge of a rule (a service that
would run past closing, a lead time or horizon within a few minutes or days of the limit) are
rejected, so that a golden expectation never depends on how an edge is rounded.
"""
import argparse
import datetime as dt
import glob
import json
import os
import re
import sys
import unicodedata

WORKSPACE_ID = "550e8400-e29b-41d4-a716-446655440003"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_WORKSPACE = os.path.join(HERE, "..", "..", "schemas", "src", "main", "resources",
                                 "workspaces", "demo-salon.json")

FAMILIES = ["greeting", "info_hours", "info_price", "info_location", "book", "cancel",
            "reschedule", "goodbye", "human_handoff", "out_of_scope"]
INTENTS = set(FAMILIES)
MIN_PER_FAMILY = 10

# intent -> the action lists it may expect
ALLOWED_ACTIONS = {
    "greeting": [[]],
    "goodbye": [[]],
    "out_of_scope": [[]],
    "info_location": [[]],
    "info_hours": [["get_business_hours"]],
    "info_price": [["get_services"]],
    "book": [[], ["check_availability"], ["check_availability", "book_appointment"]],
    "cancel": [["cancel_appointment"]],
    "reschedule": [[], ["reschedule_appointment"]],
    "human_handoff": [["handoff_to_human"]],
}
# intent -> words the reply templates guarantee (price digits are checked separately)
ALLOWED_REPLY = {
    "greeting": {"hola"},
    "goodbye": {"gracias"},
    "out_of_scope": {"turnos"},
    "info_location": {"Corrientes 1234"},
    "info_hours": {"lunes"},
    "info_price": set(),
    "book": {"reservado", "no esta disponible", "cerrado"},
    "cancel": {"cancelado", "no encontre"},
    "reschedule": {"reprogramado"},
    "human_handoff": {"persona"},
}
SLOT_KEYS = {"service", "date", "time"}
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# margins that keep expectations away from the edges of the booking rules
LEAD_MARGIN_MIN = 15
HORIZON_MARGIN_DAYS = 5


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


# ---------------------------------------------------------------- es-AR date resolution
WEEKDAYS_ES = {"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5,
               "domingo": 6}
MONTHS_ES = {m: i + 1 for i, m in enumerate(
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
     "octubre", "noviembre", "diciembre"])}


def _day_month(today, day, month=None):
    """The date with that day (and month) that is today or later."""
    if month is None:
        y, m = today.year, today.month
        for _ in range(24):
            try:
                d = dt.date(y, m, day)
                if d >= today:
                    return d
            except ValueError:
                pass
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        raise ValueError("no such day: %d" % day)
    for y in (today.year, today.year + 1):
        d = dt.date(y, month, day)
        if d >= today:
            return d
    raise ValueError("unreachable")


def resolve_date(now, expr):
    """Resolve an es-AR date expression at `now` by the conventions of golden-format.md."""
    today = now.date()
    e = strip_accents(expr.lower()).strip()
    e = re.sub(r"^(el|para el|para|al)\s+", "", e)
    if e == "hoy":
        return today
    if e == "manana":
        return today + dt.timedelta(days=1)
    if e == "pasado manana":
        return today + dt.timedelta(days=2)
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", e)
    if m:
        return _day_month(today, int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(?:(\w+)\s+)?(\d{1,2})(?:\s+de\s+(\w+))?", e)
    if m and (m.group(1) is None or m.group(1) in WEEKDAYS_ES):
        month = MONTHS_ES[m.group(3)] if m.group(3) else None
        d = _day_month(today, int(m.group(2)), month)
        if m.group(1) is not None and d.weekday() != WEEKDAYS_ES[m.group(1)]:
            raise ValueError("%r: %s is not a %s" % (expr, d, m.group(1)))
        return d
    if e in WEEKDAYS_ES:
        ahead = (WEEKDAYS_ES[e] - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    raise ValueError("cannot resolve date expression %r" % expr)


# ---------------------------------------------------------------- the calendar replay
class Rules:
    def __init__(self, ws):
        self.hours = {day: [(_hm(a), _hm(b)) for a, b in ws["hours"].get(day, [])] for day in DAYS}
        self.services = {s["name"]: s for s in ws["services"]}
        b = ws["booking"]
        self.step = b["slot_step_minutes"]
        self.lead = b["min_lead_minutes"]
        self.horizon = b["horizon_days"]
        self.chairs = b["parallel_chairs"]


def _hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def slot_status(rules, now, bookings, service, date_s, time_s, ignore=None):
    """('free'|'taken'|'ambiguous', reason)."""
    date = dt.date.fromisoformat(date_s)
    start = _hm(time_s)
    dur = rules.services[service]["duration_minutes"]
    end = start + dur
    blocks = rules.hours[DAYS[date.weekday()]]
    if not blocks:
        return "taken", "closed day"
    days_ahead = (date - now.date()).days
    if days_ahead < 0:
        return "taken", "in the past"
    if abs(days_ahead - rules.horizon) <= HORIZON_MARGIN_DAYS:
        return "ambiguous", "date within %d days of the horizon" % HORIZON_MARGIN_DAYS
    if days_ahead > rules.horizon:
        return "taken", "beyond the horizon"
    if start % rules.step:
        return "ambiguous", "time off the %d-minute grid" % rules.step
    inside = [b for b in blocks if b[0] <= start < b[1]]
    if not inside:
        return "taken", "outside opening hours"
    if end > inside[0][1]:
        return "ambiguous", "%s would run past %02d:%02d" % (service, inside[0][1] // 60,
                                                            inside[0][1] % 60)
    start_dt = dt.datetime.combine(date, dt.time(start // 60, start % 60), now.tzinfo)
    lead = (start_dt - now).total_seconds() / 60
    if abs(lead - rules.lead) < LEAD_MARGIN_MIN:
        return "ambiguous", "lead time %d min is near the %d-min minimum" % (lead, rules.lead)
    if lead < rules.lead:
        return "taken", "inside the lead time (%d min)" % lead
    overlapping = [b for b in bookings if b is not ignore and b["date"] == date_s
                   and b["start"] < end and start < b["end"]]
    touching = [b for b in bookings if b is not ignore and b["date"] == date_s
                and (b["start"] == end or b["end"] == start)]
    if len(overlapping) >= rules.chairs:
        return "taken", "both chairs taken"
    if touching and len(overlapping) + len(touching) >= rules.chairs:
        return "ambiguous", "back-to-back with a booking when the chairs are otherwise full"
    return "free", ""


def replay(rules, conv, err):
    now = dt.datetime.fromisoformat(conv["now"])
    bookings = []
    for i, turn in enumerate(conv["turns"], 1):
        ex = turn["expect"]
        actions = ex.get("actions")
        slots = ex.get("slots") or {}
        replies = [strip_accents(r.lower()) for r in ex.get("reply_contains", [])]
        where = "turn %d" % i
        if actions is None:
            continue
        if "book_appointment" in actions or (actions == ["check_availability"] and "time" in slots):
            missing = SLOT_KEYS - set(slots)
            if missing:
                err("%s: a booking attempt must list every slot (missing %s)" % (where, sorted(missing)))
                continue
            status, why = slot_status(rules, now, bookings, slots["service"], slots["date"], slots["time"])
            if status == "ambiguous":
                err("%s: edge case, avoid it: %s" % (where, why))
            elif "book_appointment" in actions:
                if status != "free":
                    err("%s: expects a booking but the slot is not free (%s)" % (where, why))
                else:
                    start = _hm(slots["time"])
                    bookings.append({"date": slots["date"], "start": start,
                                     "end": start + rules.services[slots["service"]]["duration_minutes"],
                                     "service": slots["service"], "time": slots["time"]})
            elif status == "free":
                err("%s: expects no booking but %s %s %s is free"
                    % (where, slots["service"], slots["date"], slots["time"]))
            elif why == "closed day" and "no esta disponible" in replies:
                err("%s: on a closed day expect 'cerrado', not 'no esta disponible'" % where)
        elif actions == ["check_availability"] and "date" in slots:
            d = dt.date.fromisoformat(slots["date"])
            closed = not rules.hours[DAYS[d.weekday()]]
            if ("cerrado" in replies) != closed:
                err("%s: 'cerrado' must be expected exactly when the day is closed" % where)
        if "cancel_appointment" in actions:
            upcoming = sorted(bookings, key=lambda b: (b["date"], b["start"]))
            if upcoming:
                bookings.remove(upcoming[0])
                if "no encontre" in replies:
                    err("%s: expects nothing to cancel, but the conversation booked" % where)
            elif "cancelado" in replies:
                err("%s: expects a cancellation, but nothing was booked" % where)
        if "reschedule_appointment" in actions:
            if not bookings:
                err("%s: reschedule without a booking in the conversation" % where)
                continue
            if not {"date", "time"} <= set(slots):
                err("%s: a reschedule must list the new date and time" % where)
                continue
            b = sorted(bookings, key=lambda b: (b["date"], b["start"]))[0]
            status, why = slot_status(rules, now, bookings, b["service"], slots["date"], slots["time"], ignore=b)
            if status != "free":
                err("%s: the new slot is not cleanly free (%s)" % (where, why))
            b["date"], b["start"] = slots["date"], _hm(slots["time"])
            b["end"] = b["start"] + rules.services[b["service"]]["duration_minutes"]


# ---------------------------------------------------------------- field checks
def check_conversation(conv, rules, report):
    problems = []

    def err(msg):
        problems.append(msg)
        report(msg)

    for key in ("id", "workspace_id", "user_phone", "now", "turns"):
        if key not in conv:
            err("missing field %r" % key)
            return
    extra = set(conv) - {"id", "workspace_id", "user_phone", "now", "turns"}
    if extra:
        err("unknown fields %s" % sorted(extra))
    if not isinstance(conv["id"], str) or not re.fullmatch(r"[a-z_]+-\d{2,3}", conv["id"]):
        err("id %r should look like 'book-07'" % conv["id"])
    if conv["workspace_id"] != WORKSPACE_ID:
        err("workspace_id must be %s" % WORKSPACE_ID)
    if not re.fullmatch(r"\+[1-9]\d{7,14}", str(conv["user_phone"])):
        err("user_phone %r is not E.164" % conv["user_phone"])
    try:
        now = dt.datetime.fromisoformat(conv["now"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?-03:00", conv["now"]):
            err("now %r must be ISO-8601 with the -03:00 offset" % conv["now"])
    except (TypeError, ValueError):
        err("now %r is not ISO-8601" % conv["now"])
        return
    turns = conv["turns"]
    if not isinstance(turns, list) or not turns:
        err("turns must be a non-empty list")
        return
    for i, turn in enumerate(turns, 1):
        where = "turn %d" % i
        if i > 1 and isinstance(turns[i - 2], dict) \
                and (turns[i - 2].get("expect") or {}).get("intent") == "human_handoff":
            err("%s: after a handoff the assistant stays silent until released; end the conversation there" % where)
        if not isinstance(turn, dict) or set(turn) != {"user", "expect"}:
            err("%s: a turn has exactly 'user' and 'expect'" % where)
            continue
        if not isinstance(turn["user"], str) or not turn["user"].strip():
            err("%s: empty user message" % where)
        ex = turn["expect"]
        if not isinstance(ex, dict) or "intent" not in ex:
            err("%s: expect.intent is required" % where)
            continue
        extra = set(ex) - {"intent", "slots", "actions", "reply_contains"}
        if extra:
            err("%s: unknown expect fields %s" % (where, sorted(extra)))
        intent = ex["intent"]
        if intent not in INTENTS:
            err("%s: unknown intent %r" % (where, intent))
            continue
        slots = ex.get("slots", {})
        if not isinstance(slots, dict):
            err("%s: slots must be an object" % where)
            slots = {}
        for k, v in slots.items():
            if k not in SLOT_KEYS:
                err("%s: unknown slot %r" % (where, k))
            elif k == "service" and v not in rules.services:
                err("%s: service %r is not a catalog name" % (where, v))
            elif k == "date":
                try:
                    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                        raise ValueError
                    d = dt.date.fromisoformat(v)
                    if d < now.date():
                        err("%s: date %s is before now" % (where, v))
                except (TypeError, ValueError):
                    err("%s: date %r is not YYYY-MM-DD" % (where, v))
            elif k == "time":
                if not (isinstance(v, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v)):
                    err("%s: time %r is not HH:mm" % (where, v))
        if slots and intent not in ("book", "reschedule", "info_price"):
            err("%s: %s turns carry no slots" % (where, intent))
        if intent == "info_price" and set(slots) - {"service"}:
            err("%s: info_price only lists the service" % where)
        actions = ex.get("actions")
        if actions is not None:
            if actions not in ALLOWED_ACTIONS[intent]:
                err("%s: actions %s not allowed for %s" % (where, actions, intent))
            if intent == "book" and actions:
                if "service" not in slots or "date" not in slots:
                    err("%s: a book turn with tools must list service and date" % where)
                elif actions == ["check_availability", "book_appointment"] and "time" not in slots:
                    err("%s: booking without a time" % where)
            if intent == "book" and actions == [] and {"service", "date"} <= set(slots):
                err("%s: service and date are known, expect check_availability" % where)
            if intent == "reschedule" and actions == [] and {"date", "time"} <= set(slots):
                err("%s: new date and time are known, expect reschedule_appointment" % where)
        replies = ex.get("reply_contains")
        if replies is not None:
            if not isinstance(replies, list) or not replies:
                err("%s: reply_contains must be a non-empty list" % where)
                continue
            for r in replies:
                if intent == "info_price":
                    svc = rules.services.get(slots.get("service"))
                    if not svc or r != str(svc["price_min"]):
                        err("%s: info_price replies may only expect the named service's min price" % where)
                elif r not in ALLOWED_REPLY[intent]:
                    err("%s: reply_contains %r is not guaranteed for %s" % (where, r, intent))
    if not problems:  # the replay needs well-formed slots
        replay(rules, conv, err)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--workspace", default=DEFAULT_WORKSPACE)
    ap.add_argument("--resolve", nargs="+", metavar=("NOW", "EXPR"))
    args = ap.parse_args(argv)

    if args.resolve:
        now = dt.datetime.fromisoformat(args.resolve[0])
        for expr in args.resolve[1:]:
            d = resolve_date(now, expr)
            print("%-20s %s %s" % (expr, d.isoformat(), d.strftime("%A")))
        return 0

    with open(args.workspace, encoding="utf-8") as f:
        rules = Rules(json.load(f))
    files = args.files or sorted(glob.glob(os.path.join(HERE, "*.jsonl")))
    errors = []
    ids, phones = {}, {}
    per_file = {}
    convs_per_intent = {i: 0 for i in FAMILIES}
    turns_per_intent = {i: 0 for i in FAMILIES}
    n_turns = n_reply = 0
    for path in files:
        name = os.path.basename(path)
        per_file[name] = 0
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    errors.append("%s:%d: blank line" % (name, lineno))
                    continue
                try:
                    conv = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append("%s:%d: invalid JSON: %s" % (name, lineno, e))
                    continue
                if not isinstance(conv, dict):
                    errors.append("%s:%d: not an object" % (name, lineno))
                    continue
                cid = conv.get("id", "?")
                prefix = "%s:%d (%s)" % (name, lineno, cid)
                check_conversation(conv, rules, lambda m, p=prefix: errors.append("%s: %s" % (p, m)))
                per_file[name] += 1
                if cid in ids:
                    errors.append("%s: id already used at %s" % (prefix, ids[cid]))
                ids.setdefault(cid, prefix)
                phone = conv.get("user_phone")
                if phone in phones:
                    errors.append("%s: user_phone %s already used at %s" % (prefix, phone, phones[phone]))
                phones.setdefault(phone, prefix)
                seen = set()
                for t in conv.get("turns") or []:
                    intent = (t.get("expect") or {}).get("intent") if isinstance(t, dict) else None
                    if intent in INTENTS:
                        seen.add(intent)
                        turns_per_intent[intent] += 1
                    n_turns += 1
                    if isinstance(t, dict) and (t.get("expect") or {}).get("reply_contains"):
                        n_reply += 1
                for intent in seen:
                    convs_per_intent[intent] += 1

    if not args.files:
        for fam in FAMILIES:
            name = fam + ".jsonl"
            if per_file.get(name, 0) < MIN_PER_FAMILY:
                errors.append("%s: %d conversations, need at least %d" % (name, per_file.get(name, 0), MIN_PER_FAMILY))
        for intent, n in convs_per_intent.items():
            if n < MIN_PER_FAMILY:
                errors.append("intent %s is expected in %d conversations, need at least %d" % (intent, n, MIN_PER_FAMILY))

    print("%-22s %s" % ("file", "conversations"))
    for name, n in per_file.items():
        print("%-22s %d" % (name, n))
    print("\n%-22s %-14s %s" % ("intent", "conversations", "turns"))
    for intent in FAMILIES:
        print("%-22s %-14d %d" % (intent, convs_per_intent[intent], turns_per_intent[intent]))
    print("\n%d conversations, %d turns, %d with reply_contains" % (sum(per_file.values()), n_turns, n_reply))
    if errors:
        print("\n%d problem(s):" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
