"""A local SMTP server that accepts every message and keeps only a count.

The deadline bench runs the task worker's e-mail delivery against it, so a notice costs
what it costs in production (a connection, the SMTP dialogue, the message sent) instead
of failing at once against a closed port. Enough of RFC 5321 for Django's SMTP backend:
EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT.
"""

import socketserver
import threading


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 bench SMTP sink")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-bench")
                self.reply("250 8BITMIME")
            elif verb == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                while (data := self.rfile.readline()) and data != b".\r\n":
                    pass
                with self.server.lock:
                    self.server.messages += 1
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


class SmtpSink(socketserver.ThreadingTCPServer):
    """`with SmtpSink() as sink:` serves on 127.0.0.1:`sink.port` in a thread; `messages`
    counts the messages received."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.port = self.server_address[1]
        self.messages = 0
        self.lock = threading.Lock()

    def __enter__(self) -> "SmtpSink":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
