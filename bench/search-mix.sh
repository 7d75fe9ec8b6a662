#!/usr/bin/env bash
# Search benchmark mix (issue #3): runs each query of a documented mix N times against a running
# Custodian and prints p50/p95/max latency per query (client-side, curl time_total, single page).
#   bench/search-mix.sh [BASE_URL] [N]     e.g. bench/search-mix.sh http://localhost:8080/fhir 30
# With security on (issue #5) every request needs a token: TOKEN=$(./custodian token --data DIR).
# The searches then run as the command line's full-access client through the protected gateway,
# with one audit event each, exactly as in production.
# Query values (a family name, an identifier, a patient with many resources) are read from the
# store first, so the mix works on any Synthea population.
set -euo pipefail
BASE="${1:-http://localhost:8080/fhir}"
N="${2:-30}"
AUTH=(-H "Authorization: Bearer ${TOKEN:-}")
j() { curl -sf "${AUTH[@]}" "$BASE/$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"; }

PATIENT=$(j "Patient?_count=1&_sort=-_lastUpdated" "d['entry'][0]['resource']['id']")
FAMILY=$(j "Patient/$PATIENT" "d['name'][0]['family']")
IDENT=$(j "Patient/$PATIENT" "[i['system']+'|'+i['value'] for i in d['identifier'] if 'system' in i][0]")
# The patient with the most Observations among a sample (for $everything).
BIG=$(curl -sf "${AUTH[@]}" "$BASE/Patient?_count=50&_elements=id" | python3 -c "
import json,sys,urllib.request
ids=[e['resource']['id'] for e in json.load(sys.stdin).get('entry',[])]
get=lambda u: json.load(urllib.request.urlopen(urllib.request.Request(u,headers={'Authorization':'Bearer ${TOKEN:-}'})))
best=max(ids,key=lambda i: get('$BASE/Observation?subject=Patient/'+i+'&_summary=count')['total'])
print(best)")
ENC=$(j "Encounter?subject=Patient/$PATIENT&_count=1" "d['entry'][0]['resource']['period']['start'][:7]")

queries=(
  "Patient?family=$FAMILY"
  "Patient?birthdate=ge1960-01-01&birthdate=lt1970-01-01&_count=20"
  "Patient?identifier=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$IDENT")"
  "Observation?subject=Patient/$BIG&code=http://loinc.org%7C8302-2&date=ge2000-01-01&_sort=-date"
  "Condition?code=http://snomed.info/sct%7C44054006&_count=20"
  "Encounter?date=$ENC&class=AMB&_count=20"
  "Observation?subject:Patient.family=$FAMILY&_count=20"
  "Encounter?subject=Patient/$PATIENT&_include=Encounter:subject&_count=20"
  "Patient?_id=$PATIENT&_revinclude=Encounter:subject&_count=50"
  "Observation?code=http://loinc.org%7C8302-2&_summary=count"
  "Patient/$BIG/\$everything?_count=1000"
)
printf '%-100s %8s %8s %8s\n' query p50_ms p95_ms max_ms
for q in "${queries[@]}"; do
  curl -sf "${AUTH[@]}" -o /dev/null "$BASE/$q" || { echo "FAILED: $q"; continue; }
  times=()
  for _ in $(seq 1 "$N"); do
    times+=("$(curl -sf "${AUTH[@]}" -o /dev/null -w '%{time_total}' "$BASE/$q")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v q="$q" '{t[NR]=$1*1000} END {
    p50=t[int((NR+1)*0.5)]; p95=t[int(NR*0.95+0.999)]; printf "%-100s %8.1f %8.1f %8.1f\n", substr(q,1,100), p50, p95, t[NR] }'
done
