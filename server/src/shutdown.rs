//! Stopping cleanly. A SIGTERM (what service managers and containers send)
//! or Ctrl-C stops the portal accepting connections and lets the requests
//! in progress finish (within a bound); then each background worker ends
//! the round it is in (every unit of its work is one transaction, claimed
//! in the database, so nothing is half done or done twice) and stops.

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Resolves at the first SIGTERM or Ctrl-C.
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "SIGTERM cannot be caught");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => tracing::info!("Ctrl-C received: stopping"),
        _ = terminate => tracing::info!("SIGTERM received: stopping"),
    }
}

/// The background workers, stopped together.
pub struct Workers {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Workers {
    /// No worker yet; the receiver is what each worker watches.
    pub fn new() -> (Workers, watch::Receiver<bool>) {
        let (stop, watch) = watch::channel(false);
        (
            Workers {
                stop,
                tasks: Vec::new(),
            },
            watch,
        )
    }

    /// Keeps a worker's task.
    pub fn add(&mut self, task: JoinHandle<()>) {
        self.tasks.push(task);
    }

    /// Asks every worker to stop after its current round and waits for
    /// them, at most `within`; returns whether they all stopped in time.
    pub async fn stop(self, within: Duration) -> bool {
        let _ = self.stop.send(true);
        let all = futures_join_all(self.tasks);
        tokio::time::timeout(within, all).await.is_ok()
    }
}

async fn futures_join_all(tasks: Vec<JoinHandle<()>>) {
    for task in tasks {
        let _ = task.await;
    }
}

/// Waits `every`, or less when the portal stops; returns whether to stop.
/// (A dropped sender also means stop.)
pub async fn pause(stop: &mut watch::Receiver<bool>, every: Duration) -> bool {
    if *stop.borrow() {
        return true;
    }
    tokio::select! {
        _ = tokio::time::sleep(every) => *stop.borrow(),
        changed = stop.changed() => changed.is_err() || *stop.borrow(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn workers_end_their_round_then_stop() {
        let (mut workers, watch) = Workers::new();
        let rounds = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = rounds.clone();
        let mut stop = watch.clone();
        workers.add(tokio::spawn(async move {
            loop {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if pause(&mut stop, Duration::from_secs(3600)).await {
                    break;
                }
            }
        }));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            workers.stop(Duration::from_secs(5)).await,
            "stopped at once, not after an hour"
        );
        assert_eq!(rounds.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn sigterm_is_caught() {
        let caught = tokio::spawn(signal());
        // Let the handler be installed before the signal is sent.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let status = std::process::Command::new("kill")
            .args(["-s", "TERM", &std::process::id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        tokio::time::timeout(Duration::from_secs(5), caught)
            .await
            .expect("the signal resolves the future")
            .expect("task");
    }
}
