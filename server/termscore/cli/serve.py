"""``termscore serve``: run the API, the task pane and the web page on this machine."""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import sys

from ..errors import InvalidRequestError
from . import EXIT_STATUS_HELP, HelpFormatter

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the web service for the Word add-in and the web page",
        description="Serve the API, the Word task pane and the web page. HTTPS by default, "
                    "with a local development CA created on first run, because Word loads "
                    "add-ins only over HTTPS. Documents are processed in memory and never "
                    "stored or logged.",
        epilog=EXIT_STATUS_HELP, formatter_class=HelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=port_number, default=3000,
                        help="TCP port to listen on (default: 3000, the port manifest.xml "
                             "is written for)")
    parser.add_argument("--http", action="store_true",
                        help="serve plain HTTP instead of HTTPS (the web page and tests; "
                             "Word refuses add-ins over HTTP)")
    parser.add_argument("--log-filenames", action="store_true",
                        help="include uploaded file names in the request log (default: off, "
                             "names can be confidential)")
    parser.add_argument("--config", metavar="FILE",
                        help="TOML or JSON settings file (overrides TERMSCORE_CONFIG); "
                             "TERMSCORE_* environment variables override the file")
    parser.add_argument("--public-origin", metavar="URL",
                        help="scheme://host:port written into /manifest.xml (default: the "
                             "address this server is reached at)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..server import create_app
    from ..server.logs import quiet_werkzeug_request_log

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet_werkzeug_request_log()
    # Checked before anything is printed, so a busy port never follows a "serving" line.
    check_port_free(args.host, args.port)
    overrides: dict[str, object] = {}
    if args.config:
        overrides["CONFIG_FILE"] = args.config
    if args.log_filenames:
        overrides["LOG_FILENAMES"] = True
    if args.public_origin:
        overrides["PUBLIC_ORIGIN"] = args.public_origin
    app = create_app(overrides)

    scheme = "http" if args.http else "https"
    loopback = args.host in LOOPBACK_HOSTS
    if not loopback:
        warn_public_listen(args, bool(app.config["API_TOKEN"]))
    ssl_context = None
    if not args.http:
        from ..server.certs import config_dir, ensure_certificates, trust_instructions

        paths, created = ensure_certificates(config_dir())
        ssl_context = (str(paths.cert), str(paths.key))
        if created:
            print(f"Created a local development CA in {paths.ca_cert.parent}.")
        shown_host = "localhost" if loopback else args.host
        print(trust_instructions(paths, server_url(scheme, shown_host, args.port)
                                 + "manifest.xml"))
    print(serving_message(scheme, args.host, args.port), flush=True)
    try:
        app.run(host=args.host, port=args.port, ssl_context=ssl_context, threaded=True,
                debug=False, use_reloader=False)
    except OSError as exc:
        raise listen_error(args.host, args.port, exc) from exc
    return 0


def check_port_free(host: str, port: int) -> None:
    """Raise ``InvalidRequestError`` when ``host:port`` cannot be bound, naming the fix.

    The probe sets SO_REUSEADDR as the HTTP server does, so a port left in TIME_WAIT by a
    stopped server counts as free while one another program listens on does not.
    NOTE: another program can still take the port between this check and the bind.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InvalidRequestError(
            f"cannot listen on {host}:{port}: the address does not resolve ({exc.strerror}); "
            "use an IP address of this machine with --host, such as 127.0.0.1") from exc
    family, kind, protocol, _name, address = infos[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise listen_error(host, port, exc) from exc


def listen_error(host: str, port: int, exc: OSError) -> InvalidRequestError:
    """Return the error for a failed bind, saying how to pick another port."""
    other_port = 3411 if port != 3411 else 3412
    advice = (f"pick another port with 'termscore serve --port {other_port}' "
           f"or 'make serve PORT={other_port}'")
    if exc.errno == errno.EADDRINUSE:
        return InvalidRequestError(
            f"cannot listen on {host}:{port}: Port {port} is in use by another program; "
            f"stop that program, or {advice}")
    return InvalidRequestError(
        f"cannot listen on {host}:{port}: {exc.strerror or exc}; {advice}, "
        "or a port above 1023 if this one needs administrator rights")


def server_url(scheme: str, host: str, port: int) -> str:
    """Return the base URL for ``host``, with an IPv6 address in brackets (RFC 3986, 3.2.2)."""
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{port}/"


def serving_message(scheme: str, host: str, port: int) -> str:
    """Return the start-up line with the address actually listened on.

    Over HTTPS on a loopback address the line leads with ``localhost``, because the
    development certificate and the manifest Word loads use that name.
    """
    bound = server_url(scheme, host, port)
    if scheme == "https" and host in LOOPBACK_HOSTS and host != "localhost":
        return (f"TermScore is serving on {server_url(scheme, 'localhost', port)} "
                f"(listening on {bound}; Word and the certificate use localhost)  "
                "(press Ctrl+C to stop)")
    return f"TermScore is serving on {bound}  (press Ctrl+C to stop)"


def warn_public_listen(args: argparse.Namespace, has_token: bool) -> None:
    """Warn on stderr about the risks of listening beyond this machine."""
    if not has_token:
        print(f"Warning: listening on {args.host} without TERMSCORE_API_TOKEN, so anyone who "
              "can reach this port can send documents. Set a token for shared use.",
              file=sys.stderr)
    if not args.http:
        print("Warning: the development certificate covers localhost and 127.0.0.1 only. "
              "Other machines will reject it; put a TLS proxy with a real certificate in "
              "front, or use --http behind one.", file=sys.stderr)


def port_number(text: str) -> int:
    """Parse a TCP port for argparse: a whole number from 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}; use a number from 1 to 65535")
    return port

