# Sourced by .ci scripts. `detached CMD...` runs CMD with stdin from /dev/null and every descriptor above 2 closed.
# Why: a server that CMD starts outlives the script; if it inherits the pipe of a caller's $(...) (or any other
# pipe the caller left open), the caller waits for ever for end of file. That hung CI once.
detached() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
        done
        exec "$@" </dev/null
    )
}
