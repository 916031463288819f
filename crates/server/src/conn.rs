//! Connections: the listener [`serve`](crate::serve) accepts on, the address each
//! connection was made to (for the Host and Origin checks of [`crate::guard`]), and JSON
//! bodies for the answers hyper gives by itself.
//!
//! hyper answers a request it cannot parse (a malformed request line or header: 400, a URI
//! over 64 KiB: 414, more than 100 headers or a head over its buffer: 431) before any
//! handler or middleware runs, with an empty body and no content type. [`Conn`] recognises
//! that answer on its way out (a 400/414/431 head with `content-length: 0` and no
//! `content-type`, which no handler of this server writes: every error of the router has a
//! JSON body) and writes the API's `{code, message}` answer with the security headers
//! instead.

use crate::error::{codes, ApiError};
use crate::guard;
use axum::extract::connect_info::Connected;
use axum::http::StatusCode;
use axum::serve::IncomingStream;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// The addresses of one connection, available to handlers and middleware as
/// `ConnectInfo<ConnAddrs>` when the router is served by [`crate::serve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnAddrs {
    /// The server's address the client connected to (with a listener on `0.0.0.0` or
    /// `[::]`, the address of the interface the connection came in on).
    pub local: SocketAddr,
    /// The client's address.
    pub remote: SocketAddr,
}

/// The listener of [`crate::serve`]: TCP connections wrapped in [`Conn`].
pub(crate) struct Listener(pub(crate) TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Conn<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok((stream, remote)) => match stream.local_addr() {
                    Ok(local) => return (Conn::new(stream, local), remote),
                    // The connection is gone already.
                    Err(_) => continue,
                },
                Err(e) => accept_error(e).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// As axum's own listener: errors of one connection are skipped; others (out of file
/// descriptors) are waited out.
async fn accept_error(e: io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    eprintln!("sitrep serve: cannot accept a connection: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

impl Connected<IncomingStream<'_, Listener>> for ConnAddrs {
    fn connect_info(stream: IncomingStream<'_, Listener>) -> Self {
        ConnAddrs {
            local: stream.io().local,
            remote: *stream.remote_addr(),
        }
    }
}

/// One connection: reads pass through; writes pass through except hyper's own error
/// answers, which are replaced by JSON ones.
pub(crate) struct Conn<T> {
    io: T,
    local: SocketAddr,
    /// A replacement answer and how much of it is written.
    pending: Option<(Vec<u8>, usize)>,
}

impl<T> Conn<T> {
    pub(crate) fn new(io: T, local: SocketAddr) -> Conn<T> {
        Conn {
            io,
            local,
            pending: None,
        }
    }
}

impl<T: AsyncWrite + Unpin> Conn<T> {
    /// Writes what is left of a replacement answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, done)) = &mut self.pending {
            if *done >= bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &bytes[*done..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *done += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Conn<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Conn<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.poll_pending(cx))?;
        match find_own_error(buf) {
            // Bytes before hyper's answer (the end of an earlier answer) go out first.
            Some(found) if found.start > 0 => {
                Pin::new(&mut this.io).poll_write(cx, &buf[..found.start])
            }
            Some(found) => {
                this.pending = Some((json_answer(found.status, found.date), 0));
                // Written on this call or by the next write, flush or shutdown.
                if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
                    return Poll::Ready(Err(e));
                }
                Poll::Ready(Ok(found.end))
            }
            None => Pin::new(&mut this.io).poll_write(cx, buf),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// hyper's own error answer found in bytes being written.
#[derive(Debug, PartialEq, Eq)]
struct OwnError<'a> {
    /// Where its head starts and ends (after the blank line).
    start: usize,
    end: usize,
    status: StatusCode,
    /// The value of its `date` header.
    date: Option<&'a [u8]>,
}

/// The status lines hyper writes for requests it cannot parse.
const OWN_ERRORS: [(&[u8], StatusCode); 3] = [
    (b"HTTP/1.1 400 Bad Request\r\n", StatusCode::BAD_REQUEST),
    (b"HTTP/1.1 414 URI Too Long\r\n", StatusCode::URI_TOO_LONG),
    (
        b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
    ),
];

/// Finds a 400/414/431 head with an empty body and no content type in `buf`.
fn find_own_error(buf: &[u8]) -> Option<OwnError<'_>> {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(buf.get(from..)?, b"HTTP/1.1 4") {
        let start = from + i;
        from = start + 1;
        let rest = &buf[start..];
        let Some(&(line, status)) = OWN_ERRORS.iter().find(|(l, _)| rest.starts_with(l)) else {
            continue;
        };
        let Some(len) = memchr::memmem::find(rest, b"\r\n\r\n") else {
            continue;
        };
        let mut empty = false;
        let mut typed = false;
        let mut date = None;
        for header in rest[line.len()..len].split(|&b| b == b'\n') {
            let header = header.strip_suffix(b"\r").unwrap_or(header);
            let Some(colon) = header.iter().position(|&b| b == b':') else {
                continue;
            };
            let (name, value) = (&header[..colon], header[colon + 1..].trim_ascii());
            if name.eq_ignore_ascii_case(b"content-length") {
                empty = value == b"0";
            } else if name.eq_ignore_ascii_case(b"content-type") {
                typed = true;
            } else if name.eq_ignore_ascii_case(b"date") {
                date = Some(value);
            }
        }
        if empty && !typed {
            return Some(OwnError {
                start,
                end: start + len + 4,
                status,
                date,
            });
        }
    }
    None
}

