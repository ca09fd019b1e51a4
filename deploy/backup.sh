#!/bin/sh
# Back up the portal's PostgreSQL database: backup.sh FOLDER [KEEP]
# Writes FOLDER/portal-YYYYmmddTHHMMSSZ.dump (pg_dump's custom format, readable by its
# owner only), checks that pg_restore can read it back, then keeps the newest KEEP
# (default 14). Reads the connection from PGHOST/PGPORT/PGUSER/PGDATABASE/PGPASSWORD.
set -eu
folder=${1:?usage: backup.sh FOLDER [KEEP]}
keep=${2:-14}
umask 077
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$folder/portal-$stamp.dump"
pg_dump --format=custom --file="$file.part" --no-password
pg_restore --list "$file.part" >/dev/null   # a dump that cannot be read is no backup
mv "$file.part" "$file"
echo "Backed up to $file ($(wc -c <"$file") bytes)"
ls -1t "$folder"/portal-*.dump | tail -n +$((keep + 1)) | while read -r old; do
    rm -f -- "$old"
    echo "Removed $old"
done
