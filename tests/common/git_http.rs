//! A smart-HTTP git server on 127.0.0.1 for clone tests and the clone
//! benchmark: `git http-backend` behind a minimal CGI bridge. Each request
//! runs the backend once; responses stream back chunked, as a web server
//! would send them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Serves every repository under `root` at `http://127.0.0.1:PORT/NAME`;
/// returns the port. The server lives as long as the process.
pub fn serve(root: &Path) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = serve_connection(stream, &root);
            });
        }
    });
    port
}

/// `http://127.0.0.1:PORT/NAME` for the repository at `repo`, served from
/// its parent folder by a server of its own.
pub fn url_of(repo: &Path) -> String {
    let parent = repo.parent().expect("a repository inside a folder");
    let name = repo.file_name().expect("a named folder").to_string_lossy();
    format!("http://127.0.0.1:{}/{name}", serve(parent))
}

fn serve_connection(stream: TcpStream, root: &PathBuf) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let body = if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            read_chunked(&mut reader)?
        } else {
            let length: usize = header("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            reader.read_exact(&mut body)?;
            body
        };
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let mut backend = Command::new("git")
            .arg("http-backend")
            .env("GIT_PROJECT_ROOT", root)
            .env("GIT_HTTP_EXPORT_ALL", "1")
            .env("REQUEST_METHOD", method)
            .env("PATH_INFO", path)
            .env("QUERY_STRING", query)
            .env("CONTENT_TYPE", header("content-type").unwrap_or_default())
            .env("CONTENT_LENGTH", body.len().to_string())
            .env(
                "HTTP_CONTENT_ENCODING",
                header("content-encoding").unwrap_or_default(),
            )
            .env("GIT_PROTOCOL", header("git-protocol").unwrap_or_default())
            .env("REMOTE_ADDR", "127.0.0.1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut input = backend.stdin.take().expect("stdin");
        let feeder = std::thread::spawn(move || {
            let _ = input.write_all(&body);
        });
        let mut output = BufReader::new(backend.stdout.take().expect("stdout"));
        let mut status = "200 OK".to_string();
        let mut response_headers = String::new();
        loop {
            let mut line = String::new();
            if output.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            match line.split_once(':') {
                Some((name, value)) if name.eq_ignore_ascii_case("status") => {
                    status = value.trim().to_string();
                }
                _ => response_headers.push_str(&format!("{}\r\n", line.trim_end())),
            }
        }
        write!(
            writer,
            "HTTP/1.1 {status}\r\n{response_headers}Transfer-Encoding: chunked\r\n\r\n"
        )?;
        let mut buffer = vec![0u8; 256 * 1024];
        loop {
            let read = output.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            write!(writer, "{read:x}\r\n")?;
            writer.write_all(&buffer[..read])?;
            writer.write_all(b"\r\n")?;
        }
        writer.write_all(b"0\r\n\r\n")?;
        writer.flush()?;
        let _ = feeder.join();
        let _ = backend.wait();
    }
}

fn read_chunked(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line)?;
        let size = usize::from_str_radix(size_line.trim().split(';').next().unwrap_or("0"), 16)
            .unwrap_or(0);
        let mut chunk = vec![0; size + 2];
        if size == 0 {
            let mut trailer = String::new();
            reader.read_line(&mut trailer)?;
            return Ok(body);
        }
        reader.read_exact(&mut chunk)?;
        body.extend_from_slice(&chunk[..size]);
    }
}

/// A proxy in front of `port`. Once `passes` (never, at first) more
/// connections have gone through, it answers each new one with a body of
/// three bytes a second that never finishes: a server that holds a client as long as it
/// likes. Set it with `store(n, SeqCst)`.
pub fn stalling_proxy(port: u16) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let passes = std::sync::Arc::new(AtomicUsize::new(usize::MAX));
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let proxy_port = listener.local_addr().expect("addr").port();
    let left = std::sync::Arc::clone(&passes);
    std::thread::spawn(move || {
        for mut client in listener.incoming().flatten() {
            let passing = left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                    (n != usize::MAX).then(|| n.saturating_sub(1))
                })
                .unwrap_or(usize::MAX);
            if passing == 0 {
                std::thread::spawn(move || {
                    // Whole headers, then one long pkt-line, three bytes a
                    // second: fast enough for curl's low-speed limit.
                    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\nContent-Length: 100000000\r\n\r\nfff0";
                    if client.write_all(head.as_bytes()).is_err() {
                        return;
                    }
                    while client.write_all(b"a").is_ok() {
                        std::thread::sleep(std::time::Duration::from_millis(300));
                    }
                });
                continue;
            }
            let Ok(mut server) = TcpStream::connect(("127.0.0.1", port)) else {
                continue;
            };
            let (Ok(mut client_in), Ok(mut server_out)) = (client.try_clone(), server.try_clone())
            else {
                continue;
            };
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut client_in, &mut server_out);
                let _ = server_out.shutdown(std::net::Shutdown::Write);
            });
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut server, &mut client);
                let _ = client.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    (proxy_port, passes)
}

/// A server that asks every request for a password (401), to show that
/// nothing of the user's answers for an applicant's host.
pub fn password_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    port
}
