//! Embedding by URL (`archsim site`, `archsim serve`): every lesson's page, preset and tour has
//! a card; writing them twice leaves one set; the server answers what it may and refuses the
//! rest.

#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::PathBuf;

use archsim::lessons::ALL;
use archsim::shell::site::{
    EMBED, answer, card_for, is_host, site_cards, site_url, title_and_description, write,
};

/// A built site in a fresh folder: each lesson's page with a title and a description, and
/// the first lesson's tour.
fn site(name: &str) -> PathBuf {
    let dist = std::env::temp_dir().join(format!("archsim-site-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dist);
    for l in ALL {
        let dir = dist.join(l.page());
        fs::create_dir_all(&dir).unwrap();
        let html = format!(
            "<!doctype html><html lang=en><meta charset=utf-8><title>{0} &amp; co</title>\
             <meta content=\"All about {0}: &quot;why&quot;.\" name=description></head>\
             <body>{0}</body></html>",
            l.name()
        );
        fs::write(dir.join("index.html"), html).unwrap();
    }
    let first = ALL[0];
    let tour = format!("{{\"title\": \"Why {}\"}}", first.name());
    fs::write(
        dist.join(first.page())
            .join(format!("{}.json", first.name())),
        tour,
    )
    .unwrap();
    dist
}

#[test]
fn a_built_page_says_its_title_and_description_either_way_it_is_written() {
    let min = "<title>a &amp; b</title><meta content=\"x &quot;y&quot;\" name=description>";
    let full = "<title>a &amp; b</title><meta name=\"description\" content=\"x &quot;y&quot;\" />";
    for html in [min, full] {
        let got = title_and_description(html).unwrap();
        assert_eq!(got, ("a & b".to_string(), "x \"y\"".to_string()));
    }
    assert_eq!(
        title_and_description("<title>t</title><meta name=viewport>"),
        None
    );
}

#[test]
fn every_lesson_has_a_card_for_its_page_each_preset_and_its_tour() {
    let dist = site("cards");
    let cards = site_cards(&dist, ALL).unwrap();
    let presets: usize = ALL.iter().map(|l| l.gallery().len()).sum();
    assert_eq!(cards.len(), ALL.len() + presets + 1, "one tour was written");
    for l in ALL {
        let page = cards.iter().find(|c| c.path == l.page()).unwrap();
        assert_eq!(page.title, format!("{} & co", l.name()));
        assert_eq!(page.target, format!("{}?embed=1", l.page()));
        for p in l.gallery() {
            let c = cards
                .iter()
                .find(|c| c.path == format!("{}s/{}/", l.page(), p.id))
                .unwrap();
            assert_eq!(c.target, format!("{}?embed=1#{}", l.page(), p.scenario));
            assert_eq!(
                c.onward.as_deref(),
                Some(&*format!("../../#{}", p.scenario))
            );
            assert_eq!(c.description, p.watch);
        }
    }
    let tour = cards.iter().find(|c| c.path.ends_with("tour/")).unwrap();
    assert!(
        tour.title
            .starts_with(&format!("Why {}: a guided tour", ALL[0].name()))
    );
    assert_eq!(tour.target, format!("{}?embed=1&tour=1", ALL[0].page()));
    fs::remove_dir_all(dist).unwrap();
}

#[test]
fn writing_the_cards_twice_leaves_one_set_of_tags() {
    let dist = site("twice");
    let n = write(&dist, "https://course.example/sim", ALL).unwrap();
    write(&dist, "https://course.example/sim/", ALL).unwrap();
    let html = fs::read_to_string(dist.join(ALL[1].page()).join("index.html")).unwrap();
    assert_eq!(html.matches("<!--embed-->").count(), 1);
    assert_eq!(html.matches("og:title").count(), 1);
    let want = format!("https://course.example/sim/{}oembed.json", ALL[1].page());
    assert!(html.contains(&format!("href=\"{want}\"")), "{html}");
    assert!(
        html.ends_with("<body>consensus</body></html>"),
        "the page itself is kept"
    );
    let mut found = 0;
    for c in site_cards(&dist, ALL).unwrap() {
        let json = fs::read_to_string(dist.join(&c.path).join("oembed.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["type"], "rich");
        assert_eq!(
            v["thumbnail_url"],
            format!("https://course.example/sim/{}preview.png", c.path)
        );
        let src = format!(
            "src=\"https://course.example/sim/{}\"",
            c.target.replace('&', "&amp;")
        );
        assert!(v["html"].as_str().unwrap().contains(&src), "{v}");
        found += 1;
    }
    assert_eq!(found, n);
    let presets: usize = ALL.iter().map(|l| l.gallery().len()).sum();
    assert_eq!(
        n,
        ALL.len() + presets + 1,
        "a card per page, preset and the one tour written"
    );
    fs::remove_dir_all(dist).unwrap();
}

#[test]
fn only_an_http_address_is_a_site() {
    assert_eq!(
        site_url("https://a.example/x").unwrap(),
        "https://a.example/x/"
    );
    assert_eq!(
        site_url("http://127.0.0.1:8080/").unwrap(),
        "http://127.0.0.1:8080/"
    );
    for bad in [
        "a.example",
        "ftp://a.example/",
        "https://",
        "https://a.example/?q",
        "http:///x",
    ] {
        assert!(site_url(bad).is_err(), "{bad}");
    }
    let dist = site("bad-url");
    let err = write(&dist, "course.example", ALL).unwrap_err();
    assert!(err.contains("http://"), "{err}");
    assert!(!dist.join("oembed.json").exists(), "nothing is written");
    fs::remove_dir_all(dist).unwrap();
}

#[test]
fn any_scenario_link_on_the_site_has_an_answer_and_no_other_does() {
    let dist = site("any");
    let cards = site_cards(&dist, ALL).unwrap();
    let s = "http://h:1/";
    let page = ALL[2].page();
    let own = card_for(&cards, s, &format!("{s}{page}index.html?tour=1#l=x&seed=4")).unwrap();
    assert_eq!(own.target, format!("{page}?embed=1&tour=1#l=x&seed=4"));
    assert_eq!(card_for(&cards, s, "http://h:1").unwrap().path, "");
    let p = &ALL[1].gallery()[0];
    let preset = format!("{s}{}s/{}/", ALL[1].page(), p.id);
    assert_eq!(card_for(&cards, s, &preset).unwrap().description, p.watch);
    let bare = format!("{s}{}", page.trim_end_matches('/'));
    assert_eq!(
        card_for(&cards, s, &bare).unwrap().path,
        page,
        "a page's address without its slash"
    );
    for not in [
        "http://other:1/",
        "http://h:1/nowhere/",
        "http://h:1/s/no-such-preset/",
    ] {
        assert_eq!(card_for(&cards, s, not), None, "{not}");
    }
    fs::remove_dir_all(dist).unwrap();
}

#[test]
fn the_server_answers_what_it_may_and_refuses_the_rest() {
    let dist = site("serve");
    fs::write(dist.join("file.wasm"), b"\0asm").unwrap();
    let cards = site_cards(&dist, ALL).unwrap();
    let s = "http://h:1/";
    let get = |url: &str| answer(&dist, &cards, s, url);
    let url = form_urlencoded::byte_serialize(format!("{s}#seed=2").as_bytes()).collect::<String>();
    let r = get(&format!("/oembed?url={url}&maxwidth=500&maxheight=2000"));
    assert_eq!((r.status, r.kind), (200, "application/json"));
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(500), Some(u64::from(EMBED.1)))
    );
    assert!(
        v["html"]
            .as_str()
            .unwrap()
            .contains("src=\"http://h:1/?embed=1#seed=2\""),
        "{v}"
    );
    let tiny = get(&format!("/oembed?url={url}&maxwidth=0&maxheight=10"));
    let v: serde_json::Value = serde_json::from_slice(&tiny.body).unwrap();
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(320), Some(240)),
        "never below the smallest embed"
    );
    assert_eq!(get(&format!("/oembed?url={url}&format=xml")).status, 501);
    assert_eq!(get("/oembed").status, 400);
    assert_eq!(get("/oembed?url=http%3A%2F%2Fevil%2F").status, 404);
    assert_eq!(get("/..%2F..%2Fetc/passwd").status, 403);
    // An absolute path decoded from the address is not under the folder, nor a drive.
    for outside in ["/%2Fetc%2Fpasswd", "/%2Ftmp", "/C:%5CWindows", "/a//b"] {
        assert_eq!(get(outside).status, 403, "{outside}");
    }
    // (Leading slashes are the site's root: `//etc/passwd` is dist/etc/passwd, not there.)
    assert_eq!(get("//etc/passwd").status, 404);
    // A name with a line break cannot reach a header; a name with any other letter is
    // encoded there.
    assert_eq!(get("/a%0D%0ASet-Cookie%3A%20x=1").status, 403);
    fs::create_dir_all(dist.join("café")).unwrap();
    let moved = get("/caf%C3%A9?x=1");
    assert_eq!(
        (moved.status, moved.location),
        (301, Some("/caf%C3%A9/?x=1".to_string()))
    );
    assert_eq!(get("/.git/config").status, 403);
    assert_eq!(get("/file.wasm").kind, "application/wasm");
    assert_eq!(get("/missing.js").status, 404);
    let page = ALL[1].page().trim_end_matches('/');
    let moved = get(&format!("/{page}?tour=1"));
    assert_eq!(
        (moved.status, moved.location),
        (301, Some(format!("/{page}/?tour=1")))
    );
    let html = String::from_utf8(get(&format!("/{page}/?tour=1")).body).unwrap();
    assert!(
        html.contains(&format!("content=\"{s}{page}/?embed=1&amp;tour=1\"")),
        "{html}"
    );
    let json = get(&format!("/{page}/oembed.json"));
    assert!(
        String::from_utf8(json.body)
            .unwrap()
            .contains("\"provider_url\":\"http://h:1/\"")
    );
    fs::remove_dir_all(dist).unwrap();
}

#[test]
fn only_a_host_name_or_address_becomes_the_sites_address() {
    for ok in [
        "127.0.0.1:8080",
        "course.example",
        "[::1]:80",
        "a-b.example.org",
    ] {
        assert!(is_host(ok), "{ok}");
    }
    for bad in [
        "",
        "evil.example/x",
        "a\"><script>",
        "a b",
        "x\r\nSet-Cookie: y",
    ] {
        assert!(!is_host(bad), "{bad}");
    }
}
