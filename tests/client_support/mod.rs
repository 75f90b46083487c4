//! Shared scaffolding of the native client tests (`tests/client_*.rs`): a scripted facilitator
//! and a virtual clock behind the client's `Platform` trait.
//!
//! - Every `HttpRequest` the client sends is recorded, in order.
//! - `auth/nonce` and `auth/login` are answered automatically (`{"nonce": ...}`,
//!   `{"token": "token-N"}`) unless answers were queued for them.
//! - API calls are answered by a `router` closure when one is set and returns `Some`, else from
//!   the `api_answers` queue; anything else panics with the request (an unexpected call).
//! - `sleep` advances the virtual clock at once and records the delay; `on_sleep` may react
//!   (fire a signal, change what the facilitator answers).
//! - `fetch` can yield `fetch_yields` times before resolving, so that futures polled together
//!   really overlap (single-flight login tests).

#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use compute_horde_sdk::client::{Client, ClientConfig, HttpRequest, HttpResponse, LocalBoxFuture, Platform, Signer, TransportError};
use compute_horde_sdk::core::keys::Keypair;
use serde_json::{json, Value};

pub type Answer = Result<HttpResponse, TransportError>;
pub type Signal = Rc<Cell<bool>>;
pub type Router = Box<dyn FnMut(&HttpRequest) -> Option<Answer>>;
pub type SleepHook = Box<dyn FnMut(f64)>;

pub const BASE: &str = "https://facilitator.computehorde.io/";
pub const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
pub const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
pub const UUID: &str = "7b522daa-e807-4094-8d96-99b9a863f960";
/// The virtual clock starts here (ms since the epoch).
pub const START_MS: f64 = 1_740_000_000_123.0;

pub struct State {
    pub now_ms: Cell<f64>,
    pub sleeps: RefCell<Vec<f64>>,
    pub requests: RefCell<Vec<HttpRequest>>,
    /// Values `random()` returns in turn; `default_random` once they run out.
    pub randoms: RefCell<VecDeque<f64>>,
    pub default_random: Cell<f64>,
    /// When set, every nonce answer carries this nonce (else `nonce-N`).
    pub nonce_value: RefCell<Option<String>>,
    pub nonces_issued: Cell<u32>,
    pub tokens_issued: Cell<u32>,
    pub nonce_answers: RefCell<VecDeque<Answer>>,
    pub login_answers: RefCell<VecDeque<Answer>>,
    pub api_answers: RefCell<VecDeque<Answer>>,
    pub router: RefCell<Option<Router>>,
    pub fetch_yields: Cell<u32>,
    pub on_sleep: RefCell<Option<SleepHook>>,
    /// Fetches refused because their signal had already fired (never recorded as sent).
    pub aborted_fetches: Cell<u32>,
}

#[derive(Clone)]
pub struct FakePlatform(pub Rc<State>);

impl FakePlatform {
    pub fn new() -> Self {
        FakePlatform(Rc::new(State {
            now_ms: Cell::new(START_MS),
            sleeps: RefCell::new(Vec::new()),
            requests: RefCell::new(Vec::new()),
            randoms: RefCell::new(VecDeque::new()),
            default_random: Cell::new(0.5),
            nonce_value: RefCell::new(None),
            nonces_issued: Cell::new(0),
            tokens_issued: Cell::new(0),
            nonce_answers: RefCell::new(VecDeque::new()),
            login_answers: RefCell::new(VecDeque::new()),
            api_answers: RefCell::new(VecDeque::new()),
            router: RefCell::new(None),
            fetch_yields: Cell::new(0),
            on_sleep: RefCell::new(None),
            aborted_fetches: Cell::new(0),
        }))
    }

    pub fn state(&self) -> &State {
        &self.0
    }

    pub fn push(&self, answer: Answer) {
        self.0.api_answers.borrow_mut().push_back(answer);
    }

