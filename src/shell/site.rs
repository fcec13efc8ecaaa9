//! Embedding by URL (native only): what a course's docs need to turn a page's address into an
//! embed. Every page, every preset of its gallery and its guided tour has a *card*: Open Graph
//! and Twitter player tags in its head, an oEmbed answer (`type: rich`, an iframe of the page
//! in embed mode) that the head points to with `<link rel="alternate"
//! type="application/json+oembed">`, and a preview image. A preset's card lives at
//! `<page>s/<id>/` and the tour's at `<page>tour/`: small pages that send a reader on to the
//! scenario, so each has an address of its own to paste into GitBook, Notion or Moodle.
//!
//! `archsim site` writes the cards into a built `dist/` for the address the site will be
//! served at; `archsim serve` serves `dist/` and writes them for the address it is reached at,
//! and answers `/oembed?url=` for any scenario link on it (a fragment included).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::lesson::Entry;

/// The size of the iframe an oEmbed answer proposes (a consumer may ask for less).
pub const EMBED: (u32, u32) = (800, 760);
/// The preview image's size (Open Graph's usual 1.91 : 1).
pub const PREVIEW: (u32, u32) = (1200, 630);
/// Where a card's head tags sit in its page, so writing them again replaces them.
const OPEN: &str = "<!--embed-->";
const CLOSE: &str = "<!--/embed-->";

/// One embeddable address.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// Its page, relative to the site: `timing/`, `timing/s/skewed/`, `timing/tour/`.
    pub path: String,
    /// What the embed shows, relative to the site: `timing/?embed=1#l=timing&…`.
    pub target: String,
    /// What a reader is sent on to from a preset's or a tour's page, relative to that page.
    pub onward: Option<String>,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub description: String,
}

impl Card {
    /// Its oEmbed answer, for a site at `site` (ending in `/`), in at most `max` pixels.
    pub fn oembed(&self, site: &str, max: (Option<u32>, Option<u32>)) -> serde_json::Value {
        // (A consumer's maximum, never below a readable size: the embed fits down to 320×240.)
        let w = max.0.map_or(EMBED.0, |m| m.clamp(320, EMBED.0));
        let h = max.1.map_or(EMBED.1, |m| m.clamp(240, EMBED.1));
        let iframe = format!(
            "<iframe src=\"{}\" width=\"{w}\" height=\"{h}\" title=\"{}\" style=\"border:0\" \
             loading=\"lazy\" allowfullscreen></iframe>",
            attr(&format!("{site}{}", self.target)),
            attr(&self.title),
        );
        serde_json::json!({
            "version": "1.0",
            "type": "rich",
            "title": self.title,
            "provider_name": "archsim",
            "provider_url": site,
            "html": iframe,
            "width": w,
            "height": h,
            "thumbnail_url": format!("{site}{}preview.png", self.path),
            "thumbnail_width": PREVIEW.0,
            "thumbnail_height": PREVIEW.1,
        })
    }

    /// Its head tags, for a site at `site`; `oembed` is where its oEmbed answer is.
    pub fn head(&self, site: &str, oembed: &str) -> String {
        let (title, description) = (attr(&self.title), attr(&self.description));
        let page = attr(&format!("{site}{}", self.path));
        let image = attr(&format!("{site}{}preview.png", self.path));
        let player = attr(&format!("{site}{}", self.target));
        let (w, h) = EMBED;
        let tags = [
            ("property", "og:type", "website".to_string()),
            ("property", "og:title", title.clone()),
            ("property", "og:description", description),
            ("property", "og:url", page),
            ("property", "og:image", image),
            // (Twitter reads the title, description and image from the og: tags.)
            ("name", "twitter:card", "player".to_string()),
            ("name", "twitter:player", player),
            ("name", "twitter:player:width", w.to_string()),
            ("name", "twitter:player:height", h.to_string()),
        ];
        let mut head = format!(
            "{OPEN}<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{}\">",
            attr(oembed)
        );
        for (kind, key, value) in tags {
            head += &format!("<meta {kind}=\"{key}\" content=\"{value}\">");
        }
        head + CLOSE
    }

    /// The page of a preset's or a tour's card: its tags, then on to the scenario.
    fn page(&self, head: &str) -> String {
        let onward = attr(self.onward.as_deref().unwrap_or("./"));
        format!(
            "<!doctype html><html lang=en><meta charset=utf-8>\
             <meta name=viewport content=\"width=device-width,initial-scale=1\">\
             <meta http-equiv=Content-Security-Policy content=\"default-src 'self'\">\
             <title>{title}</title><meta name=description content=\"{description}\">\
             <meta http-equiv=refresh content=\"0; url={onward}\">{head}</head>\
             <body><p><a href=\"{onward}\">{title}</a></p><p>{description}</p></body></html>\n",
            title = attr(&self.title),
            description = attr(&self.description),
        )
    }
}

