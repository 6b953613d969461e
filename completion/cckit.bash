# bash completion for cckit(1)                            -*- shell-script -*-
#
# The commands and options are read from the cckit being completed
# ('cckit --help', 'cckit COMMAND --help', run at each TAB: a few
# milliseconds), so this file cannot drift from the program: an option line of a help text looks like
#   "  -o, --output FILE    ..." or "      --format text|json   ...".
# A value written as a|b|c completes to a, b or c; DIR to folders; any
# other value and the operands to files.  Needs nothing of the
# bash-completion package.

# _cckit_help_of PROG [COMMAND]: the help text (empty when it fails).
_cckit_help_of()
{
    if [[ -n ${2-} ]]; then
        "$1" "$2" --help 2>/dev/null
    else
        "$1" --help 2>/dev/null
    fi
}

# _cckit_commands PROG: the command names, from the "Commands:" list.
_cckit_commands()
{
    _cckit_help_of "$1" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# _cckit_options PROG COMMAND: one line per option, "--name ARG" (ARG
# empty for a flag), "-x" lines for the short spellings.
_cckit_options()
{
    _cckit_help_of "$1" "$2" | sed -n \
        -e 's/^ \{1,8\}\(-[a-zA-Z]\), \(--[a-z][a-z0-9-]*\)\( [^ ]\{1,\}\)\{0,1\}.*/\2\3\n\1\3/p' \
        -e 's/^ \{1,8\}\(--[a-z][a-z0-9-]*\)\( [^ ]\{1,\}\)\{0,1\}.*/\1\2/p'
}

_cckit()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local prog=${COMP_WORDS[0]}
    prog=${prog/#\~/$HOME}
    COMPREPLY=()

    if ((COMP_CWORD == 1)); then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W '--help --version' -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$(_cckit_commands "$prog")" -- "$cur")
        fi
        return 0
    fi

    local cmd=${COMP_WORDS[1]}
    if [[ $cmd == help ]]; then
        ((COMP_CWORD == 2)) &&
            mapfile -t COMPREPLY < <(compgen -W "$(_cckit_commands "$prog")" -- "$cur")
        return 0
    fi

    local opts
    opts=$(_cckit_options "$prog" "$cmd")
    [[ -n $opts ]] || return 0

    # The value of the option before the cursor.
    if [[ $prev == -* && $cur != -* ]]; then
        local line arg=
        while read -r line; do
            if [[ ${line%% *} == "$prev" && $line == *" "* ]]; then
                arg=${line#* }
                break
            fi
        done <<<"$opts"
        if [[ -n $arg ]]; then
            if [[ $arg == *'|'* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "${arg//|/ }" -- "$cur")
            elif [[ $arg == DIR ]]; then
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            elif [[ $arg == *FILE* || $arg == OUT* || $arg == *.imscc ]]; then
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            fi
            return 0
        fi
    fi

    if [[ $cur == -* ]]; then
        local names
        names=$(sed 's/ .*//' <<<"$opts")
        mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur")
        return 0
    fi
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return 0
}
complete -F _cckit cckit
