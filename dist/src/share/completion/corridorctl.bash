# bash completion for corridorctl. Source it, or install it as /etc/bash_completion.d/corridorctl.
# Process and group names come from the server (`corridorctl status`), using the options already typed.

_corridorctl_names() {
    # $1: options (-c/-s/-u/-p/--hosts) already on the command line. With several servers, status has a host
    # column: offer host:name, host: and @all:name then.
    corridorctl $1 status 2>/dev/null | awk '{ if ($2 ~ /^(STOPPED|STARTING|RUNNING|BACKOFF|STOPPING|EXITED|FATAL|UNKNOWN)$/) { n = $1; h = "" } else if ($3 ~ /^(STOPPED|STARTING|RUNNING|BACKOFF|STOPPING|EXITED|FATAL|UNKNOWN)$/) { n = $2; h = $1 ":"; print h; print "@all:" n } else next; print h n; if (index(n, ":")) { split(n, p, ":"); print h p[1] ":*" } }' | sort -u
}

_corridorctl() {
    local cur prev words cword
    _init_completion 2>/dev/null || { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
    local commands="add avail clear exit fg help maintail open pid quit reload remove reread restart shutdown signal start status stop tail update version"

    case $prev in
        -c|--configuration|-r|--history-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -s|--serverurl|-u|--username|-p|--password|--timeout) return ;;
        --hosts) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac

    local i opts="" command="" index=0
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            -c|-s|-u|-p|-r|--configuration|--serverurl|--username|--password|--history-file|--hosts|--timeout)
                opts="$opts ${words[i]} ${words[i+1]}"; ((i++)) ;;
            -*) ;;
            *) command=${words[i]}; index=$i; break ;;
        esac
    done

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "-c -s -u -p -r -i -h --json --hosts --timeout --configuration --serverurl --username --password --interactive --help" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    case $command in
        help) COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
        start|stop|restart|status|pid|clear|fg) COMPREPLY=($(compgen -W "all $(_corridorctl_names "$opts")" -- "$cur")) ;;
        signal)
            if ((cword == index + 1)); then
                COMPREPLY=($(compgen -W "HUP INT QUIT KILL USR1 USR2 TERM CONT STOP" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "all $(_corridorctl_names "$opts")" -- "$cur"))
            fi ;;
        tail)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "-f -100 -1600" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "stdout stderr $(_corridorctl_names "$opts")" -- "$cur"))
            fi ;;
        maintail) COMPREPLY=($(compgen -W "-f -100 -1600" -- "$cur")) ;;
        add|remove|update)
            COMPREPLY=($(compgen -W "$( [[ $command == update ]] && echo all) $(corridorctl $opts avail 2>/dev/null | awk '{ split($1, p, ":"); print p[1] }' | sort -u)" -- "$cur")) ;;
    esac
}
complete -F _corridorctl corridorctl