/// Escapes text for an HTML attribute or element.
fn attr(s: &str) -> String {
    crate::shell::text::escape_html(s)
}

/// Undoes [`attr`] (and the entities an HTML minifier writes).
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What a built page says of itself: its `<title>` and its description.
pub fn title_and_description(html: &str) -> Option<(String, String)> {
    let title = between(html, "<title>", "</title>")?;
    let description = html
        .split("<meta ")
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        .find(|t| t.contains("name=description") || t.contains("name=\"description\""))
        .and_then(|t| between(t, "content=\"", "\""))?;
    Some((unescape(title), unescape(description)))
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let len = s[start..].find(close)?;
    Some(&s[start..start + len])
}

/// The cards of lesson `l`, whose page says `title` and `description`; `tour` is its tour's
/// title, when it ships one.
pub fn cards(l: &dyn Entry, title: &str, description: &str, tour: Option<&str>) -> Vec<Card> {
    let page = l.page();
    let mut cards = vec![Card {
        path: page.to_string(),
        target: format!("{page}?embed=1"),
        onward: None,
        title: title.to_string(),
        description: description.to_string(),
    }];
    for p in l.gallery() {
        cards.push(Card {
            path: format!("{page}s/{}/", p.id),
            target: format!("{page}?embed=1#{}", p.scenario),
            onward: Some(format!("../../#{}", p.scenario)),
            title: format!("{} ({title})", p.title),
            description: p.watch.to_string(),
        });
    }
    if let Some(tour) = tour {
        cards.push(Card {
            path: format!("{page}tour/"),
            target: format!("{page}?embed=1&tour=1"),
            onward: Some("../?tour=1".into()),
            title: format!("{tour}: a guided tour ({title})"),
            description: format!(
                "A guided tour, every sentence checked against the running model. {description}"
            ),
        });
    }
    cards
}

/// Every lesson's cards, from the pages and tours built into `dist`.
pub fn site_cards(dist: &Path, lessons: &[&dyn Entry]) -> Result<Vec<Card>, String> {
    let mut all = Vec::new();
    for l in lessons {
        let dir = dist.join(l.page());
        let index = dir.join("index.html");
        let html = fs::read_to_string(&index).map_err(|e| {
            format!(
                "cannot read {}: {e} (run `make dist` first)",
                index.display()
            )
        })?;
        let (title, description) = title_and_description(&html)
            .ok_or_else(|| format!("{} has no <title> or description", index.display()))?;
        let tour = fs::read_to_string(dir.join(format!("{}.json", l.name())))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|t| t.get("title")?.as_str().map(str::to_string));
        all.extend(cards(*l, &title, &description, tour.as_deref()));
    }
    Ok(all)
}

/// `html` with its card's tags replaced by (or given) `head`.
pub fn with_head(html: &str, head: &str) -> String {
    if let (Some(a), Some(b)) = (html.find(OPEN), html.find(CLOSE))
        && a < b
    {
        return format!("{}{head}{}", &html[..a], &html[b + CLOSE.len()..]);
    }
    match html.find("</head>") {
        Some(i) => format!("{}{head}{}", &html[..i], &html[i..]),
        None => match html.find("<body") {
            Some(i) => format!("{}{head}{}", &html[..i], &html[i..]),
            None => format!("{head}{html}"),
        },
    }
}

/// Writes every card into `dist` for a site at `site`: tags into each page, an `oembed.json`
/// beside it, and a page for each preset and tour. Returns how many cards.
pub fn write(dist: &Path, site: &str, lessons: &[&dyn Entry]) -> Result<usize, String> {
    let site = site_url(site)?;
    let cards = site_cards(dist, lessons)?;
    let io = |p: &Path, e: io::Error| format!("cannot write {}: {e}", p.display());
    for c in &cards {
        let dir = dist.join(&c.path);
        fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        let head = c.head(&site, &format!("{site}{}oembed.json", c.path));
        let index = dir.join("index.html");
        let html = match c.onward {
            None => with_head(
                &fs::read_to_string(&index).map_err(|e| io(&index, e))?,
                &head,
            ),
            Some(_) => c.page(&head),
        };
        fs::write(&index, html).map_err(|e| io(&index, e))?;
        let json = dir.join("oembed.json");
        let answer = c.oembed(&site, (None, None)).to_string();
        fs::write(&json, answer).map_err(|e| io(&json, e))?;
    }
    Ok(cards.len())
}

/// A site's address as the cards use it: `http(s)://…`, ending in `/`.
pub fn site_url(s: &str) -> Result<String, String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| format!("the site's address must start with http:// or https://: {s}"))?;
    if rest.is_empty() || rest.starts_with('/') || s.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!("not a site's address: {s}"));
    }
    Ok(if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    })
}

