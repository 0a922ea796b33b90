#!/usr/bin/perl
# perl_client.pl — Perl DBI with DBD::Pg (Debian's libdbd-pg-perl) running a
# workload that prints every result as text lines, so
# tests/cluster/test_perl.py can run it against ShardForge and against
# PostgreSQL 15 and compare the outputs.
#   perl perl_client.pl HOST PORT DBNAME
# DBD::Pg prepares server-side (named statements, described for their
# parameter types) and binds parameters as text, bytea by pg_type PG_BYTEA
# in binary; covered: placeholders (? and $n), types, NULLs, bytea,
# transactions and savepoints, errors with their SQLSTATE ($h->state),
# COPY FROM STDIN (pg_putcopydata), COPY TO STDOUT (pg_getcopydata),
# catalog methods (table_info, column_info, primary_key_info) and
# LISTEN/NOTIFY (pg_notifies).
# A line at column 0 starts a section; indented lines are its rows.
use strict;
use warnings;
use DBI qw(:sql_types);
use DBD::Pg qw(:pg_types);

my ($host, $port, $db) = @ARGV;
my $dsn = "dbi:Pg:dbname=$db;host=$host;port=$port;connect_timeout=10";
my $h = DBI->connect($dsn, 'shardforge', '',
                     { RaiseError => 0, PrintError => 0, AutoCommit => 1, pg_server_prepare => 1 })
  or die "connect: $DBI::errstr\n";

sub cell {
    my ($v) = @_;
    return 'NULL' unless defined $v;
    return '[' . join(', ', map { cell($_) } @$v) . ']' if ref $v eq 'ARRAY';
    $v =~ s/([\x00-\x1f\\\x7f-\xff])/sprintf('\\x%02x', ord $1)/ge;
    return $v;
}