/// The JSON answer for a request hyper could not parse (the connection closes after it).
fn json_answer(status: StatusCode, date: Option<&[u8]>) -> Vec<u8> {
    let (code, message) = match status {
        StatusCode::URI_TOO_LONG => (
            codes::URI_TOO_LONG,
            "the request URI is longer than the server accepts (64 KiB)",
        ),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => (
            codes::HEADERS_TOO_LARGE,
            "the request has more headers (over 100) or larger ones than the server accepts",
        ),
        _ => (
            codes::BAD_REQUEST,
            "malformed HTTP request: the request line or a header is not valid HTTP/1.1",
        ),
    };
    let body = ApiError::new(status, code, message).json_body();
    let mut out = Vec::with_capacity(body.len() + 512);
    out.extend_from_slice(b"HTTP/1.1 ");
    out.extend_from_slice(status.as_str().as_bytes());
    out.push(b' ');
    out.extend_from_slice(status.canonical_reason().unwrap_or("Error").as_bytes());
    out.extend_from_slice(b"\r\nconnection: close\r\ncontent-type: application/json\r\n");
    out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    for (name, value) in guard::SECURITY_HEADERS {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if let Some(d) = date {
        out.extend_from_slice(b"date: ");
        out.extend_from_slice(d);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const HYPER_400: &[u8] = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 16:06:50 GMT\r\n\r\n";

    fn local() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 8080))
    }

    /// Writes `chunks` through a [`Conn`] (each chunk with one `write_all`, as hyper does
    /// with its buffer) and returns what reached the other end.
    async fn through(chunks: &[&[u8]], capacity: usize) -> Vec<u8> {
        let (a, mut b) = tokio::io::duplex(capacity);
        let chunks: Vec<Vec<u8>> = chunks.iter().map(|c| c.to_vec()).collect();
        let writer = tokio::spawn(async move {
            let mut conn = Conn::new(a, local());
            for c in chunks {
                conn.write_all(&c).await.expect("write");
            }
            conn.shutdown().await.expect("shutdown");
        });
        let mut out = Vec::new();
        b.read_to_end(&mut out).await.expect("read");
        writer.await.expect("writer");
        out
    }

    fn split(answer: &[u8]) -> (String, serde_json::Value) {
        let text = String::from_utf8_lossy(answer).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").expect("a head");
        let json = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {text}"));
        (head.to_string(), json)
    }

    #[tokio::test]
    async fn hyper_parse_errors_get_json_bodies() {
        for (status_line, code) in [
            (&b"HTTP/1.1 400 Bad Request"[..], "bad_request"),
            (b"HTTP/1.1 414 URI Too Long", "uri_too_long"),
            (
                b"HTTP/1.1 431 Request Header Fields Too Large",
                "headers_too_large",
            ),
        ] {
            let mut own = status_line.to_vec();
            own.extend_from_slice(b"\r\nconnection: close\r\ncontent-length: 0\r\ndate: D\r\n\r\n");
            // Even when the socket takes a few bytes at a time.
            for capacity in [7, 64 * 1024] {
                let out = through(&[&own], capacity).await;
                let (head, json) = split(&out);
                assert!(
                    head.starts_with(std::str::from_utf8(status_line).unwrap()),
                    "{head}"
                );
                assert!(
                    head.contains("\r\ncontent-type: application/json\r\n"),
                    "{head}"
                );
                assert!(
                    head.contains("\r\nx-content-type-options: nosniff\r\n"),
                    "{head}"
                );
                assert!(head.contains("\r\ncontent-security-policy: "), "{head}");
                assert!(head.contains("\r\nconnection: close\r\n"), "{head}");
                assert!(head.contains("\r\ndate: D"), "{head}");
                let body_len = out.len() - head.len() - 4;
                assert!(
                    head.contains(&format!("\r\ncontent-length: {body_len}\r\n")),
                    "{head}"
                );
                assert_eq!(json["code"], code);
                assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
            }
        }
    }

    #[tokio::test]
    async fn bytes_before_hyper_answer_are_kept() {
        let earlier = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
        let mut buf = earlier.to_vec();
        buf.extend_from_slice(HYPER_400);
        let out = through(&[&buf], 5).await;
        assert!(out.starts_with(earlier));
        let (head, json) = split(&out[earlier.len()..]);
        assert!(head.starts_with("HTTP/1.1 400 Bad Request"));
        assert_eq!(json["code"], "bad_request");
    }

    #[tokio::test]
    async fn other_answers_pass_unchanged() {
        let answers: [&[u8]; 4] = [
            // The router's own 400: a JSON body.
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            // A body that mentions an answer is not one (no blank line after it).
            b"HTTP/1.1 200 OK\r\ncontent-length: 26\r\n\r\nHTTP/1.1 400 Bad Request\r\n",
        ];
        for a in answers {
            assert_eq!(through(&[a], 64 * 1024).await, a);
        }
        // The head split across two writes is not recognised and passes as it is.
        let (one, two) = HYPER_400.split_at(30);
        assert_eq!(through(&[one, two], 64 * 1024).await, HYPER_400);
    }
}