    pub fn route(&self, router: impl FnMut(&HttpRequest) -> Option<Answer> + 'static) {
        *self.0.router.borrow_mut() = Some(Box::new(router));
    }

    pub fn on_sleep(&self, hook: impl FnMut(f64) + 'static) {
        *self.0.on_sleep.borrow_mut() = Some(Box::new(hook));
    }

    pub fn requests(&self) -> Vec<HttpRequest> {
        self.0.requests.borrow().clone()
    }

    /// `"METHOD /path?query"` of every request sent, in order.
    pub fn lines(&self) -> Vec<String> {
        self.0.requests.borrow().iter().map(line).collect()
    }

    /// The requests that are not `auth/nonce` or `auth/login`.
    pub fn api_requests(&self) -> Vec<HttpRequest> {
        self.0.requests.borrow().iter().filter(|r| !is_auth(r)).cloned().collect()
    }

    pub fn logins(&self) -> usize {
        self.0.requests.borrow().iter().filter(|r| path(r) == "/auth/login").count()
    }

    pub fn sleeps(&self) -> Vec<f64> {
        self.0.sleeps.borrow().clone()
    }

    fn answer(&self, request: &HttpRequest) -> Answer {
        let state = &self.0;
        match path(request).as_str() {
            "/auth/nonce" => {
                if let Some(answer) = state.nonce_answers.borrow_mut().pop_front() {
                    return answer;
                }
                state.nonces_issued.set(state.nonces_issued.get() + 1);
                let nonce = state.nonce_value.borrow().clone().unwrap_or_else(|| format!("nonce-{}", state.nonces_issued.get()));
                ok(200, json!({ "nonce": nonce }))
            }
            "/auth/login" => {
                if let Some(answer) = state.login_answers.borrow_mut().pop_front() {
                    return answer;
                }
                state.tokens_issued.set(state.tokens_issued.get() + 1);
                ok(200, json!({ "token": format!("token-{}", state.tokens_issued.get()) }))
            }
            _ => {
                let routed = state.router.borrow_mut().as_mut().and_then(|route| route(request));
                if let Some(answer) = routed {
                    return answer;
                }
                state.api_answers.borrow_mut().pop_front().unwrap_or_else(|| {
                    panic!("unexpected request {} after {:?}", line(request), state.requests.borrow().iter().map(line).collect::<Vec<_>>())
                })
            }
        }
    }
}

impl Platform for FakePlatform {
    type Signal = Signal;

    fn fetch(&self, request: HttpRequest, signal: Option<&Signal>) -> LocalBoxFuture<'static, Answer> {
        if signal.is_some_and(|s| s.get()) {
            self.0.aborted_fetches.set(self.0.aborted_fetches.get() + 1);
            return Box::pin(async { Err(TransportError::Aborted) });
        }
        let answer = self.answer(&request);
        self.0.requests.borrow_mut().push(request);
        let yields = YieldNow(self.0.fetch_yields.get());
        Box::pin(async move {
            yields.await;
            answer
        })
    }

    fn sleep(&self, ms: f64, _signal: Option<&Signal>) -> LocalBoxFuture<'static, ()> {
        assert!(ms.is_finite() && ms >= 0.0, "bad sleep {ms}");
        self.0.now_ms.set(self.0.now_ms.get() + ms);
        self.0.sleeps.borrow_mut().push(ms);
        // Take the hook out while it runs, so that it may use the platform.
        let hook = self.0.on_sleep.borrow_mut().take();
        if let Some(mut hook) = hook {
            hook(ms);
            let mut slot = self.0.on_sleep.borrow_mut();
            if slot.is_none() {
                *slot = Some(hook);
            }
        }
        Box::pin(async {})
    }

    fn is_aborted(&self, signal: &Signal) -> bool {
        signal.get()
    }

    fn now_ms(&self) -> f64 {
        self.0.now_ms.get()
    }

    fn random(&self) -> f64 {
        self.0.randoms.borrow_mut().pop_front().unwrap_or(self.0.default_random.get())
    }
}

