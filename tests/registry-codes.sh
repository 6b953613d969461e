#!/bin/sh
# registry-codes.sh - hint texts live only in the rule registry, and every
# diagnostic code the library emits has a row there.
#  1. every code-shaped string literal ("family.name", family one of the
#     registry's) in src/lib/{base,xml,import,tree,content,validate,export}
#     is a code that `cckit rules` lists;
#  2. no call of cckit_diags_add there passes a string literal as the
#     hint (7th argument): hints come from a registry row.
#  3. `cckit rules` lists pack's, the outline reader's and the internal
#     codes (their table is joined in above validate).
srcdir=${CCKIT_SRCDIR:-$(dirname "$0")/..}
: "${CCKIT:=./cckit}"
command -v perl >/dev/null 2>&1 || { echo "SKIP: no perl"; exit 77; }
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
"$CCKIT" rules --format json > "$T/rules.json" || { echo "cckit rules failed" >&2; exit 99; }
dirs=""
for d in base xml import tree content validate export; do dirs="$dirs $srcdir/src/lib/$d"; done
perl -e '
    my ($rules, @files) = @ARGV;
    open my $fh, "<", $rules or die "$rules: $!";
    my %code; my %family;
    while (<$fh>) {
        while (/"code":\s*"([^"]+)"/g) { $code{$1} = 1; $family{(split /\./, $1)[0]} = 1; }
    }
    die "no codes in $rules\n" unless %code > 100;
    my $fail = 0; my $seen = 0;
    for my $f (@files) {
        open my $in, "<", $f or die "$f: $!";
        local $/; my $s = <$in>;
        $s =~ s{/\*.*?\*/}{ }gs;              # comments
        while ($s =~ /"([a-z]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)"/g) {
            my ($fam, $name) = ($1, $2);
            next unless $family{$fam};
            next if $name =~ /^(xml|xsl|xsd|html?|json|ya?ml|imscc|zip|css|js|txt)$/;
            $seen++;
            unless ($code{"$fam.$name"}) { print STDERR "$f: code $fam.$name has no registry row\n"; $fail = 1; }
        }
        # cckit_diags_add( d, sev, code, rule, file, line, HINT, fmt, ...)
        while ($s =~ /\bcckit_diags_add\s*\(/g) {
            my $p = pos($s); my $depth = 1; my @args = (""); my $instr = 0;
            for (my $i = $p; $i < length($s) && $depth; $i++) {
                my $c = substr($s, $i, 1);
                if ($instr) { $args[-1] .= $c; $instr = 0 if $c eq "\"" && substr($s, $i - 1, 1) ne "\\"; next; }
                if ($c eq "\"") { $instr = 1; $args[-1] .= $c; next; }
                $depth++ if $c eq "("; $depth-- if $c eq ")";
                last unless $depth;
                if ($c eq "," && $depth == 1) { push @args, ""; next; }
                $args[-1] .= $c;
            }
            next if @args < 8;                 # the declaration
            if ($args[6] =~ /"/) {
                (my $h = $args[6]) =~ s/\s+/ /g;
                print STDERR "$f: a hint written outside the registry:$h\n"; $fail = 1;
            }
        }
    }
    die "no codes found in the sources\n" unless $seen > 50;
    for my $c (qw(pack.missing-dependency pack.hidden-skipped outline.not-a-list internal.unregistered-code)) {
        unless ($code{$c}) { print STDERR "cckit rules does not list $c\n"; $fail = 1; }
    }
    print "checked $seen code literals\n";
    exit $fail;
' "$T/rules.json" $(find $dirs -name '*.c' | sort)