sub err {
    my ($label, $o) = @_;
    my $msg = (split /\n/, ($o->errstr // ''))[0] // '';
    $msg =~ s/^ERROR:\s+//;
    print "$label ERROR ", $o->state, " $msg\n";
}

# Run a statement with parameters; print columns (name:pg_type) and rows.
sub query {
    my ($label, $sql, @args) = @_;
    my $s = $h->prepare($sql);
    unless ($s) {
        err($label, $h);
        return;
    }
    my $n = $s->execute(@args);
    unless (defined $n) {
        err($label, $s);
        return;
    }
    if ($s->{NUM_OF_FIELDS}) {
        my $types = $s->{pg_type};
        print "$label |", join('', map { " $s->{NAME}[$_]:$types->[$_]" } 0 .. $#$types), "\n";
        while (my $r = $s->fetchrow_arrayref) {
            print '  ', join(' | ', map { cell($_) } @$r), "\n";
        }
        err($label, $s) if $s->err;
    } else {
        print "$label rows $n\n";
    }
}

my $v = $h->selectrow_array('SHOW server_version');
print 'server major ', (split /\./, $v)[0], "\n";
print "  server version num ", ($h->{pg_server_version} >= 150000 && $h->{pg_server_version} < 160000 ? '15' : $h->{pg_server_version}), "\n";

query('create', 'CREATE TABLE pl_items (id serial PRIMARY KEY, i int NOT NULL, b bigint, n numeric(10,3),
   t text UNIQUE, ok boolean, raw bytea, d date, ts timestamptz, ia int[], ta text[], j json)');

my $ins = $h->prepare('INSERT INTO pl_items (i, b, n, t, ok, raw, d, ts, ia, ta, j)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id');
$ins->bind_param(6, undef, { pg_type => PG_BYTEA });
for my $k (1 .. 4) {
    my @a = $k == 4
      ? ($k, (undef) x 10)
      : ($k, 4000000000 * $k, "$k.125", "perl $k", $k % 2, "b\0y\xfft\\e$k", "2024-02-2$k",
         "2024-01-0$k 10:00:00+0$k", [$k, $k + 1], ["a $k", "q\"$k", undef], qq({"k": $k}));
    $ins->bind_param(6, $a[5], { pg_type => PG_BYTEA });
    my $n = $ins->execute(@a[0 .. 4], $a[5], @a[6 .. 10]);
    if (defined $n) {
        my ($id) = $ins->fetchrow_array;
        print "insert $k id $id\n";
    } else {
        err("insert $k", $ins);
    }
}
query('select', 'SELECT * FROM pl_items ORDER BY id');
query('select where', 'SELECT id, t, raw FROM pl_items WHERE i > ? AND t LIKE ? ORDER BY id', 1, 'perl%');
query('dollar params', 'SELECT $1::int + $2::int AS s, $3::text AS t, length($4::bytea) AS l', 40, 2, 'x', 'abc');
query('null params', 'SELECT ?::int IS NULL AS a, coalesce(?::text, \'dflt\') AS b', undef, undef);
{
    my $s = $h->prepare('SELECT raw FROM pl_items WHERE id = ?');
    $s->execute(1);
    my ($raw) = $s->fetchrow_array;
    print 'bytea roundtrip ', ($raw eq "b\0y\xfft\\e1" ? 'same' : 'differs: ' . cell($raw)), "\n";
}
{
    my $s = $h->prepare('SELECT i, t FROM pl_items WHERE i = ?');
    for my $k (1 .. 3) {
        $s->execute($k);
        my $r = $s->fetchall_arrayref;
        print "reexecute $k ", join(' ; ', map { join(',', map { cell($_) } @$_) } @$r), "\n";
    }
    my $pt = $s->{pg_prepare_name} ? 'named' : 'unnamed';
    print "  statement $pt\n";
}

# Transactions.
$h->begin_work;
query('tx insert', 'INSERT INTO pl_items (i, t) VALUES (?, ?)', 10, 'rolled back');
$h->rollback;
$h->begin_work;
query('tx insert', 'INSERT INTO pl_items (i, t) VALUES (?, ?)', 11, 'committed');
$h->pg_savepoint('s1');
query('tx dup', 'INSERT INTO pl_items (i, t) VALUES (?, ?)', 12, 'perl 1');
query('tx aborted', 'SELECT 1');
$h->pg_rollback_to('s1');
query('tx after rollback to', 'SELECT count(*) FROM pl_items WHERE i = 11');
$h->commit or err('commit', $h);
$h->{AutoCommit} = 0;
query('manual insert', 'INSERT INTO pl_items (i, t) VALUES (?, ?)', 13, 'manual');
query('manual error', 'SELECT 1/0');
$h->commit;
print 'commit after error ', ($h->err ? 'failed ' . $h->state : 'ok'), "\n";
$h->{AutoCommit} = 1;
query('after tx', 'SELECT i, t FROM pl_items WHERE i >= 10 ORDER BY i');

# Errors.
query('err unique', 'INSERT INTO pl_items (i, t) VALUES (?, ?)', 20, 'perl 2');
query('err not null', 'INSERT INTO pl_items (i) VALUES (?)', undef);
query('err syntax', 'SELEC 1');
query('err table', 'SELECT * FROM pl_missing WHERE a = ?', 1);
query('err param', 'SELECT ?::int', 'abc');
query('err overflow', 'SELECT ?::int * 1000000', 1000000);
query('err numeric', 'INSERT INTO pl_items (i, n) VALUES (30, ?)', '12345678');

# COPY FROM STDIN and COPY TO STDOUT.
query('create copy', 'CREATE TABLE pl_copy (id int, name text, amount numeric(8,2), at date)');
if ($h->do('COPY pl_copy FROM STDIN')) {
    for my $k (1 .. 100) {
        my $name = $k % 10 == 0 ? '\N' : "name\\t$k";
        $h->pg_putcopydata("$k\t$name\t" . ($k * 1.5) . "\t2024-01-" . sprintf('%02d', $k % 28 + 1) . "\n");
    }
    $h->pg_putcopyend or err('copy end', $h);
} else {
    err('copy from', $h);
}
query('copy check', 'SELECT count(*), count(name), sum(amount), max(at), max(name) FROM pl_copy');
if ($h->do('COPY (SELECT * FROM pl_copy WHERE id <= 3 OR id = 10 ORDER BY id) TO STDOUT')) {
    my $row;
    print "copy out\n";
    while ($h->pg_getcopydata($row) >= 0) {
        chomp $row;
        print '  ', cell($row), "\n";
    }
} else {
    err('copy to', $h);
}

# Catalog methods (DBI's table_info / column_info / primary_key_info).
{
    my $s = $h->table_info(undef, 'public', 'pl_%', 'TABLE');
    if ($s) {
        print "table_info\n";
        for my $r (@{ $s->fetchall_arrayref({}) }) {
            print "  $r->{TABLE_SCHEM}.$r->{TABLE_NAME} $r->{TABLE_TYPE}\n";
        }
    } else {
        err('table_info', $h);
    }
    $s = $h->column_info(undef, 'public', 'pl_items', undef);
    if ($s) {
        print "column_info\n";
        for my $r (@{ $s->fetchall_arrayref({}) }) {
            print "  $r->{ORDINAL_POSITION} $r->{COLUMN_NAME} $r->{TYPE_NAME} nullable=$r->{NULLABLE} ",
              cell($r->{COLUMN_DEF}), "\n";
        }
    } else {
        err('column_info', $h);
    }
    my @pk = $h->primary_key('', 'public', 'pl_items');
    print "primary_key @pk\n";
    # last_insert_id finds the column's sequence through the catalog.
    $h->do(q{INSERT INTO pl_items (i, t) VALUES (50, 'last id')});
    my $id = $h->last_insert_id(undef, 'public', 'pl_items', undef);
    print 'last_insert_id ', ($id // 'undef ' . ($h->state // '')), "\n";
    $h->do('CREATE TABLE pl_child (id int PRIMARY KEY, item int REFERENCES pl_items (id) ON DELETE CASCADE)')
      or err('create child', $h);
    $h->do('CREATE INDEX pl_items_d ON pl_items (d DESC, i)') or err('create index', $h);
    $s = $h->foreign_key_info(undef, 'public', 'pl_items', undef, 'public', 'pl_child');
    if ($s) {
        print "foreign_key_info\n";
        for my $r (@{ $s->fetchall_arrayref({}) }) {
            print "  $r->{UK_TABLE_NAME}.$r->{UK_COLUMN_NAME} <- $r->{FK_TABLE_NAME}.$r->{FK_COLUMN_NAME} "
              . "$r->{FK_NAME} delete=$r->{DELETE_RULE} update=$r->{UPDATE_RULE}\n";
        }
    } else {
        err('foreign_key_info', $h);
    }
    $s = $h->statistics_info(undef, 'public', 'pl_items', 0, 0);
    if ($s) {
        print "statistics_info\n";
        for my $r (@{ $s->fetchall_arrayref({}) }) {
            next unless defined $r->{INDEX_NAME};
            print "  $r->{INDEX_NAME} unique=", ($r->{NON_UNIQUE} ? 0 : 1), " $r->{ORDINAL_POSITION} ",
              cell($r->{COLUMN_NAME}), ' ', cell($r->{ASC_OR_DESC}), "\n";
        }
    } else {
        err('statistics_info', $h);
    }
    my @tables = $h->tables(undef, 'public', 'pl%', 'TABLE');
    print "tables @tables\n";
    print 'ping ', $h->ping, ' ', $h->pg_ping, "\n";
    print 'quote ', $h->quote("it's"), ' ', $h->quote_identifier('Mixed Case'), "\n";
}

# LISTEN / NOTIFY.
$h->do('LISTEN pl_chan') or err('listen', $h);
my $h2 = DBI->connect($dsn, 'shardforge', '', { RaiseError => 0, PrintError => 0, AutoCommit => 1 });
$h2->do(q{SELECT pg_notify('pl_chan', 'hello')}) or err('notify', $h2);
$h2->do(q{NOTIFY pl_chan, 'world'}) or err('notify 2', $h2);
$h2->disconnect;
my @notes;
for (1 .. 50) {
    $h->do('SELECT 1');
    while (my $n = $h->pg_notifies) {
        push @notes, "$n->[0] $n->[2]";
    }
    last if @notes >= 2;
    select(undef, undef, undef, 0.1);
}
print "notification $_\n" for @notes;
$_->finish for grep { defined && $_->{Active} } @{ $h->{ChildHandles} };
$h->disconnect;