/// A future that is pending `n` times (waking itself) before it resolves.
pub struct YieldNow(pub u32);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

pub fn alice() -> Keypair {
    Keypair::from_uri("//Alice").unwrap()
}

pub fn config() -> ClientConfig {
    ClientConfig::new(BOB)
}

pub fn new_client_with(config: ClientConfig) -> (Client<FakePlatform>, FakePlatform) {
    let platform = FakePlatform::new();
    let signer: Rc<dyn Signer> = Rc::new(alice());
    let client = Client::new(config, signer, platform.clone()).unwrap();
    (client, platform)
}

pub fn new_client() -> (Client<FakePlatform>, FakePlatform) {
    new_client_with(config())
}

pub fn run<T>(future: impl Future<Output = T>) -> T {
    futures_executor::block_on(future)
}

/// A response with a JSON body.
pub fn ok(status: u16, body: Value) -> Answer {
    Ok(HttpResponse { status, body: body.to_string(), retry_after_sec: None })
}

/// A response with a text body.
pub fn text(status: u16, body: &str) -> Answer {
    Ok(HttpResponse { status, body: body.to_string(), retry_after_sec: None })
}

/// The path and query of a request, with a leading `/` (`/api/v1/jobs/?page=1`).
pub fn path(request: &HttpRequest) -> String {
    let rest = request.url.strip_prefix(BASE).unwrap_or_else(|| panic!("request outside the base URL: {}", request.url));
    format!("/{rest}")
}

pub fn line(request: &HttpRequest) -> String {
    format!("{} {}", request.method, path(request))
}

pub fn is_auth(request: &HttpRequest) -> bool {
    path(request).starts_with("/auth/")
}

/// The values of a query parameter, in order (no percent-decoding).
pub fn query_values(request: &HttpRequest, name: &str) -> Vec<String> {
    let Some((_, query)) = request.url.split_once('?') else { return Vec::new() };
    query.split('&').filter_map(|pair| pair.split_once('=')).filter(|(key, _)| *key == name).map(|(_, value)| value.to_string()).collect()
}

/// A current-format job body (as in tests/vectors/responses.json) whose history walks through
/// `statuses`, one second apart.
pub fn job_json(uuid: &str, statuses: &[&str]) -> Value {
    let history: Vec<Value> = statuses
        .iter()
        .enumerate()
        .map(|(i, status)| {
            json!({
                "created_at": format!("2025-02-19T21:20:{:02}.123456Z", i),
                "status": status,
                "metadata": null,
            })
        })
        .collect();
    let ended = statuses.last().is_some_and(|s| ["completed", "failed", "rejected", "horde_failed"].contains(s));
    json!({
        "uuid": uuid,
        "executor_class": "always_on.gpu-24gb",
        "created_at": "2025-02-19T21:20:00.123456Z",
        "docker_image": "backenddevelopersltd/compute-horde-job-echo:v0-latest",
        "job_namespace": "SN123.0",
        "args": ["--block", "10000"],
        "env": {"TEST_ENV": "1"},
        "tag": "",
        "stdout": if ended { "hello from the job\n" } else { "" },
        "stderr": "",
        "artifacts": {},
        "upload_results": {},
        "status_history": history,
    })
}

/// A DRF page of jobs.
pub fn page_json(results: Vec<Value>, next: Option<&str>) -> Value {
    json!({ "count": results.len(), "next": next, "previous": null, "results": results })
}

/// A job UUID made from a number (`00000000-0000-4000-8000-00000000002a` for 42).
pub fn uuid_n(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// The header of a request, or a panic naming what is missing.
pub fn header<'a>(request: &'a HttpRequest, name: &str) -> &'a str {
    request.header(name).unwrap_or_else(|| panic!("{} has no {name} header", line(request)))
}
