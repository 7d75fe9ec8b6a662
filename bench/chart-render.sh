#!/usr/bin/env bash
# Chart render benchmark (issue #6): signs in to the web workspace as a clinician (creating the
# user once, enrolling TOTP through the real pages), picks the patient whose record is closest to
# TARGET resources, then fetches that patient's chart page N times and prints p50/p95/max of the
# server round trip (curl time_total on localhost; the page is rendered fully server-side).
#   bench/chart-render.sh [ROOT_URL] [N] [TARGET] [DATA_DIR]
#   e.g. bench/chart-render.sh http://localhost:8080 50 2000 ./data
set -euo pipefail
ROOT="${1:-http://localhost:8080}"
N="${2:-50}"
TARGET="${3:-2000}"
DATA="${4:-./data}"
cd "$(dirname "$0")/.."
JAR=server/target/custodian.jar
USER_NAME=bench-chart
PASSWORD="bench-chart-$(hostname)-password"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The user, once (an existing user is fine).
printf '%s\n' "$PASSWORD" | java -jar "$JAR" users add "$USER_NAME" --role clinician --data "$DATA" >/dev/null 2>&1 || true
TOKEN=$(java -jar "$JAR" token --data "$DATA")

# The patient closest to TARGET resources among the first 100 (by $everything's total).
PATIENT=$(curl -sf -H "Authorization: Bearer $TOKEN" "$ROOT/fhir/Patient?_count=100&_elements=id" | python3 -c "
import json,sys,urllib.request
ids=[e['resource']['id'] for e in json.load(sys.stdin).get('entry',[])]
def size(i):
    r=urllib.request.Request('$ROOT/fhir/Patient/'+i+'/\$everything?_count=1',headers={'Authorization':'Bearer $TOKEN'})
    return json.load(urllib.request.urlopen(r)).get('total',0)
best=min(ids,key=lambda i: abs(size(i)-$TARGET))
print(best, size(best))")
set -- $PATIENT
echo "patient $1 with $2 resources in its compartment" >&2

# Sign in: password, then TOTP (enrolment shows the key; a later run keeps it in DATA).
KEYFILE="$DATA/secrets/bench-chart.totp"
JAR_COOKIES="$WORK/cookies"
csrf() { python3 -c "import re,sys; print(re.search(r'name=\"_csrf\" value=\"([^\"]+)\"', sys.stdin.read()).group(1))"; }
totp() { python3 -c "
import base64,hmac,hashlib,struct,time,sys
k=base64.b32decode(sys.argv[1]+'='*(-len(sys.argv[1])%8))
c=struct.pack('>Q',int(time.time())//30)
h=hmac.new(k,c,hashlib.sha1).digest(); o=h[-1]&15
print('%06d'%((struct.unpack('>I',h[o:o+4])[0]&0x7fffffff)%1000000))" "$1"; }
C=$(curl -sf -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$ROOT/login" | csrf)
curl -sf -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode "username=$USER_NAME" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "_csrf=$C" "$ROOT/login"
PAGE=$(curl -sf -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$ROOT/login/totp")
SECRET=$(printf '%s' "$PAGE" | python3 -c "import re,sys; m=re.search(r'id=\"totp-secret\">([A-Z2-7]+)<', sys.stdin.read()); print(m.group(1) if m else '')")
if [ -n "$SECRET" ]; then umask 077; printf '%s' "$SECRET" > "$KEYFILE"; fi
C=$(printf '%s' "$PAGE" | csrf)
curl -sf -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode "code=$(totp "$(cat "$KEYFILE")")" \
  --data-urlencode "_csrf=$C" "$ROOT/login/totp"

for i in 1 2 3; do curl -sf -o /dev/null -b "$JAR_COOKIES" "$ROOT/patients/$1"; done
for i in $(seq "$N"); do
  curl -sf -o /dev/null -b "$JAR_COOKIES" -w '%{time_total}\n' "$ROOT/patients/$1"
done | python3 -c "
import sys
t=sorted(float(x)*1000 for x in sys.stdin)
p=lambda q: t[min(len(t)-1,int(q*len(t)))]
print('chart of %s (%s resources): n=%d p50=%.0f ms p95=%.0f ms max=%.0f ms' % ('$1','$2',len(t),p(0.5),p(0.95),t[-1]))"
