# archsim — `make serve` and `make test` install whatever is missing, then build and run.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= $(shell command -v chromedriver || echo /usr/bin/chromedriver)
export CHROMIUM ?= $(shell command -v chromium || echo /usr/bin/chromium)
PORT ?= 8080
# The address the site will be served at: the pages' embed cards (oEmbed, Open Graph) name it.
SITE_URL ?= http://127.0.0.1:$(PORT)/
TRUNK_BUILD := trunk build --release --offline --cargo-profile web

.PHONY: serve dist test test-native test-wasm test-e2e lint bench explore tools browser clean tours

## Build the page and serve it on http://127.0.0.1:$(PORT)/
serve: dist
	cargo run --quiet --bin archsim -- serve --dist dist --port $(PORT)

# The lessons, in the course's order: the first one's page is index.html at dist/, each other's
# is <name>.html at dist/<name>/, and each ships tours/<name>.toml.
LESSONS := network consensus timing
LATER := $(wordlist 2,$(words $(LESSONS)),$(LESSONS))

## The release build: dist/ with relative paths, deployable on any static host: the first
## lesson at dist/, each other lesson at dist/<name>/.
## Each page also as one file for use without a server (dist/download/).
## Embeds by URL: each page, preset and tour gets its card for $(SITE_URL) (`archsim site`) and
## a preview image of what it shows (scripts/previews.mjs, headless Chromium).
dist: tools browser
	$(TRUNK_BUILD)
	for l in $(LATER); do $(TRUNK_BUILD) --dist dist/$$l $$l.html || exit 1; done
	node scripts/minify-js.mjs dist $(addprefix dist/,$(LATER))
	cargo run --quiet --bin archsim -- messages i18n $(firstword $(LESSONS))=dist $(foreach l,$(LATER),$(l)=dist/$(l))
	cargo run --quiet --bin archsim -- site --dist dist --url $(SITE_URL)
	node scripts/offline.mjs dist $(addprefix dist/,$(LATER))
	node scripts/previews.mjs dist $(SITE_URL)
	node scripts/single-file.mjs dist dist $(addprefix dist/,$(LATER))

## Every test: lint, native, wasm in headless Chromium, end-to-end on the built dist/.
test: tools browser lint test-native test-wasm dist test-e2e

# Property tests draw a fixed set of cases here, so a run is reproducible; `make explore` draws
# new ones.
PROPTEST_SEED ?= 20261125
test-native:
	PROPTEST_RNG_SEED=$(PROPTEST_SEED) cargo test

## Property tests with fresh random cases, many of them (each failure prints its inputs).
explore:
	PROPTEST_CASES=$${PROPTEST_CASES:-2000} cargo test --release --test properties --test links --test chain_properties

test-wasm:
	cargo test --target wasm32-unknown-unknown --test wasm

# Each test has its own timeout; this bounds the whole run should a browser ever hang.
test-e2e:
	timeout --kill-after=10 1200 node --test --test-concurrency=1 e2e/

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings

## Benchmarks (see BENCHMARKS.md): engine native and in wasm, frames, startup, bundle.
bench: tools browser
	bench/run.sh

## Checks the guided tours against the model and writes the JSON the pages read and the
## English of their words that translations follow (tests/tours.rs fails when tours/*.json or
## i18n/en/tour/*.ftl is not what tours/*.toml says).
tours:
	cargo run --quiet --release --bin archsim -- tour check $(foreach l,$(LESSONS),tours/$(l).toml)
	for t in $(LESSONS); do cargo run --quiet --release --bin archsim -- tour json tours/$$t.toml > tours/$$t.json; done
	for t in $(LESSONS); do cargo run --quiet --release --bin archsim -- tour ftl tours/$$t.toml > i18n/en/tour/$$t.ftl; done

tools:
	@scripts/install-tools.sh

browser:
	@scripts/install-browser.sh

clean:
	cargo clean
	rm -rf dist
