export PLAYGROUND_NOW=2026-12-01T10:30:00 CLUB_TIMEZONE=Europe/Amsterdam
t() { npx tsx .scratch/try.ts "$@" 2>&1 | grep -v "^U" ; echo ---; }
