#!/bin/sh
# `banli search` against `fzf --filter`, both as whole processes, on the same 100k-item
# generated ledger (issue 5). Needs a release build, sqlite3, fzf and hyperfine:
#   cargo build --release && sh benches/compare_fzf.sh [ITEMS]
set -eu
items=${1:-100000}
dir=target/bench-data
db=$dir/gen-$items.db
lines=$dir/lines-$items.txt
banli=target/release/banli
mkdir -p "$dir"
[ -f "$db" ] || "$banli" gen --items "$items" --db "$db"
# The same fields the search matches and shows, one line per item.
sqlite3 "$db" "SELECT number||' '||title||' '||lead_name||' '||units_label FROM item" > "$lines"
for q in 老旧 营商环境 马均 25; do
    hyperfine -N --warmup 3 --runs 20 --export-markdown "$dir/fzf-$q.md" \
        "$banli search $q --db $db --limit 50" \
        "sh -c 'fzf --filter $q < $lines > /dev/null'"
done
