//! Frame statistics and the stats overlay (`?stats=1`, or the "Stats" button): frame work time,
//! frame rate, simulation events per second and messages in flight. The benchmarks read the
//! overlay's data attributes.

use crate::sim::small::Dec;
use std::collections::VecDeque;

use yew::prelude::*;

use super::words::{node, ta};
use crate::shell::messages::{dec, int, text};

/// Frames kept for the figures.
const WINDOW: usize = 300;

/// Timings of recent frames.
#[derive(Default)]
pub struct FrameStats {
    /// Work per frame (simulation + scene + paint), ms.
    work: VecDeque<f64>,
    /// Time between frames, ms.
    interval: VecDeque<f64>,
    /// Events processed, and when (ms), at the last rate sample.
    last_events: Option<(u64, f64)>,
    /// Simulation events per real second.
    pub events_per_s: f64,
    /// Frames measured since the last reset.
    pub frames: u64,
}

fn push(q: &mut VecDeque<f64>, v: f64) {
    if q.len() == WINDOW {
        q.pop_front();
    }
    q.push_back(v);
}

fn quantile(q: &VecDeque<f64>, p: f64) -> f64 {
    if q.is_empty() {
        return 0.0;
    }
    let mut v: Vec<f64> = q.iter().copied().collect();
    crate::sim::small::sort_by_key(&mut v, |&x| x);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Milliseconds since navigation.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

impl FrameStats {
    /// Records one frame.
    pub fn frame(&mut self, work_ms: f64, interval_ms: f64, events: u64, at_ms: f64) {
        push(&mut self.work, work_ms);
        if interval_ms > 0.0 {
            push(&mut self.interval, interval_ms);
        }
        self.frames += 1;
        match self.last_events {
            Some((e, t)) if at_ms - t >= 500.0 => {
                self.events_per_s = (events.saturating_sub(e)) as f64 / ((at_ms - t) / 1000.0);
                self.last_events = Some((events, at_ms));
            }
            None => self.last_events = Some((events, at_ms)),
            _ => {}
        }
    }

    /// The figures the overlay shows.
    pub fn summary(&self, in_flight: u64) -> StatsSummary {
        let interval = quantile(&self.interval, 0.5);
        StatsSummary {
            work_p50: quantile(&self.work, 0.5),
            work_p95: quantile(&self.work, 0.95),
            frame_p50: interval,
            frame_p95: quantile(&self.interval, 0.95),
            fps: if interval > 0.0 {
                1000.0 / interval
            } else {
                0.0
            },
            events_per_s: self.events_per_s,
            in_flight,
            frames: self.frames,
        }
    }
}

/// What the overlay shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct StatsSummary {
    /// Median frame work, ms.
    pub work_p50: f64,
    /// 95th percentile frame work, ms.
    pub work_p95: f64,
    /// Median time between frames, ms.
    pub frame_p50: f64,
    /// 95th percentile time between frames, ms.
    pub frame_p95: f64,
    /// Frames per second (from the median frame interval).
    pub fps: f64,
    /// Simulation events per real second, every engine on the page.
    pub events_per_s: f64,
    /// Messages in flight, every engine on the page.
    pub in_flight: u64,
    /// Frames measured.
    pub frames: u64,
}

/// The overlay.
#[function_component]
pub fn StatsOverlay(s: &StatsSummary) -> Html {
    html! {
        <aside class="stats" id="stats" aria-label={ta("stats")}
            data-work-p50={format!("{:.3}", Dec(s.work_p50))} data-work-p95={format!("{:.3}", Dec(s.work_p95))}
            data-frame-p50={format!("{:.3}", Dec(s.frame_p50))} data-frame-p95={format!("{:.3}", Dec(s.frame_p95))}
            data-fps={format!("{:.1}", Dec(s.fps))} data-frames={s.frames.to_string()}
            data-in-flight={s.in_flight.to_string()}>
            <div>{ node(crate::t!("stats-work", p50 = dec(s.work_p50, 1), p95 = dec(s.work_p95, 1))) }</div>
            <div>{ node(crate::t!("stats-fps", fps = dec(s.fps, 0))) }</div>
            <div>{ node(crate::t!("stats-events", rate = text(crate::shell::text::per_second(s.events_per_s)))) }</div>
            <div>{ node(crate::t!("stats-in-flight", n = int(s.in_flight as f64))) }</div>
        </aside>
    }
}