/// What `/oembed?url=…` answers for `url` on a site at `site`: the card of the address, or of
/// the page it opens with its own scenario (its fragment and its `?tour=1` kept); none when the
/// address is not one of the site's pages.
pub fn card_for(cards: &[Card], site: &str, url: &str) -> Option<Card> {
    let rest = url.strip_prefix(site).or_else(|| {
        // The site's own address without its last slash is its first page.
        (url == site.trim_end_matches('/')).then_some("")
    })?;
    let split = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, tail) = rest.split_at(split);
    let path = path.strip_suffix("index.html").unwrap_or(path);
    // (A page's address without its last slash, which the server redirects, is that page.)
    let slashed = format!("{path}/");
    let card = cards
        .iter()
        .find(|c| c.path == path)
        .or_else(|| cards.iter().find(|c| !path.is_empty() && c.path == slashed))?;
    let path = card.path.as_str();
    if card.onward.is_some() {
        return Some(card.clone());
    }
    let (query, fragment) = match tail.find('#') {
        Some(i) => (&tail[..i], &tail[i + 1..]),
        None => (tail, ""),
    };
    let tour = query
        .trim_start_matches('?')
        .split('&')
        .any(|kv| kv == "tour=1" || kv == "tour=true");
    let mut own = card.clone();
    own.target = format!(
        "{path}?embed=1{}{}",
        if tour { "&tour=1" } else { "" },
        if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        }
    );
    Some(own)
}

/// `archsim site` and `archsim serve`.
pub fn main(argv: &[String], lessons: &[&dyn Entry]) -> std::process::ExitCode {
    use std::process::ExitCode;
    let usage = "usage: archsim site [--dist DIR] --url https://your.host/path/\n       \
                 archsim serve [--dist DIR] [--port N] [--bind ADDR] [--url https://public.address/]";
    let Some(command) = argv.first().map(String::as_str) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let mut flags = super::cli::Flags::new(&argv[1..]);
    let (mut dist, mut url, mut port, mut bind) = (
        PathBuf::from("dist"),
        None::<String>,
        8080u16,
        "127.0.0.1".to_string(),
    );
    while let Some(flag) = flags.next_flag() {
        let read = match flag {
            "--dist" => flags.value(flag).map(|v| dist = v.into()),
            "--url" => flags.value(flag).map(|v| url = Some(v.into())),
            "--port" => flags.number(flag).map(|v| port = v),
            "--bind" => flags.value(flag).map(|v| bind = v.into()),
            "--help" | "-h" => {
                println!("{usage}");
                return ExitCode::SUCCESS;
            }
            _ => Err(format!("unknown flag {flag}")),
        };
        if let Err(e) = read {
            eprintln!("archsim {command}: {e}\n{usage}");
            return ExitCode::from(2);
        }
    }
    let done = match command {
        "site" => match url {
            None => Err("--url is needed: the address the site will be served at".into()),
            Some(url) => write(&dist, &url, lessons).map(|n| {
                println!("archsim site: {n} cards in {} for {url}", dist.display());
            }),
        },
        "serve" => serve(&dist, &format!("{bind}:{port}"), url.as_deref(), lessons),
        _ => Err(format!("unknown command {command}")),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("archsim {command}: {e}");
            ExitCode::from(2)
        }
    }
}

/// Serves `dist` at `addr` until stopped. Each card's page gets its tags for the address the
/// request came to (or `public`), and `/oembed?url=` answers for any scenario link.
pub fn serve(
    dist: &Path,
    addr: &str,
    public: Option<&str>,
    lessons: &[&dyn Entry],
) -> Result<(), String> {
    let cards = site_cards(dist, lessons)?;
    let public = public.map(site_url).transpose()?;
    let server =
        tiny_http::Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let shown = server
        .server_addr()
        .to_ip()
        .map_or_else(|| addr.to_string(), |a| a.to_string());
    println!(
        "archsim: serving {} on http://{shown}/ (Ctrl-C to stop)",
        dist.display()
    );
    for request in server.incoming_requests() {
        // The address the request came to, if it is one (a name or an address, and a port).
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str().to_string())
            .filter(|h| is_host(h))
            .unwrap_or_else(|| shown.clone());
        let site = public.clone().unwrap_or_else(|| format!("http://{host}/"));
        let reply = match request.method() {
            tiny_http::Method::Get | tiny_http::Method::Head => {
                answer(dist, &cards, &site, request.url())
            }
            _ => Reply::text(405, "only GET and HEAD are answered"),
        };
        let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).ok();
        let mut response = tiny_http::Response::from_data(reply.body)
            .with_status_code(reply.status)
            .with_header(header("Content-Type", reply.kind).expect("a valid header"));
        if reply.status == 405 {
            response.add_header(header("Allow", "GET, HEAD").expect("a valid header"));
        }
        if let Some(h) = reply
            .location
            .as_deref()
            .and_then(|l| header("Location", l))
        {
            response.add_header(h);
        }
        // A client that went away is not the server's problem.
        let _ = request.respond(response);
    }
    Ok(())
}

