#!/usr/bin/env bash
# Walks the integration API against the local demo (`scripts/run.sh` running):
# makes a key, pushes a sold car to the register and a repair order for it,
# reads them back, and finds both in the event feed. BASE and DATABASE_URL say where the demo is.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-http://127.0.0.1:3000}
SERVER=${SERVER:-target/release/server}
say() { printf '\n== %s\n' "$*"; }
need() { command -v "$1" >/dev/null || { echo "needs $1" >&2; exit 1; }; }
need curl
need python3

say "a key for the Shanghai dealer's DMS (shown once)"
KEY=$("$SERVER" api-key create --name "integration example" --scopes vehicles:write,vehicles:read,service:write,events:read --dealer SH01 | awk '{print $NF}' | tail -1)
echo "${KEY:0:9}…"
auth=(-H "Authorization: Bearer $KEY")

say "the events so far: remember where the feed ends"
AFTER=$(curl -fsS "${auth[@]}" "$BASE/api/v1/events?limit=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next"])')
while :; do
  NEXT=$(curl -fsS "${auth[@]}" "$BASE/api/v1/events?after=$AFTER&limit=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next"])')
  [ "$NEXT" = "$AFTER" ] && break
  AFTER=$NEXT
done
echo "after=$AFTER"

# A VIN of the demo's make with a random serial and its check digit.
VIN=$(python3 - <<'PY'
import random
values = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))),
          "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
body = "LMRXB7H40TZ" + "".join(random.choice("0123456789") for _ in range(6))
check = sum(values[c] * w for c, w in zip(body, weights)) % 11
print(body[:8] + ("X" if check == 10 else str(check)) + body[9:])
PY
)
TODAY=$(date -u +%F)

say "PUT /api/v1/vehicles/$VIN: sold today to a buyer with no account yet"
curl -fsS -X PUT "${auth[@]}" -H "Idempotency-Key: example-$VIN" -H "Content-Type: application/json" \
  -d "{\"model\":\"X7\",\"model_year\":2026,\"production_date\":\"$TODAY\",\"dealer\":\"SH01\",
       \"sale\":{\"date\":\"$TODAY\",\"buyer_mobile\":\"13912345678\"}}" \
  "$BASE/api/v1/vehicles/$VIN"
echo

say "the same PUT again with the same Idempotency-Key: the first answer, replayed"
curl -fsS -D - -o /dev/null -X PUT "${auth[@]}" -H "Idempotency-Key: example-$VIN" -H "Content-Type: application/json" \
  -d "{\"model\":\"X7\",\"model_year\":2026,\"production_date\":\"$TODAY\",\"dealer\":\"SH01\",
       \"sale\":{\"date\":\"$TODAY\",\"buyer_mobile\":\"13912345678\"}}" \
  "$BASE/api/v1/vehicles/$VIN" | grep -i '^idempotent-replayed'

say "GET /api/v1/vehicles/$VIN"
curl -fsS "${auth[@]}" "$BASE/api/v1/vehicles/$VIN"
echo

say "POST /api/v1/repair-orders: its first service, closed today"
curl -fsS -X POST "${auth[@]}" -H "Idempotency-Key: example-ro-$VIN" -H "Content-Type: application/json" \
  -d "{\"number\":\"RO-$VIN\",\"vin\":\"$VIN\",\"dealer\":\"SH01\",\"opened_on\":\"$TODAY\",\"closed_on\":\"$TODAY\",
       \"mileage_km\":1200,\"amount\":\"380.00\",\"maintenance\":true,
       \"lines\":[{\"kind\":\"labour\",\"description\":\"首次保养\",\"amount\":\"200\"},
                {\"kind\":\"part\",\"description\":\"机油滤清器\",\"part_number\":\"OF-123\",\"amount\":\"180\"}]}" \
  "$BASE/api/v1/repair-orders"
echo

say "GET /api/v1/events?after=$AFTER: the sale and the visit"
curl -fsS "${auth[@]}" "$BASE/api/v1/events?after=$AFTER" | python3 -c '
import json, sys
page = json.load(sys.stdin)
for event in page["events"]:
    print(event["id"], event["type"], event["subject"], json.dumps(event["data"]))
assert any(e["type"] == "vehicle_sold" and e["subject"].endswith(sys.argv[1]) for e in page["events"]), "the sale is in the feed"
assert any(e["type"] == "repair_order_closed" and e["data"]["vin"] == sys.argv[1] for e in page["events"]), "the visit is in the feed"
' "$VIN"
