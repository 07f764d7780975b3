#!/bin/sh
# The image's entry point: the first argument chooses the process (see the Dockerfile).
# `exec` keeps the Python process as PID 1, so SIGTERM reaches uvicorn and the service
# finishes the batch in hand before it exits.
set -eu

case "${1:-}" in
  registry|review|warning|notify)
    name=$1
    shift
    exec lianfang serve "$name" "$@"
    ;;
  init)
    shift
    exec lianfang init "$@"
    ;;
  serve|token)
    exec lianfang "$@"
    ;;
  "")
    echo "usage: registry | review | warning | notify | init | token ... | <command>" >&2
    exit 64
    ;;
  *)
    exec "$@"
    ;;
esac