/// An answer to a request.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Its content type.
    pub kind: &'static str,
    /// Where a redirect goes.
    pub location: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, kind: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            kind,
            location: None,
            body: body.into(),
        }
    }
    fn text(status: u16, body: impl Into<String>) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", body.into() + "\n")
    }
}

/// The answer to a GET of `url` (path and query) on a site at `site`.
pub fn answer(dist: &Path, cards: &[Card], site: &str, url: &str) -> Reply {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path = path.trim_start_matches('/');
    if path == "oembed" {
        let mut target = None;
        let (mut w, mut h, mut format) = (None, None, "json".to_string());
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            match &*k {
                "url" => target = Some(v.into_owned()),
                "maxwidth" => w = v.parse().ok(),
                "maxheight" => h = v.parse().ok(),
                "format" => format = v.into_owned(),
                _ => {}
            }
        }
        if format != "json" {
            return Reply::text(501, "only format=json is answered");
        }
        let Some(target) = target else {
            return Reply::text(400, "oembed needs ?url= (a page of this site)");
        };
        return match card_for(cards, site, &target) {
            Some(c) => Reply::new(200, "application/json", c.oembed(site, (w, h)).to_string()),
            None => Reply::text(404, format!("not a page of {site}: {target}")),
        };
    }
    let Ok(path) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Reply::text(400, "a malformed address");
    };
    let path = path.into_owned();
    if !inside(&path) {
        return Reply::text(403, "forbidden");
    }
    let dir = path.is_empty() || path.ends_with('/');
    let file = dist.join(if dir {
        format!("{path}index.html")
    } else {
        path.clone()
    });
    if !dir && file.is_dir() {
        let mut moved = Reply::text(301, format!("moved to /{path}/"));
        // (Encoded again: a header carries no raw byte beyond printable ASCII.)
        let path = percent_encoding::utf8_percent_encode(&path, ENCODED);
        let query = if query.bytes().all(|b| b.is_ascii_graphic()) {
            query
        } else {
            ""
        };
        moved.location =
            Some(format!("/{path}/{}", if query.is_empty() { "" } else { "?" }) + query);
        return moved;
    }
    let (card_path, json) = match path.strip_suffix("oembed.json") {
        Some(p) => (Some(p), true),
        None if dir => (Some(path.as_str()), false),
        None => (path.strip_suffix("index.html"), false),
    };
    let Some(card) = card_path.and_then(|p| cards.iter().find(|c| c.path == p)) else {
        return match fs::read(&file) {
            Ok(body) => Reply::new(200, content_type(&file), body),
            Err(_) => Reply::text(404, "not found"),
        };
    };
    if json {
        let answer = card.oembed(site, (None, None)).to_string();
        return Reply::new(200, "application/json", answer);
    }
    // The page as asked for (its `?tour=1` kept), pointing to the oEmbed answer for it.
    let asked = format!(
        "{site}{path}{}{query}",
        if query.is_empty() { "" } else { "?" }
    );
    let own = card_for(cards, site, &asked).unwrap_or_else(|| card.clone());
    let oembed = format!(
        "{site}oembed?url={}",
        form_urlencoded::byte_serialize(asked.as_bytes()).collect::<String>()
    );
    let head = own.head(site, &oembed);
    let html = match &card.onward {
        Some(_) => card.page(&head),
        None => match fs::read_to_string(&file) {
            Ok(h) => with_head(&h, &head),
            Err(_) => return Reply::text(404, "not found"),
        },
    };
    Reply::new(200, "text/html; charset=utf-8", html)
}

/// Whether a request's `Host` is a host name or address with an optional port, and so may be
/// written into the cards (anything else is ignored for the server's own address).
pub fn is_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
}

/// What a path written into a header encodes: controls, spaces, non-ASCII (always) and what
/// would end a path.
const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`');

/// Whether a decoded request path names something under the served folder: names joined by
/// `/` (a last `/` for a folder), none empty, none hidden or `..`, none with a drive, a
/// backslash or a control character. (`/etc/passwd` decoded from `%2Fetc%2Fpasswd` is not.)
fn inside(path: &str) -> bool {
    let body = path.strip_suffix('/').unwrap_or(path);
    path.is_empty()
        || (!body.is_empty()
            && body.split('/').all(|s| {
                !s.is_empty()
                    && !s.starts_with('.')
                    && !s.contains(['\\', ':'])
                    && !s.chars().any(char::is_control)
            }))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "toml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
